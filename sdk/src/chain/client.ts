/**
 * `createAuteurClient`: one object holding the provider/signer, the chain's deployments and typed
 * actions for everything a dApp does with Auteur's contracts (viem-like: each action also exists as
 * a standalone function under `actions/`).
 */
import {
  Contract,
  type ContractRunner,
  type InterfaceAbi,
  type Log,
  type LogDescription,
  type Provider,
  type Signer,
  type TransactionReceipt,
} from "ethers";
import { AuteurError, AuteurInputError } from "../errors.js";
import { addressOf, parseDeployments, type Deployments } from "./deployments.js";
import { toAuteurError, withDecodedErrors } from "./errors.js";
import { abis, type ContractName } from "./generated/index.js";

/** Parameters of {@link createAuteurClient}: a provider or a signer, deployments or a chain id. */
export interface CreateAuteurClientParameters {
  /** Read-only access (actions that send need `signer`). */
  provider?: Provider;
  /** Sends transactions; its provider is used when `provider` is absent. */
  signer?: Signer;
  /** The parsed `deployments/<chainId>.json` record. */
  deployments?: Deployments | unknown;
  /**
   * Load `deployments/<chainId>.json` from `deploymentsDir` (Node only). When neither this nor
   * `deployments` is given, the provider's chain id is used.
   */
  chainId?: bigint | number;
  /** Directory of deployments files (Node only; default `./deployments`). */
  deploymentsDir?: string;
}

/** A connected client: contracts by name, the chain id, and helpers the actions share. */
export interface AuteurClient {
  readonly chainId: bigint;
  readonly provider: Provider;
  readonly signer: Signer | undefined;
  readonly deployments: Deployments;
  /** An ethers contract of `name` connected to the signer (or the provider). */
  contract(name: ContractName): Contract;
  /** The address of `name` in the deployments. */
  address(name: ContractName): string;
  /** The signer's address, or an error naming the fix. */
  account(): Promise<string>;
  /** The signer, or an error naming the fix. */
  requireSigner(action: string): Signer;
}

async function loadDeploymentsFile(chainId: bigint, dir: string): Promise<Deployments> {
  // Kept out of static imports so `@auteur/sdk/chain` bundles for browsers.
  const fsName = "node:fs/promises";
  const pathName = "node:path";
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import("node:fs/promises");
  const path = (await import(/* @vite-ignore */ pathName)) as typeof import("node:path");
  const file = path.join(dir, `${chainId}.json`);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (cause) {
    throw new AuteurInputError(
      "DEPLOYMENTS_MISSING",
      `no deployments file for chain ${chainId} at ${file}`,
      {
        details: { chainId, file },
        hints: ["deploy first (`auteur deploy --rpc-url ...`) or pass --deployments <file>"],
        cause,
      },
    );
  }
  return parseDeployments(JSON.parse(text), file);
}

/**
 * Creates the client core (no bound actions); use {@link createAuteurClient} from the index.
 *
 * @example
 * ```ts
 * import { JsonRpcProvider, Wallet } from "ethers";
 * import { createAuteurClient } from "@auteur/sdk/chain";
 * const provider = new JsonRpcProvider("http://127.0.0.1:8545");
 * const client = await createAuteurClient({ signer: new Wallet(key, provider) });
 * const owned = await client.hasLicence({ workId: 1n, account: "0x...", kind: "RoyaltyFree" });
 * ```
 */
