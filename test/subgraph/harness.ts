/**
 * Shared setup of the subgraph tests: builds the mappings when they are missing or older than
 * their sources (so a fresh `npm test` works), and indexes a Hardhat chain with them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Indexer, type ContractLocation, type RpcProvider } from "../../subgraph/harness/index.js";

export const SUBGRAPH_DIR = resolve(import.meta.dirname, "..", "..", "subgraph");
const MANIFEST = join(SUBGRAPH_DIR, "build", "subgraph.yaml");

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Runs `npm run -w subgraph build` unless build/ is newer than every source. */
export function ensureSubgraphBuilt(): void {
  const sources = [
    join(SUBGRAPH_DIR, "src"),
    join(SUBGRAPH_DIR, "schema.graphql"),
    join(SUBGRAPH_DIR, "scripts"),
    resolve(SUBGRAPH_DIR, "..", "artifacts", "contracts"),
  ].filter(existsSync);
  if (existsSync(MANIFEST) && statSync(MANIFEST).mtimeMs >= Math.max(...sources.map(newestMtime)))
    return;
  const result = spawnSync("npm", ["run", "-w", "subgraph", "build"], {
    cwd: resolve(SUBGRAPH_DIR, ".."),
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`subgraph build failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export function makeIndexer(
  provider: RpcProvider,
  contracts: Record<string, ContractLocation>,
): Indexer {
  return new Indexer({ provider, manifestPath: MANIFEST, contracts });
}

/** The id of an immutable event entity: "<txHash>-<logIndex>" (subgraph/src/ids.ts). */
export function eventEntityId(txHash: string, logIndex: number): string {
  return `${txHash.toLowerCase()}-${logIndex}`;
}
