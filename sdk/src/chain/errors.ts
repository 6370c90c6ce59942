/**
 * Revert decoding: every contract revert reaches the caller as an {@link AuteurContractError} with
 * the custom error's name, its decoded arguments and a hint that names the fix.
 */
import { Interface, isError, type ErrorDescription, type InterfaceAbi } from "ethers";
import { AuteurError } from "../errors.js";
import { abis } from "./generated/index.js";

/** A decoded contract revert. `errorName` is the Solidity custom error (or `Error`/`Panic`). */
export class AuteurContractError extends AuteurError {
  override readonly name: string = "AuteurContractError";
  /** The custom error's name, e.g. `CopyrightRegistryDuplicateHash`. */
  readonly errorName: string;
  /** Its arguments by name (and by position under `"0"`, `"1"`...). */
  readonly args: Readonly<Record<string, unknown>>;
  /** The raw revert data (`0x` when the node returned none). */
  readonly data: string;

  constructor(
    errorName: string,
    args: Record<string, unknown>,
    data: string,
    options: { action?: string; hints?: string[]; cause?: unknown } = {},
  ) {
    const shown = Object.entries(args)
      .filter(([k]) => !/^\d+$/.test(k))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    super(
      "CONTRACT_REVERT",
      `${options.action ? `${options.action}: ` : ""}reverted with ${errorName}(${shown})`,
      { details: { errorName, args, data }, hints: options.hints, cause: options.cause },
    );
    this.errorName = errorName;
    this.args = Object.freeze({ ...args });
    this.data = data;
  }

  /** Message and hints; the provider's raw error stays in `cause` (printed with DEBUG=auteur:*). */
  override format(): string {
    const debug = typeof process !== "undefined" && /auteur/.test(process.env?.DEBUG ?? "");
    if (debug) return super.format();
    return [
      `${this.name} [${this.code}]: ${this.message}`,
      ...this.hints.map((h) => `  hint: ${h}`),
    ].join("\n");
  }
}

let combined: Interface | undefined;

/** One interface holding every error of every wrapped contract (deduplicated by selector). */
export function errorInterface(): Interface {
  if (combined !== undefined) return combined;
  const seen = new Set<string>();
  const fragments: unknown[] = [];
  for (const abi of Object.values(abis) as readonly (readonly { type: string }[])[]) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const key = JSON.stringify(item);
      const sig = key;
      if (seen.has(sig)) continue;
      seen.add(sig);
      fragments.push(item);
    }
  }
  // Same name with different inputs cannot appear in one Interface; keep the first.
  const byName = new Map<string, unknown>();
  for (const f of fragments) {
    const n = (f as { name: string }).name;
    if (!byName.has(n)) byName.set(n, f);
  }
  combined = new Interface([...byName.values()] as InterfaceAbi);
  return combined;
}

const PANIC_REASONS: Record<string, string> = {
  "1": "assertion failed",
  "17": "arithmetic overflow or underflow",
  "18": "division by zero",
  "33": "invalid enum value",
  "50": "array index out of bounds",
  "65": "out of memory",
};

/** What a revert means for the caller, by custom error name (the fix, in one line). */
const HINTS: Record<string, string> = {
  CopyrightRegistryDuplicateHash:
    "this exact file is registered already: run `auteur verify <file>` to see the work, or register a different file",
  CopyrightRegistryAttestationExpired:
    "the attestation's deadline passed: ask the attester for a fresh attestation and send it sooner",
  CopyrightRegistryInvalidUpload:
    "the attested upload has an invalid field: recompute it from the file",
  CopyrightRegistryInvalidUploader: "pass a non-zero uploader address",
  CopyrightRegistryUnknownMatch:
    "the matched SHA-256 is not registered: register the original first or drop `matchedSha256`",
  CopyrightRegistryNotAMatch:
    "the pHash is too far from the matched file: register it as a new work instead of a version",
  CopyrightRegistryResolutionNotHigher:
    "a version must have more pixels than every registered file of the work (a RAW at least as many)",
  CopyrightRegistryNonexistentWork: "check the work id (`auteur verify <file>` prints it)",
  CopyrightRegistryWorkSuspended: "a supervisor suspended the work; it must be reinstated first",
  CopyrightRegistryNotWorkOwner:
    "send the transaction from the work's owner account (--private-key)",
  CopyrightRegistryClaimPending:
    "a RAW ownership claim is pending: wait for it to be finalised or rejected",
  CopyrightRegistryNoClaim:
    "there is no pending RAW claim for this work: request one with a RAW version",
  CopyrightRegistryDisputeWindowOpen:
    "the dispute window is still open: call finaliseRawTransfer after `readyAt`",
  CopyrightRegistryDisputeWindowClosed:
    "the dispute window closed: the claim can only be finalised now",
  AuthoritySetNotAttester:
    "the attestation was not signed by a registered attester: ask the admin to grant ATTESTER_ROLE, or use the right attester key",
  LicenseMarketNoOffer: "the owner has not published this offer: check work id, kind and tier",
  LicenseMarketOfferChanged:
    "the offer changed since you read it: read it again (`auteur licence check`) and buy at the new terms",
  LicenseMarketNotWorkOwner: "only the work's owner publishes offers: use the owner's key",
  ERC20InsufficientAllowance:
    "approve the contract to spend the token first (the SDK's buy/fund/tip actions do it when `approve: true`)",
  ERC20InsufficientBalance: "the account holds too few tokens: fund it first",
  AccessControlUnauthorizedAccount: "the sender lacks the role: ask the admin to grant it",
  EnforcedPause: "the contract is paused: wait until the admin unpauses it",
  CumulativeClaimInvalidProof:
    "the proof does not match the active root: use the tree of the newest settlement",
  CumulativeClaimNothingToClaim:
    "everything in this tree was claimed already: wait for the next settlement",
};