export async function createClientCore(p: CreateAuteurClientParameters): Promise<AuteurClient> {
  const provider = p.provider ?? p.signer?.provider ?? undefined;
  if (provider === undefined || provider === null) {
    throw new AuteurInputError(
      "NO_PROVIDER",
      "createAuteurClient needs a provider or a connected signer",
      {
        hints: ["pass `provider` (e.g. new JsonRpcProvider(url)) or a signer connected to one"],
      },
    );
  }
  const network = await withDecodedErrors("read the chain id", () => provider.getNetwork());
  const chainId = network.chainId;
  let deployments: Deployments;
  if (p.deployments !== undefined) {
    deployments = parseDeployments(p.deployments);
  } else {
    deployments = await loadDeploymentsFile(
      BigInt(p.chainId ?? chainId),
      p.deploymentsDir ?? "deployments",
    );
  }
  if (BigInt(deployments.chainId) !== chainId) {
    throw new AuteurInputError(
      "CHAIN_MISMATCH",
      `the deployments are for chain ${deployments.chainId} but the provider is on chain ${chainId}`,
      {
        details: { deployments: deployments.chainId, provider: chainId },
        hints: ["pass the deployments file of this chain, or the RPC URL of its chain"],
      },
    );
  }
  const runner: ContractRunner = p.signer ?? provider;
  const cache = new Map<ContractName, Contract>();
  const requireSigner = (action: string): Signer => {
    if (p.signer === undefined) {
      throw new AuteurInputError("NO_SIGNER", `${action} sends a transaction and needs a signer`, {
        hints: ["pass `signer` to createAuteurClient (CLI: --private-key or AUTEUR_PRIVATE_KEY)"],
      });
    }
    return p.signer;
  };
  return {
    chainId,
    provider,
    signer: p.signer,
    deployments,
    address: (name) => addressOf(deployments, name),
    contract(name) {
      let c = cache.get(name);
      if (c === undefined) {
        c = new Contract(
          addressOf(deployments, name),
          abis[name] as unknown as InterfaceAbi,
          runner,
        );
        cache.set(name, c);
      }
      return c;
    },
    requireSigner,
    async account() {
      return requireSigner("this action").getAddress();
    },
  };
}

/** A mined transaction with its decoded events. */
export interface SentTransaction {
  hash: string;
  receipt: TransactionReceipt;
  /** Events of the called contract, decoded. */
  events: LogDescription[];
}

/**
 * Sends `method(...args)` on `name` from the client's signer, waits for it and decodes its events.
 * Reverts (at estimation or after mining) become {@link AuteurContractError}s.
 */
export async function sendContract(
  client: AuteurClient,
  name: ContractName,
  method: string,
  args: unknown[],
  options: { value?: bigint; action?: string } = {},
): Promise<SentTransaction> {
  const action = options.action ?? `${name}.${method}`;
  client.requireSigner(action);
  const contract = client.contract(name);
  const overrides = options.value === undefined ? {} : { value: options.value };
  try {
    const fn = contract.getFunction(method);
    const tx = await fn.send(...args, overrides);
    const receipt = await tx.wait();
    if (receipt === null)
      throw new AuteurError("TX_DROPPED", `${action}: the transaction was dropped`);
    return { hash: receipt.hash, receipt, events: decodeEvents(contract, receipt.logs) };
  } catch (error) {
    if (error instanceof AuteurError) throw error;
    const decoded = toAuteurError(error, action);
    if (
      decoded instanceof AuteurError &&
      decoded.code === "CONTRACT_REVERT" &&
      (decoded as { errorName?: string }).errorName === "UnknownRevert"
    ) {
      // Mined and reverted: replay as a call to recover the revert data.
      try {
        await contract.getFunction(method).staticCall(...args, overrides);
      } catch (replayed) {
        throw toAuteurError(replayed, action);
      }
    }
    throw decoded;
  }
}

/** Reads `method(...args)` on `name`, decoding reverts. */
export async function readContract<T>(
  client: AuteurClient,
  name: ContractName,
  method: string,
  args: unknown[] = [],
): Promise<T> {
  return withDecodedErrors(`${name}.${method}`, async () => {
    return (await client
      .contract(name)
      .getFunction(method)
      .staticCall(...args)) as T;
  });
}

/** Decodes the logs emitted by `contract` (others are skipped). */
export function decodeEvents(contract: Contract, logs: readonly Log[]): LogDescription[] {
  const target = String(contract.target).toLowerCase();
  const out: LogDescription[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== target) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed !== null) out.push(parsed);
  }
  return out;
}

/** The first event named `name` among `events`, or an error (the contract broke its promise). */
export function requireEvent(
  events: LogDescription[],
  name: string,
  action: string,
): LogDescription {
  const found = events.find((e) => e.name === name);
  if (found === undefined) {
    throw new AuteurError("EVENT_MISSING", `${action}: the transaction emitted no ${name}`, {
      details: { events: events.map((e) => e.name) },
      hints: [
        "the contract at this address is not the expected version: regenerate the ABIs or redeploy",
      ],
    });
  }
  return found;
}
