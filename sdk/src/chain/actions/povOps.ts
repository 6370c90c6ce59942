/**
 * Proof-of-View operations beyond claiming: the creator's split and enhancers, the verifier
 * quorum's settlement of a signed report, root activation after the challenge window, and the
 * reads a report builder needs (schedule, protocol shares, nonce, each content's split).
 */
import { ZeroHash, getAddress, type TransactionReceipt } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { orderSignatures, type ReportSignature } from "../../pov/eip712.js";
import type { EpochReport } from "../../pov/types.js";
import { readContract, requireEvent, type AuteurClient } from "../client.js";
import { sendOp } from "./opsHints.js";

const BPS = 10_000;

/** Parameters of {@link setPovSplit}: the creator's split of the content's non-protocol part. */
export interface SetPovSplitParameters {
  workId: bigint;
  creatorBps: number;
  viewerBps: number;
  enhancerBps: number;
}
/** Result of {@link setPovSplit}. */
export interface SetPovSplitReturnType {
  /** The first epoch whose settlement uses the new split. */
  effectiveFromEpoch: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Enrols a video work in Proof-of-View or changes its split (the work's creator only). The three
 * shares are basis points adding up to 10,000, inside the protocol's bounds; the change applies
 * from the next epoch.
 *
 * @example
 * ```ts
 * const { effectiveFromEpoch } = await creator.setPovSplit({
 *   workId, creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000,
 * });
 * ```
 */
export async function setPovSplit(
  client: AuteurClient,
  p: SetPovSplitParameters,
): Promise<SetPovSplitReturnType> {
  const shares = [p.creatorBps, p.viewerBps, p.enhancerBps];
  if (shares.some((s) => !Number.isInteger(s) || s < 0) || shares.reduce((a, b) => a + b) !== BPS) {
    throw new AuteurInputError(
      "POV_SPLIT_INVALID",
      `the split ${shares.join("/")} must be whole basis points adding up to 10000`,
      {
        details: { creatorBps: p.creatorBps, viewerBps: p.viewerBps, enhancerBps: p.enhancerBps },
        hints: ["e.g. creatorBps 5000, viewerBps 4000, enhancerBps 1000"],
      },
    );
  }
  const sent = await sendOp(
    client,
    "ProofOfView",
    "setSplit",
    [p.workId, { creatorBps: p.creatorBps, viewerBps: p.viewerBps, enhancerBps: p.enhancerBps }],
    "setPovSplit",
  );
  const e = requireEvent(sent.events, "SplitSet", "setPovSplit");
  return {
    effectiveFromEpoch: BigInt(e.args.effectiveFromEpoch),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link setPovEnhancers}: who shares the enhancer amount, by weight. */
export interface SetPovEnhancersParameters {
  workId: bigint;
  /** Subtitlers, dubbers...; an empty list gives the enhancer amount back to the creator. */
  enhancers: { account: string; weight: number | bigint }[];
}
/** Result of {@link setPovEnhancers}. */
export interface SetPovEnhancersReturnType {
  accounts: string[];
  weights: bigint[];
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Replaces the enhancers of a video work (the work's creator only).
 *
 * @example
 * ```ts
 * await creator.setPovEnhancers({ workId, enhancers: [{ account: subtitler, weight: 1 }] });
 * ```
 */
export async function setPovEnhancers(
  client: AuteurClient,
  p: SetPovEnhancersParameters,
): Promise<SetPovEnhancersReturnType> {
  const accounts = p.enhancers.map((x) => getAddress(x.account));
  const weights = p.enhancers.map((x) => BigInt(x.weight));
  const sent = await sendOp(
    client,
    "ProofOfView",
    "setEnhancers",
    [p.workId, accounts, weights],
    "setPovEnhancers",
  );
  const e = requireEvent(sent.events, "EnhancersSet", "setPovEnhancers");
  return {
    accounts: [...(e.args.accounts as string[])],
    weights: [...(e.args.weights as bigint[])].map(BigInt),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link settlePovEpochs}: a report (`buildEpochReport`) and its quorum signatures. */
export interface SettlePovEpochsParameters {
  report: EpochReport;
  /**
   * The verifiers' signatures: `signEpochReport` results (ordered by signer here), or raw
   * signatures already ordered by increasing signer address.
   */
  signatures: (ReportSignature | string)[];
}
/** Result of {@link settlePovEpochs}: the decoded `EpochsSettled` event. */
export interface SettlePovEpochsReturnType {
  nonce: bigint;
  fromEpoch: bigint;
  toEpoch: bigint;
  root: string;
  total: bigint;
  emission: bigint;
  minted: bigint;
  allocated: bigint;
  /** When the root becomes claimable ({@link activatePovRoot}), unix seconds. */
  activeAt: bigint;
  signers: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Submits an epoch report signed by a verifier quorum (anyone may send it). ProofOfView checks
 * every content's role amounts against its split, the total against the epochs' emission and the
 * signatures against the AuthoritySet, mints the total and makes the root pending.
 *
 * @example
 * ```ts
 * const built = buildEpochReport({ ...inputs, plays, fromEpoch, toEpoch, verifiers, supervisors });
 * const sigs = await Promise.all(quorum.map((v) => signEpochReport(v, povDomain(chainId, pov), built.report)));
 * const { activeAt } = await client.settlePovEpochs({ report: built.report, signatures: sigs });
 * ```
 */
export async function settlePovEpochs(
  client: AuteurClient,
  p: SettlePovEpochsParameters,
): Promise<SettlePovEpochsReturnType> {
  if (p.signatures.length === 0) {
    throw new AuteurInputError("NO_SIGNATURES", "an epoch report needs the quorum's signatures", {
      hints: ["sign the report with `signEpochReport` by at least the AuthoritySet's quorum"],
    });
  }
  const signatures = p.signatures.every((s) => typeof s === "string")
    ? (p.signatures as string[])
    : orderSignatures(
        p.signatures.map((s) => {
          if (typeof s === "string") {
            throw new AuteurInputError(
              "SIGNATURES_MIXED",
              "pass either every signature with its signer or raw ordered signatures, not both",
              { hints: ["pass the `signEpochReport` results as they are"] },
            );
          }
          return s;
        }),
      );
  const sent = await sendOp(
    client,
    "ProofOfView",
    "settle",
    [p.report, signatures],
    "settlePovEpochs",
  );
  const e = requireEvent(sent.events, "EpochsSettled", "settlePovEpochs");
  return {
    nonce: BigInt(e.args.nonce),
    fromEpoch: BigInt(e.args.fromEpoch),
    toEpoch: BigInt(e.args.toEpoch),
    root: String(e.args.root),
    total: BigInt(e.args.total),
    emission: BigInt(e.args.emission),
    minted: BigInt(e.args.minted),
    allocated: BigInt(e.args.allocated),
    activeAt: BigInt(e.args.activeAt),
    signers: BigInt(e.args.signers),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link activatePovRoot} (none). */
export type ActivatePovRootParameters = Record<string, never> | undefined;
/** Result of {@link activatePovRoot}. */
export interface ActivatePovRootReturnType {
  nonce: bigint;
  root: string;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Makes the pending root claimable once its challenge window is over (anyone may call). Reverts
 * with `ProofOfViewRootNotMature` (window still open) or `ProofOfViewNoPendingRoot`.
 *
 * @example
 * ```ts
 * const { root } = await client.activatePovRoot();
 * ```
 */
export async function activatePovRoot(
  client: AuteurClient,
  _p?: ActivatePovRootParameters,
): Promise<ActivatePovRootReturnType> {
  const sent = await sendOp(client, "ProofOfView", "activateRoot", [], "activatePovRoot");
  const e = requireEvent(sent.events, "RootActivated", "activatePovRoot");
  return {
    nonce: BigInt(e.args.nonce),
    root: String(e.args.root),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link rejectPovRoot}. */
export interface RejectPovRootParameters {
  /** The pending settlement's nonce. */
  nonce: bigint;
  /** bytes32 reason code (e.g. keccak256 of a case reference); zero by default. */
  reason?: string;
}
/** Result of {@link rejectPovRoot}. */
export interface RejectPovRootReturnType {
  nonce: bigint;
  /** The first epoch open again for settlement. */
  fromEpoch: bigint;
  /** What the rejected settlement had minted; kept in reserve for the re-settled epochs. */
  amount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * A supervisor rejects the pending root during its challenge window (e.g. plays on suspended or
 * fraudulent content): its epochs open again and its amount waits in reserve.
 *
 * @example
 * ```ts
 * const { pendingNonce } = await supervisor.getPovSettlementState({});
 * await supervisor.rejectPovRoot({ nonce: pendingNonce, reason: keccak256(toUtf8Bytes("case 17")) });
 * ```
 */
export async function rejectPovRoot(
  client: AuteurClient,
  p: RejectPovRootParameters,
): Promise<RejectPovRootReturnType> {
  const sent = await sendOp(
    client,
    "ProofOfView",
    "rejectRoot",
    [p.nonce, p.reason ?? ZeroHash],
    "rejectPovRoot",
  );
  const e = requireEvent(sent.events, "RootRejected", "rejectPovRoot");
  return {
    nonce: BigInt(e.args.nonce),
    fromEpoch: BigInt(e.args.fromEpoch),
    amount: BigInt(e.args.amount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Result of {@link getPovSettlementState}. */
export interface GetPovSettlementStateReturnType {
  /** The next epoch a report must start at. */
  nextEpoch: bigint;
  /** The next report's nonce. */
  nextNonce: bigint;
  /** The pending root (zero hash when none) and when it becomes claimable. */
  pendingRoot: string;
  pendingNonce: bigint;
  pendingActiveAt: bigint;
  /** The claimable root (zero hash before the first activation). */
  activeRoot: string;
  activeNonce: bigint;
  /** The epoch the chain is in now. */
  currentEpoch: bigint;
}

/**
 * Reads where Proof-of-View settlement stands.
 *
 * @example
 * ```ts
 * const { pendingActiveAt } = await client.getPovSettlementState();
 * ```
 */
export async function getPovSettlementState(
  client: AuteurClient,
  _p?: Record<string, never>,
): Promise<GetPovSettlementStateReturnType> {
  const s = await readContract<readonly [bigint, bigint, string, bigint, bigint, string, bigint]>(
    client,
    "ProofOfView",
    "settlementState",
  );
  const currentEpoch = await readContract<bigint>(client, "ProofOfView", "currentEpoch");
  return {
    nextEpoch: BigInt(s[0]),
    nextNonce: BigInt(s[1]),
    pendingRoot: String(s[2]),
    pendingNonce: BigInt(s[3]),
    pendingActiveAt: BigInt(s[4]),
    activeRoot: String(s[5]),
    activeNonce: BigInt(s[6]),
    currentEpoch: BigInt(currentEpoch),
  };
}

/** Parameters of {@link getPovReportInputs}: the contents a report will cover. */
export interface GetPovReportInputsParameters {
  workIds: bigint[];
  /** The epoch whose split applies (default: the next epoch to settle). */
  fromEpoch?: bigint;
}
/** Result of {@link getPovReportInputs}: what `buildEpochReport` needs besides the plays. */
export interface GetPovReportInputsReturnType {
  fromEpoch: bigint;
  nonce: bigint;
  schedule: { r0: bigint; halvingEpochs: bigint; maxHalvings: bigint };
  protocolShares: { storageBps: number; verifierBps: number; supervisorBps: number };
  contents: {
    workId: bigint;
    creator: string;
    split: { creatorBps: number; viewerBps: number; enhancerBps: number };
    enhancers: { account: string; weight: bigint }[];
  }[];
  /** Epoch clock: start of epoch 0 (ms) and epoch length (ms), for `PovVerifier`. */
  genesisMs: number;
  epochMs: number;
  /** Seconds between a settlement and its root becoming claimable. */
  challengeWindow: bigint;
}

/**
 * Reads everything a verifier needs to build the next epoch report (`buildEpochReport`) and to
 * run `PovVerifier`: the emission schedule, protocol shares, next nonce and epoch, and each
 * content's creator, split and enhancers. A work that is not enrolled fails with
 * `POV_NOT_ENROLLED`.
 *
 * @example
 * ```ts
 * const inputs = await client.getPovReportInputs({ workIds: [workId] });
 * const built = buildEpochReport({ ...inputs, plays, toEpoch, verifiers, supervisors });
 * ```
 */
export async function getPovReportInputs(
  client: AuteurClient,
  p: GetPovReportInputsParameters,
): Promise<GetPovReportInputsReturnType> {
  const read = <T>(method: string, args: unknown[] = []) =>
    readContract<T>(client, "ProofOfView", method, args);
  const state = await getPovSettlementState(client);
  const fromEpoch = p.fromEpoch ?? state.nextEpoch;
  const shares = await read<readonly [bigint, bigint, bigint]>("protocolShares");
  const contents: GetPovReportInputsReturnType["contents"] = [];
  for (const workId of [...p.workIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [split, enrolled] = await read<
      readonly [{ creatorBps: bigint; viewerBps: bigint; enhancerBps: bigint }, boolean]
    >("splitAt", [workId, fromEpoch]);
    if (!enrolled) {
      throw new AuteurInputError(
        "POV_NOT_ENROLLED",
        `work ${workId} has no Proof-of-View split at epoch ${fromEpoch}`,
        {
          details: { workId, fromEpoch },
          hints: ["its creator enrols it with `setPovSplit` (effective from the next epoch)"],
        },
      );
    }
    const [accounts, weights] = await read<readonly [string[], bigint[]]>("enhancersOf", [workId]);
    const creator = await readContract<string>(client, "CopyrightRegistry", "creatorOf", [workId]);
    contents.push({
      workId,
      creator: getAddress(creator),
      split: {
        creatorBps: Number(split.creatorBps),
        viewerBps: Number(split.viewerBps),
        enhancerBps: Number(split.enhancerBps),
      },
      enhancers: accounts.map((a, i) => ({ account: getAddress(a), weight: BigInt(weights[i]) })),
    });
  }
  return {
    fromEpoch,
    nonce: state.nextNonce,
    schedule: {
      r0: BigInt(await read<bigint>("EPOCH_REWARD")),
      halvingEpochs: BigInt(await read<bigint>("HALVING_EPOCHS")),
      maxHalvings: BigInt(await read<bigint>("MAX_HALVINGS")),
    },
    protocolShares: {
      storageBps: Number(shares[0]),
      verifierBps: Number(shares[1]),
      supervisorBps: Number(shares[2]),
    },
    contents,
    genesisMs: Number(await read<bigint>("GENESIS")) * 1000,
    epochMs: Number(await read<bigint>("EPOCH_MILLIS")),
    challengeWindow: BigInt(await read<bigint>("challengeWindow")),
  };
}