/** The hint for `errorName`, or a generic one pointing at the interface that documents it. */
export function hintFor(errorName: string): string {
  const hint = HINTS[errorName];
  if (hint !== undefined) return hint;
  const contract = Object.keys(abis).find((name) => errorName.startsWith(name));
  return `see the documentation of ${errorName}${contract ? ` in contracts/interfaces/I${contract}.sol` : ""}: its values say which input to change`;
}

/** Finds revert data in an ethers / JSON-RPC / Hardhat error (walks `data`, `error`, `info`, `cause`). */
export function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  const data = e["data"];
  if (typeof data === "string" && /^0x([0-9a-fA-F]{8})/.test(data)) return data;
  if (data !== null && typeof data === "object") {
    const nested = (data as Record<string, unknown>)["data"];
    if (typeof nested === "string" && /^0x[0-9a-fA-F]{8}/.test(nested)) return nested;
  }
  for (const key of ["error", "info", "cause", "revert"]) {
    const found = findRevertData(e[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function argsOf(d: ErrorDescription): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  d.fragment.inputs.forEach((input, i) => {
    const value = d.args[i];
    out[String(i)] = value;
    if (input.name) out[input.name] = value;
  });
  return out;
}

/**
 * Decodes raw revert data into an {@link AuteurContractError}. Unknown selectors keep the data and
 * say so.
 */
export function decodeRevertData(
  data: string,
  options: { action?: string; cause?: unknown } = {},
): AuteurContractError {
  if (data === "0x" || data.length < 10) {
    return new AuteurContractError("UnknownRevert", {}, data, {
      ...options,
      hints: [
        "the call reverted without data: check the contract address and the chain (--rpc-url)",
      ],
    });
  }
  let description: ErrorDescription | null = null;
  try {
    description = errorInterface().parseError(data);
  } catch {
    description = null;
  }
  if (description === null) {
    return new AuteurContractError("UnknownRevert", { selector: data.slice(0, 10) }, data, {
      ...options,
      hints: [
        "the revert selector is not in the SDK's ABIs: regenerate them (`npm -w sdk run generate`)",
      ],
    });
  }
  const args = argsOf(description);
  if (description.name === "Panic") {
    const code = String(description.args[0]);
    return new AuteurContractError("Panic", { code: description.args[0] }, data, {
      ...options,
      hints: [
        `Solidity panic ${code}: ${PANIC_REASONS[code] ?? "unknown"}; report it with the inputs`,
      ],
    });
  }
  if (description.name === "Error") {
    return new AuteurContractError("Error", { reason: description.args[0] }, data, {
      ...options,
      hints: [String(description.args[0])],
    });
  }
  return new AuteurContractError(description.name, args, data, {
    ...options,
    hints: [hintFor(description.name)],
  });
}

/**
 * Turns any error thrown by an ethers call into an SDK error: reverts into
 * {@link AuteurContractError}, other ethers errors into an {@link AuteurError} naming the code.
 */
export function toAuteurError(error: unknown, action?: string): AuteurError {
  if (error instanceof AuteurError) return error;
  const data = findRevertData(error);
  if (data !== undefined) return decodeRevertData(data, { action, cause: error });
  if (isError(error, "CALL_EXCEPTION")) return decodeRevertData("0x", { action, cause: error });
  let code =
    typeof (error as { code?: unknown })?.code === "string"
      ? (error as { code: string }).code
      : "CHAIN_ERROR";
  let message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const funds = /(?:doesn't have enough funds|insufficient funds)[^"]*/i.exec(message ?? "");
  if (funds !== null) {
    code = "INSUFFICIENT_FUNDS";
    message = funds[0];
  }
  const hints =
    code === "INSUFFICIENT_FUNDS"
      ? ["the sender cannot pay for gas: fund it, or use a fee-delegated transaction (Kaia)"]
      : code === "NETWORK_ERROR" || code === "ECONNREFUSED"
        ? ["the RPC endpoint is unreachable: check --rpc-url and that the node is running"]
        : ["check --rpc-url, the deployments file and the account"];
  return new AuteurError(code, `${action ? `${action}: ` : ""}${message}`, { hints, cause: error });
}

/** Runs `fn`, rethrowing every failure as an SDK error. */
export async function withDecodedErrors<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAuteurError(error, action);
  }
}
