/**
 * Prepares `graph codegen` / `graph build`: copies the ABIs of every data source from the Hardhat
 * artifacts into subgraph/abis/ and writes subgraph/subgraph.yaml from deployments/<chainId>.json.
 *
 *   npx tsx subgraph/scripts/prepare.ts [--chain 31337] [--deployments ../deployments]
 *
 * Without a deployment file for the chain the manifest is a template (zero addresses, start block
 * 0): enough to compile the mappings, which is what CI and the harness need (the harness takes the
 * addresses of the chain it indexes at run time).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { DATA_SOURCES, NETWORKS } from "./dataSources.js";

const subgraphDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rootDir = resolve(subgraphDir, "..");

interface AbiParam {
  type: string;
  indexed?: boolean;
  components?: AbiParam[];
}
interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}
interface Deployment {
  chainId: number;
  contracts: Record<string, { address: string; blockNumber: number; txHash?: string }>;
}

/** A parameter's canonical type with tuples spelled out: `(uint256,address)[]`. */
function canonicalType(param: AbiParam): string {
  if (!param.type.startsWith("tuple")) return param.type;
  const inner = (param.components ?? []).map(canonicalType).join(",");
  return `(${inner})${param.type.slice("tuple".length)}`;
}

/** The manifest's event signature: `Transfer(indexed address,indexed address,uint256)`. */
export function manifestSignature(event: AbiItem): string {
  const params = (event.inputs ?? []).map((p) => (p.indexed ? "indexed " : "") + canonicalType(p));
  return `${event.name}(${params.join(",")})`;
}

function fail(message: string): never {
  console.error(`subgraph prepare: ${message}`);
  process.exit(2);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      chain: { type: "string", default: process.env.SUBGRAPH_CHAIN_ID ?? "31337" },
      deployments: { type: "string", default: join(rootDir, "deployments") },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log("usage: tsx subgraph/scripts/prepare.ts [--chain <chainId>] [--deployments <dir>]");
    return;
  }
  const chainId = values.chain!;
  const network = NETWORKS[chainId];
  if (network === undefined) {
    fail(
      `unknown chain ${chainId}; known: ${Object.keys(NETWORKS).join(", ")} (edit scripts/dataSources.ts)`,
    );
  }
  const deploymentFile = join(values.deployments!, `${chainId}.json`);
  const deployment: Deployment | undefined = existsSync(deploymentFile)
    ? (JSON.parse(readFileSync(deploymentFile, "utf8")) as Deployment)
    : undefined;

  const schema = readFileSync(join(subgraphDir, "schema.graphql"), "utf8");
  const entities = [...schema.matchAll(/^type\s+(\w+)\s+@entity/gm)].map((m) => m[1]);

  mkdirSync(join(subgraphDir, "abis"), { recursive: true });
  const dataSources = [];
  let templated = 0;
  for (const spec of DATA_SOURCES) {
    const artifactPath = join(rootDir, "artifacts", "contracts", spec.artifact);
    if (!existsSync(artifactPath)) {
      if (spec.name === DATA_SOURCES[0].name) {
        fail(`${artifactPath} is missing: run \`npx hardhat build\` first`);
      }
      // a contract that has not landed yet: its data source is left out, loudly
      console.warn(`subgraph prepare: ${spec.name} skipped, no artifact at ${artifactPath}`);
      continue;
    }
    const abi = (JSON.parse(readFileSync(artifactPath, "utf8")) as { abi: AbiItem[] }).abi;
    writeFileSync(
      join(subgraphDir, "abis", `${spec.name}.json`),
      JSON.stringify(abi, null, 2) + "\n",
    );
    const eventHandlers = spec.events.map((name) => {
      const matches = abi.filter((item) => item.type === "event" && item.name === name);
      if (matches.length !== 1) fail(`${spec.name} has ${matches.length} events named ${name}`);
      const handler: Record<string, unknown> = {
        event: manifestSignature(matches[0]),
        handler: `handle${name}`,
      };
      if (spec.receiptEvents?.includes(name)) handler.receipt = true;
      return handler;
    });
    const deployed = deployment?.contracts[spec.name];
    if (deployed === undefined) templated += 1;
    dataSources.push({
      kind: "ethereum",
      name: spec.name,
      network,
      source: {
        address: deployed?.address ?? "0x0000000000000000000000000000000000000000",
        abi: spec.name,
        startBlock: deployed?.blockNumber ?? 0,
      },
      mapping: {
        kind: "ethereum/events",
        apiVersion: "0.0.9",
        language: "wasm/assemblyscript",
        entities,
        abis: [{ name: spec.name, file: `./abis/${spec.name}.json` }],
        eventHandlers,
        file: `./${spec.mapping}`,
      },
    });
  }
  const manifest = {
    specVersion: "1.2.0",
    description: "Auteur: media copyright and creator rewards",
    repository: "https://github.com/auteur-protocol/auteur",
    schema: { file: "./schema.graphql" },
    indexerHints: { prune: "auto" },
    dataSources,
  };
  const header =
    `# Generated by scripts/prepare.ts for chain ${chainId} (${network}) from ` +
    `${deployment ? `deployments/${chainId}.json` : "the template (no deployment file)"}. Do not edit.\n`;
  writeFileSync(join(subgraphDir, "subgraph.yaml"), header + stringify(manifest, { lineWidth: 0 }));
  console.log(
    `subgraph.yaml: ${dataSources.length} data sources on ${network}` +
      (templated > 0 ? `, ${templated} with template addresses (no deployment for them)` : ""),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
