/**
 * Shared setup of the subgraph tests: builds the mappings when they are missing or older than
 * their sources (so a fresh `npm test` works), and indexes a Hardhat chain with them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { DATA_SOURCES, TEMPLATES, templateOf } from "../../subgraph/scripts/dataSources.js";
import { unionAbi, type AbiItem } from "../../subgraph/scripts/prepare.js";
import { Indexer, type ContractLocation, type RpcProvider } from "../../subgraph/harness/index.js";

export const SUBGRAPH_DIR = resolve(import.meta.dirname, "..", "..", "subgraph");
const MANIFEST = join(SUBGRAPH_DIR, "build", "subgraph.yaml");

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/**
 * True when build/ is missing or older than the subgraph's own sources, or when the ABI a data
 * source was compiled against (build/<Name>/<Name>.json) differs from its Hardhat artifact
 * (contracts recompiled by others touch artifacts/ often, so modification times say nothing).
 */
function isStale(): boolean {
  if (!existsSync(MANIFEST)) return true;
  const built = statSync(MANIFEST).mtimeMs;
  const sources = ["src", "schema.graphql", "scripts"].map((p) => join(SUBGRAPH_DIR, p));
  if (Math.max(...sources.map(newestMtime)) > built) return true;
  for (const spec of DATA_SOURCES) {
    const artifact = resolve(SUBGRAPH_DIR, "..", "artifacts", "contracts", spec.artifact);
    // the ABI `graph build` compiled against (abis/ alone may be newer than a failed build)
    const compiledAbi = join(SUBGRAPH_DIR, "build", spec.name, `${spec.name}.json`);
    if (!existsSync(artifact)) continue;
    if (!existsSync(compiledAbi)) return true;
    const current = JSON.stringify(
      (JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown }).abi,
    );
    if (current !== JSON.stringify(JSON.parse(readFileSync(compiledAbi, "utf8")))) return true;
  }
  for (const spec of TEMPLATES) {
    const artifacts = spec.artifacts.map((a) =>
      resolve(SUBGRAPH_DIR, "..", "artifacts", "contracts", a),
    );
    if (!artifacts.every((a) => existsSync(a))) continue;
    // graph build writes a template's ABI to build/<template>/<abi>.json
    const compiledAbi = join(SUBGRAPH_DIR, "build", spec.name, `${spec.name}.json`);
    if (!existsSync(compiledAbi)) return true;
    const abis = artifacts.map(
      (a) => (JSON.parse(readFileSync(a, "utf8")) as { abi: AbiItem[] }).abi,
    );
    const current = JSON.stringify(unionAbi(spec.name, abis, spec.events));
    if (current !== JSON.stringify(JSON.parse(readFileSync(compiledAbi, "utf8")))) return true;
  }
  return false;
}

/** Runs `npm run -w subgraph build` when the build is stale (a fresh `npm test` builds it). */
export function ensureSubgraphBuilt(): void {
  if (!isStale()) return;
  const result = spawnSync("npm", ["run", "-w", "subgraph", "build"], {
    cwd: resolve(SUBGRAPH_DIR, ".."),
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`subgraph build failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * An indexer of exactly `contracts` (data source name -> location). A name `<prefix><id>` of a
 * template (`Vesting_team`) is indexed with that template's mapping and the context
 * (`trancheId`) its static data source would declare, whatever deployment the manifest was built
 * from.
 */
export function makeIndexer(
  provider: RpcProvider,
  contracts: Record<string, ContractLocation>,
  options: { reuseInstances?: boolean } = {},
): Indexer {
  const located = Object.fromEntries(
    Object.entries(contracts).map(([name, location]) => {
      const member = templateOf(name);
      if (member === undefined || location.template !== undefined) return [name, location];
      return [name, { template: member.template.name, context: member.context, ...location }];
    }),
  );
  // only the contracts the test deployed: a local deployments/31337.json may name others
  return new Indexer({
    provider,
    manifestPath: MANIFEST,
    contracts: located,
    onlyListed: true,
    ...options,
  });
}

/** The id of an immutable event entity: "<txHash>-<logIndex>" (subgraph/src/ids.ts). */
export function eventEntityId(txHash: string, logIndex: number): string {
  return `${txHash.toLowerCase()}-${logIndex}`;
}
