/**
 * Ad campaign operations beyond opening, funding and claiming: reading a campaign (in the shape
 * `buildAdSettlement` takes), settling a period signed by the verifier quorum, and the
 * advertiser's pause / resume / cancel / refund.
 */
import type { TransactionReceipt } from "ethers";
import type { AdCampaignState } from "../../ads/buildAdSettlement.js";
import { AuteurInputError } from "../../errors.js";
import { orderSignatures, type ReportSignature } from "../../pov/eip712.js";
import { readContract, requireEvent, type AuteurClient } from "../client.js";
import { sendOp } from "./opsHints.js";

/** AdEscrow's `CampaignStatus`, by name. */
export const CAMPAIGN_STATUS = ["None", "Active", "Paused", "Exhausted", "Cancelled"] as const;
/** A campaign status name. */
export type CampaignStatusName = (typeof CAMPAIGN_STATUS)[number];

/** Parameters of {@link getCampaign}. */
export interface GetCampaignParameters {
  campaignId: bigint;
}
/** Result of {@link getCampaign}: the campaign's books and terms. */
export interface GetCampaignReturnType {
  campaignId: bigint;
  advertiser: string;
  token: string;
  status: CampaignStatusName;
  start: bigint;
  end: bigint;
  lastPeriod: bigint;
  pricePerView: bigint;
  pricePerClick: bigint;
  minViewsPerWork: bigint;
  split: { creatorBps: bigint; viewerBps: bigint; storageBps: bigint; platformBps: bigint };
  /** Deposits = paidDirect + viewerPool + remaining + refunded, always. */
  deposited: bigint;
  paidDirect: bigint;
  viewerPool: bigint;
  viewerClaimed: bigint;
  remaining: bigint;
  refunded: bigint;
  viewerRoot: string;
  /** The part `buildAdSettlement` takes as `campaign`. */
  state: AdCampaignState;
}

/**
 * Reads a campaign (fails with `CAMPAIGN_UNKNOWN` when there is none).
 *
 * @example
 * ```ts
 * const c = await client.getCampaign({ campaignId });
 * const s = buildAdSettlement({ campaign: c.state, period: c.lastPeriod + 1n, deadline, activity });
 * ```
 */
export async function getCampaign(
  client: AuteurClient,
  p: GetCampaignParameters,
): Promise<GetCampaignReturnType> {
  const c = await readContract<Record<string, unknown>>(client, "AdEscrow", "campaignOf", [
    p.campaignId,
  ]);
  const status = CAMPAIGN_STATUS[Number(c.status)] ?? "None";
  if (status === "None") {
    throw new AuteurInputError("CAMPAIGN_UNKNOWN", `campaign ${p.campaignId} does not exist`, {
      details: { campaignId: p.campaignId },
      hints: ["open one with `createCampaign`, or check the id (`auteur ads create` prints it)"],
    });
  }
  const s = c.split as Record<string, bigint>;
  const split = {
    creatorBps: BigInt(s.creatorBps),
    viewerBps: BigInt(s.viewerBps),
    storageBps: BigInt(s.storageBps),
    platformBps: BigInt(s.platformBps),
  };
  const big = (k: string) => BigInt(c[k] as bigint);
  const out = {
    campaignId: p.campaignId,
    advertiser: String(c.advertiser),
    token: String(c.token),
    status,
    start: big("start"),
    end: big("end"),
    lastPeriod: big("lastPeriod"),
    pricePerView: big("pricePerView"),
    pricePerClick: big("pricePerClick"),
    minViewsPerWork: big("minViewsPerWork"),
    split,
    deposited: big("deposited"),
    paidDirect: big("paidDirect"),
    viewerPool: big("viewerPool"),
    viewerClaimed: big("viewerClaimed"),
    remaining: big("remaining"),
    refunded: big("refunded"),
    viewerRoot: String(c.viewerRoot),
  };
  return {
    ...out,
    state: {
      campaignId: p.campaignId,
      remaining: out.remaining,
      viewerPool: out.viewerPool,
      pricePerView: out.pricePerView,
      pricePerClick: out.pricePerClick,
      minViewsPerWork: out.minViewsPerWork,
      split,
    },
  };
}

