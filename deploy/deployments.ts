/**
 * `deployments/<chainId>.json`: the single source of addresses, deploy blocks and transaction
 * hashes for the SDK and the subgraph. Later deploy steps add their contracts with
 * {@link recordContracts}; a deploy of another preset on the same chain replaces the file.
 *
 * ```json
 * { "chainId": 11155111, "network": "sepolia", "preset": "chainflix", "startBlock": 123,
 *   "contracts": { "AuteurToken": { "address": "0x...", "blockNumber": 124, "txHash": "0x..." } } }
 * ```
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Provider } from "ethers";

export const DEPLOYMENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "deployments");

export interface ContractRecord {
  address: string;
  blockNumber: number;
  txHash: string;
}

/** What a deploy step knows before its contracts are recorded (extra keys are kept as given). */
export interface DeploymentBase {
  chainId: number;
  network: string;
  preset: string;
  deployer: string;
  /** Free-form, per-step extra data (e.g. the token's allocation table). */
  [extra: string]: unknown;
}

export interface DeploymentRecord extends DeploymentBase {
  /** Lowest deploy block of the listed contracts (the subgraph's start block). */
  startBlock: number;
  updatedAt: string;
  contracts: Record<string, ContractRecord>;
}

/**
 * Finds the creation transaction of each address among the transactions of `fromBlock..latest`,
 * except those `known` already records at the same address (contracts an earlier run deployed).
 * Throws if an address was found in neither.
 */
export async function findCreations(
  provider: Provider,
  addresses: Record<string, string>,
  fromBlock: number,
  known: Record<string, ContractRecord> = {},
): Promise<Record<string, ContractRecord>> {
  const found: Record<string, ContractRecord> = {};
  // A contract Ignition reused from an earlier run keeps the record of that run.
  for (const [name, address] of Object.entries(addresses)) {
    const previous = known[name];
    if (previous !== undefined && previous.address.toLowerCase() === address.toLowerCase()) {
      found[name] = previous;
    }
  }
  const wanted = new Map(
    Object.entries(addresses)
      .filter(([name]) => found[name] === undefined)
      .map(([name, a]) => [a.toLowerCase(), name]),
  );
  const latest = await provider.getBlockNumber();
  for (
    let n = fromBlock;
    n <= latest && Object.keys(found).length < Object.keys(addresses).length;
    n++
  ) {
    const block = await provider.getBlock(n, true);
    if (block === null) continue;
    for (const tx of block.prefetchedTransactions) {
      if (tx.to !== null) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      const created = receipt?.contractAddress?.toLowerCase();
      const name = created === undefined ? undefined : wanted.get(created);
      if (name !== undefined && receipt !== null) {
        found[name] = {
          address: receipt.contractAddress as string,
          blockNumber: receipt.blockNumber,
          txHash: receipt.hash,
        };
      }
    }
  }
  const missing = Object.keys(addresses).filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `No creation transaction for ${missing.join(", ")} in blocks ${fromBlock}..${latest}; ` +
        `they were deployed earlier (Ignition reused them): delete ignition/deployments/<id> to redeploy`,
    );
  }
  return found;
}

/** Path of the record for `chainId`. */
export function deploymentPath(chainId: number | bigint, dir: string = DEPLOYMENTS_DIR): string {
  return join(dir, `${chainId}.json`);
}

/** Reads `deployments/<chainId>.json`, or undefined when there is none. */
export function readDeployment(
  chainId: number | bigint,
  dir: string = DEPLOYMENTS_DIR,
): DeploymentRecord | undefined {
  const path = deploymentPath(chainId, dir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as DeploymentRecord;
}

/**
 * Adds (or replaces) `contracts` in the record of `base.chainId` and writes it atomically. A
 * record of another preset is replaced as a whole. Keys are sorted so diffs stay readable.
 */
export function recordContracts(
  base: DeploymentBase,
  contracts: Record<string, ContractRecord>,
  dir: string = DEPLOYMENTS_DIR,
): DeploymentRecord {
  const previous = readDeployment(base.chainId, dir);
  const kept = previous !== undefined && previous.preset === base.preset ? previous : undefined;
  const merged = { ...(kept?.contracts ?? {}), ...contracts };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  const record: DeploymentRecord = {
    ...(kept ?? {}),
    ...base,
    startBlock: Math.min(...Object.values(sorted).map((c) => c.blockNumber)),
    updatedAt: new Date().toISOString(),
    contracts: sorted,
  };
  mkdirSync(dir, { recursive: true });
  const path = deploymentPath(base.chainId, dir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, jsonBigInt, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return record;
}

function jsonBigInt(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
