/**
 * Shared plumbing of the chain verbs of the `auteur` CLI: connection flags (`--rpc-url`,
 * `--private-key`, `--deployments`, `--json`), the client, output and the "next step" line.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, getAddress } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { createAuteurClient, type AuteurClientWithActions } from "../index.js";
import { readDeploymentsFile } from "./deploymentsFile.js";

/** The flags every chain verb accepts (merge into a `parseArgs` options object). */
export const CHAIN_OPTIONS = {
  "rpc-url": { type: "string" },
  "private-key": { type: "string" },
  deployments: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Help text of the connection flags. */
export const CHAIN_HELP = `Connection:
  --rpc-url URL         JSON-RPC endpoint (env AUTEUR_RPC_URL; default http://127.0.0.1:8545)
  --private-key KEY     sender's key (env AUTEUR_PRIVATE_KEY); read-only verbs need none
  --deployments FILE    deployments record (default deployments/<chainId>.json)
  --json                one JSON object on stdout instead of text`;

/** Parsed connection flags. */
export interface ChainFlags {
  "rpc-url"?: string;
  "private-key"?: string;
  deployments?: string;
  json?: boolean;
}

/** Connects a client from the flags, with errors that name the fix. */
export async function connect(
  flags: ChainFlags,
  options: { needsSigner?: boolean } = {},
): Promise<AuteurClientWithActions> {
  const url = flags["rpc-url"] ?? process.env.AUTEUR_RPC_URL ?? "http://127.0.0.1:8545";
  const provider = new JsonRpcProvider(url, undefined, {
    polling: true,
    pollingInterval: 250,
    cacheTimeout: -1,
  });
  let chainId: bigint;
  try {
    chainId = (await provider.getNetwork()).chainId;
  } catch (cause) {
    provider.destroy();
    throw new AuteurInputError("RPC_UNREACHABLE", `no JSON-RPC node answers at ${url}`, {
      hints: ["start one (`npx hardhat node`) or pass --rpc-url / set AUTEUR_RPC_URL"],
      cause,
    });
  }
  const key = flags["private-key"] ?? process.env.AUTEUR_PRIVATE_KEY;
  if (options.needsSigner && key === undefined) {
    provider.destroy();
    throw new AuteurInputError(
      "NO_PRIVATE_KEY",
      "this command sends a transaction and needs a key",
      {
        hints: ["pass --private-key 0x... or set AUTEUR_PRIVATE_KEY"],
      },
    );
  }
  const signer = key === undefined ? undefined : walletOf(key, "--private-key").connect(provider);
  const path = flags.deployments ?? join("deployments", `${chainId}.json`);
  if (!existsSync(path)) {
    provider.destroy();
    throw new AuteurInputError(
      "DEPLOYMENTS_MISSING",
      `no deployments file ${path} for chain ${chainId}`,
      {
        hints: ["deploy first (`auteur deploy`) or pass --deployments FILE"],
      },
    );
  }
  const deployments = await readDeploymentsFile(path);
  try {
    return await createAuteurClient({ provider, ...(signer ? { signer } : {}), deployments });
  } catch (error) {
    provider.destroy();
    throw error;
  }
}

/** A wallet from a hex key, or an input error naming the flag. */
export function walletOf(key: string, flag: string): Wallet {
  try {
    return new Wallet(key.startsWith("0x") ? key : `0x${key}`);
  } catch (cause) {
    throw new AuteurInputError("PRIVATE_KEY_INVALID", `${flag} is not a 32-byte hex private key`, {
      hints: [`pass ${flag} 0x<64 hex digits>`],
      cause,
    });
  }
}

/** Closes the client's provider so the process can exit. */
export function disconnect(client: AuteurClientWithActions): void {
  (client.provider as JsonRpcProvider).destroy?.();
}

/** A bigint flag (decimal or 0x hex), or an input error naming it. */
export function bigintFlag(value: string | undefined, flag: string, fallback?: bigint): bigint {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new AuteurInputError("FLAG_MISSING", `${flag} is required`, {
      hints: [`pass ${flag} <number>`],
    });
  }
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be a whole number, got "${value}"`, {
      hints: [`pass ${flag} <number> (decimal or 0x hex)`],
    });
  }
  return BigInt(value);
}

/** A token amount: `1.5` whole tokens (18 decimals) or `1500000000000000000wei`. */
export function amountFlag(value: string | undefined, flag: string): bigint {
  if (value === undefined) {
    throw new AuteurInputError("FLAG_MISSING", `${flag} is required`, {
      hints: [`pass ${flag} <amount>`],
    });
  }
  if (/^[0-9]+wei$/.test(value)) return BigInt(value.slice(0, -3));
  const m = /^([0-9]+)(?:\.([0-9]{1,18}))?$/.exec(value);
  if (m === null) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be an amount like 2.5 or 2500wei`, {
      hints: [`pass ${flag} <tokens>`],
    });
  }
  return BigInt(m[1] as string) * 10n ** 18n + BigInt((m[2] ?? "").padEnd(18, "0"));
}

/** An address flag, checksummed. */
export function addressFlag(value: string | undefined, flag: string): string {
  try {
    return getAddress(value ?? "");
  } catch (cause) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be an address, got "${value ?? ""}"`, {
      hints: [`pass ${flag} 0x<40 hex digits>`],
      cause,
    });
  }
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Prints the result (JSON or text lines) and the last line naming what to run next. */
export function report(
  json: boolean | undefined,
  result: Record<string, unknown>,
  lines: string[],
  next: string,
): void {
  if (json) {
    console.log(toJson({ ...result, next }));
    return;
  }
  for (const line of lines) console.log(line);
  console.log(`Next: ${next}`);
}