/** Parameters of {@link settleAdPeriod}: a `buildAdSettlement` result and its quorum signatures. */
export interface SettleAdPeriodParameters {
  report: {
    campaignId: bigint;
    period: bigint;
    remainingBefore: bigint;
    itemsHash: string;
    viewerRoot: string;
    viewerCumulative: bigint;
    deadline: bigint;
  };
  items: { workId: bigint; views: bigint; clicks: bigint; storageProvider: string }[];
  /**
   * The verifiers' signatures of `report` (`AD_SETTLEMENT_TYPES`): with their signers (ordered
   * here), or raw signatures already ordered by increasing signer address.
   */
  signatures: (ReportSignature | string)[];
}
/** One work's payment in a settlement (decoded `AdWorkPaid`). */
export interface AdWorkPayment {
  workId: bigint;
  owner: string;
  amount: bigint;
  creatorAmount: bigint;
  storageAmount: bigint;
  viewerAmount: bigint;
  platformAmount: bigint;
}
/** Result of {@link settleAdPeriod}: the decoded `CampaignSettled` (and `BudgetExhausted`). */
export interface SettleAdPeriodReturnType {
  campaignId: bigint;
  period: bigint;
  debited: bigint;
  viewerPoolAdded: bigint;
  remaining: bigint;
  prorated: boolean;
  /** Whether this period spent the budget (the campaign is Exhausted now). */
  budgetExhausted: boolean;
  payments: AdWorkPayment[];
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Settles one campaign period signed by the verifier quorum (anyone may send it): debits at most
 * the remaining budget, credits owners, storage and platform, and publishes the viewers' new
 * cumulative root. When the budget runs out the campaign stops (`budgetExhausted`).
 *
 * @example
 * ```ts
 * const s = buildAdSettlement({ campaign: (await client.getCampaign({ campaignId })).state, period, deadline, activity });
 * const sigs = await Promise.all(quorum.map(async (v) => ({
 *   signer: v.address, signature: await v.signTypedData(adEscrowDomain(chainId, escrow), AD_SETTLEMENT_TYPES, s.report),
 * })));
 * const { debited, budgetExhausted } = await client.settleAdPeriod({ report: s.report, items: s.items, signatures: sigs });
 * ```
 */
export async function settleAdPeriod(
  client: AuteurClient,
  p: SettleAdPeriodParameters,
): Promise<SettleAdPeriodReturnType> {
  if (p.signatures.length === 0) {
    throw new AuteurInputError("NO_SIGNATURES", "a settlement needs the quorum's signatures", {
      hints: ["have at least the AuthoritySet's quorum of verifiers sign `report`"],
    });
  }
  const raw = p.signatures.filter((s): s is string => typeof s === "string");
  if (raw.length !== 0 && raw.length !== p.signatures.length) {
    throw new AuteurInputError(
      "SIGNATURES_MIXED",
      "pass either every signature with its signer or raw ordered signatures, not both",
      { hints: ["pass `{ signer, signature }` for each verifier"] },
    );
  }
  const signatures =
    raw.length === p.signatures.length ? raw : orderSignatures(p.signatures as ReportSignature[]);
  const sent = await sendOp(
    client,
    "AdEscrow",
    "settle",
    [p.report, p.items, signatures],
    "settleAdPeriod",
  );
  const e = requireEvent(sent.events, "CampaignSettled", "settleAdPeriod");
  const payments = sent.events
    .filter((x) => x.name === "AdWorkPaid")
    .map((x) => {
      const pay = x.args.payout as unknown as Record<string, bigint>;
      return {
        workId: BigInt(x.args.workId),
        owner: String(x.args.owner),
        amount: BigInt(pay.amount),
        creatorAmount: BigInt(pay.creatorAmount),
        storageAmount: BigInt(pay.storageAmount),
        viewerAmount: BigInt(pay.viewerAmount),
        platformAmount: BigInt(pay.platformAmount),
      };
    });
  return {
    campaignId: BigInt(e.args.campaignId),
    period: BigInt(e.args.period),
    debited: BigInt(e.args.debited),
    viewerPoolAdded: BigInt(e.args.viewerPoolAdded),
    remaining: BigInt(e.args.remaining),
    prorated: Boolean(e.args.prorated),
    budgetExhausted: sent.events.some((x) => x.name === "BudgetExhausted"),
    payments,
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of the advertiser's campaign switches. */
export interface CampaignIdParameters {
  campaignId: bigint;
}
/** Result of {@link pauseCampaign}, {@link resumeCampaign} and {@link cancelCampaign}. */
export interface CampaignStatusReturnType {
  status: CampaignStatusName;
  txHash: string;
  receipt: TransactionReceipt;
}

async function switchCampaign(
  client: AuteurClient,
  method: "pauseCampaign" | "resumeCampaign" | "cancelCampaign",
  campaignId: bigint,
): Promise<CampaignStatusReturnType> {
  const sent = await sendOp(client, "AdEscrow", method, [campaignId], method);
  const e = requireEvent(sent.events, "CampaignStatusChanged", method);
  return {
    status: CAMPAIGN_STATUS[Number(e.args.status)] ?? "None",
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/**
 * Pauses a campaign (the advertiser only): no settlement until it is resumed.
 *
 * @example
 * ```ts
 * await advertiser.pauseCampaign({ campaignId });
 * ```
 */
export function pauseCampaign(
  client: AuteurClient,
  p: CampaignIdParameters,
): Promise<CampaignStatusReturnType> {
  return switchCampaign(client, "pauseCampaign", p.campaignId);
}

/**
 * Resumes a paused campaign (the advertiser only).
 *
 * @example
 * ```ts
 * await advertiser.resumeCampaign({ campaignId });
 * ```
 */
export function resumeCampaign(
  client: AuteurClient,
  p: CampaignIdParameters,
): Promise<CampaignStatusReturnType> {
  return switchCampaign(client, "resumeCampaign", p.campaignId);
}

/**
 * Cancels a campaign (the advertiser only): no further settlement, and the remainder becomes
 * refundable at once with {@link refundCampaign}.
 *
 * @example
 * ```ts
 * await advertiser.cancelCampaign({ campaignId });
 * ```
 */
export function cancelCampaign(
  client: AuteurClient,
  p: CampaignIdParameters,
): Promise<CampaignStatusReturnType> {
  return switchCampaign(client, "cancelCampaign", p.campaignId);
}

/** Result of {@link refundCampaign}. */
export interface RefundCampaignReturnType {
  amount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Refunds a campaign's remaining budget to the advertiser, once cancelled or after its end plus
 * the settlement grace (otherwise `AdEscrowRemainderLocked` says from when).
 *
 * @example
 * ```ts
 * const { amount } = await advertiser.refundCampaign({ campaignId });
 * ```
 */
export async function refundCampaign(
  client: AuteurClient,
  p: CampaignIdParameters,
): Promise<RefundCampaignReturnType> {
  const sent = await sendOp(
    client,
    "AdEscrow",
    "refundRemainder",
    [p.campaignId],
    "refundCampaign",
  );
  const e = requireEvent(sent.events, "RemainderRefunded", "refundCampaign");
  return { amount: BigInt(e.args.amount), txHash: sent.hash, receipt: sent.receipt };
}
