/**
 * Prepares `graph codegen` / `graph build`: copies the ABIs of every data source from the Hardhat
 * artifacts into subgraph/abis/ and writes subgraph/subgraph.yaml from deployments/<chainId>.json.
 *
 *   npx tsx subgraph/scripts/prepare.ts [--chain 31337] [--deployments ../deployments]
 *
 * Without a deployment file for the chain the manifest is a template (zero addresses, start block
 * 0): enough to compile the mappings, which is what CI and the harness need (the harness takes the
 * addresses of the chain it indexes at run time). Each deployment key `Vesting_<trancheId>` adds
 * a data source of the `VestingWallet` template (see TemplateSpec in dataSources.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { DATA_SOURCES, NETWORKS, TEMPLATES, templateOf } from "./dataSources.js";

const subgraphDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rootDir = resolve(subgraphDir, "..");

export interface AbiParam {
  type: string;
  indexed?: boolean;
  components?: AbiParam[];
}
export interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}
/** The part of deployments/<chainId>.json the manifest needs. */
export interface Deployment {
  chainId: number;
  contracts: Record<string, { address: string; blockNumber: number; txHash?: string }>;
  /** the genesis allocation table (`tranche`, `label`, ...) when the deploy recorded it */
  allocation?: unknown;
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

export class PrepareError extends Error {
  override name = "PrepareError";
}

function fail(message: string): never {
  throw new PrepareError(message);
}

/** A deployment's allocation table row (deploy/deploy.ts writes it; other deploys may not). */
interface AllocationRow {
  tranche: string;
  label?: string;
}

/** The ABI key of an item: kind, name and input types (`function release(address)`). */
function abiKey(item: AbiItem): string {
  return `${item.type} ${item.name ?? ""}(${(item.inputs ?? []).map(canonicalType).join(",")})`;
}

/**
 * The union of `abis`: every event, function and error once (the first one seen), no
 * constructor. Throws unless each of `events` is declared once, with the same signature, by
 * every ABI, so the template's handlers fit each contract it covers.
 */
export function unionAbi(name: string, abis: AbiItem[][], events: string[]): AbiItem[] {
  for (const event of events) {
    const signatures = abis.map((abi) => {
      const matches = abi.filter((item) => item.type === "event" && item.name === event);
      if (matches.length !== 1) fail(`${name}: an ABI has ${matches.length} events named ${event}`);
      return manifestSignature(matches[0]);
    });
    if (new Set(signatures).size !== 1) {
      fail(`${name}: the contracts declare ${event} differently: ${signatures.join(" vs ")}`);
    }
  }
  const seen = new Map<string, AbiItem>();
  for (const item of abis.flat()) {
    if (item.type === "constructor") continue;
    const key = abiKey(item);
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

function eventHandlers(
  name: string,
  abi: AbiItem[],
  events: string[],
  receiptEvents: string[] = [],
): Record<string, unknown>[] {
  return events.map((event) => {
    const matches = abi.filter((item) => item.type === "event" && item.name === event);
    if (matches.length !== 1) fail(`${name} has ${matches.length} events named ${event}`);
    const handler: Record<string, unknown> = {
      event: manifestSignature(matches[0]),
      handler: `handle${event}`,
    };
    if (receiptEvents.includes(event)) handler.receipt = true;
    return handler;
  });
}

export interface PreparedSubgraph {
  /** subgraph.yaml as an object */
  manifest: Record<string, unknown>;
  /** abis/<name>.json to write */
  abis: Record<string, AbiItem[]>;
  /** data sources with a template address (no deployment record for them) */
  templated: number;
  /** data sources left out: no artifact yet */
  skipped: string[];
}

/**
 * The manifest and ABIs for `network` from `deployment` (or a template manifest without one):
 * one data source per DATA_SOURCES entry, one template per TEMPLATES entry, and one data source
 * per deployment key `<prefix><id>` of a template (see TemplateSpec).
 */
export function prepareSubgraph(
  network: string,
  deployment: Deployment | undefined,
  artifactsDir: string,
  schema: string,
): PreparedSubgraph {
  const entities = [...schema.matchAll(/^type\s+(\w+)\s+@entity/gm)].map((m) => m[1]);
  const readAbi = (artifact: string): AbiItem[] | undefined => {
    const path = join(artifactsDir, artifact);
    if (!existsSync(path)) return undefined;
    return (JSON.parse(readFileSync(path, "utf8")) as { abi: AbiItem[] }).abi;
  };
  const mapping = (abi: string, file: string, handlers: Record<string, unknown>[]) => ({
    kind: "ethereum/events",
    apiVersion: "0.0.9",
    language: "wasm/assemblyscript",
    entities,
    abis: [{ name: abi, file: `./abis/${abi}.json` }],
    eventHandlers: handlers,
    file: `./${file}`,
  });

  const abis: Record<string, AbiItem[]> = {};
  const dataSources = [];
  const skipped: string[] = [];
  let templated = 0;
  for (const spec of DATA_SOURCES) {
    const abi = readAbi(spec.artifact);
    if (abi === undefined) {
      if (spec.name === DATA_SOURCES[0].name) {
        fail(`${join(artifactsDir, spec.artifact)} is missing: run \`npx hardhat build\` first`);
      }
      // a contract that has not landed yet: its data source is left out, loudly
      skipped.push(spec.name);
      continue;
    }
    abis[spec.name] = abi;
    const handlers = eventHandlers(spec.name, abi, spec.events, spec.receiptEvents);
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
      mapping: mapping(spec.name, spec.mapping, handlers),
    });
  }

  const templates = [];
  const labels = new Map(
    ((deployment?.allocation as AllocationRow[] | undefined) ?? []).map((row) => [
      row.tranche,
      row.label,
    ]),
  );
  for (const spec of TEMPLATES) {
    const parts = spec.artifacts.map(readAbi);
    if (parts.some((abi) => abi === undefined)) {
      skipped.push(spec.name);
      continue;
    }
    const abi = unionAbi(spec.name, parts as AbiItem[][], spec.events);
    abis[spec.name] = abi;
    const handlers = eventHandlers(spec.name, abi, spec.events);
    templates.push({
      kind: "ethereum",
      name: spec.name,
      network,
      source: { abi: spec.name },
      mapping: mapping(spec.name, spec.mapping, handlers),
    });
    const members = Object.entries(deployment?.contracts ?? {})
      .filter(([key]) => templateOf(key)?.template === spec)
      .sort(([a], [b]) => a.localeCompare(b));
    for (const [key, deployed] of members) {
      const { context } = templateOf(key, labels.get(key.slice(spec.prefix.length)))!;
      dataSources.push({
        kind: "ethereum",
        name: key,
        network,
        context,
        source: { address: deployed.address, abi: spec.name, startBlock: deployed.blockNumber },
        mapping: mapping(spec.name, spec.mapping, handlers),
      });
    }
  }

  const manifest: Record<string, unknown> = {
    specVersion: "1.2.0",
    description: "Auteur: media copyright and creator rewards",
    repository: "https://github.com/auteur-protocol/auteur",
    schema: { file: "./schema.graphql" },
    indexerHints: { prune: "auto" },
    dataSources,
  };
  if (templates.length > 0) manifest.templates = templates;
  return { manifest, abis, templated, skipped };
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
  const prepared = prepareSubgraph(
    network,
    deployment,
    join(rootDir, "artifacts", "contracts"),
    schema,
  );
  for (const name of prepared.skipped) {
    console.warn(`subgraph prepare: ${name} skipped, no artifact for it in artifacts/contracts/`);
  }
  mkdirSync(join(subgraphDir, "abis"), { recursive: true });
  for (const [name, abi] of Object.entries(prepared.abis)) {
    writeFileSync(join(subgraphDir, "abis", `${name}.json`), JSON.stringify(abi, null, 2) + "\n");
  }
  const header =
    `# Generated by scripts/prepare.ts for chain ${chainId} (${network}) from ` +
    `${deployment ? `deployments/${chainId}.json` : "the template (no deployment file)"}. Do not edit.\n`;
  writeFileSync(
    join(subgraphDir, "subgraph.yaml"),
    header + stringify(prepared.manifest, { lineWidth: 0 }),
  );
  const dataSources = prepared.manifest.dataSources as unknown[];
  const templates = (prepared.manifest.templates as unknown[] | undefined) ?? [];
  console.log(
    `subgraph.yaml: ${dataSources.length} data sources and ${templates.length} ` +
      `template${templates.length === 1 ? "" : "s"} on ${network}` +
      (prepared.templated > 0
        ? `, ${prepared.templated} with template addresses (no deployment for them)`
        : ""),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    if (!(e instanceof PrepareError)) throw e;
    console.error(`subgraph prepare: ${e.message}`);
    process.exitCode = 2;
  }
}
