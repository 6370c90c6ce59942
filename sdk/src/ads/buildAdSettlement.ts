import { AbiCoder, keccak256, getAddress, ZeroAddress, type TypedDataField } from "ethers";
import { buildCumulativeTree, type CumulativeTree } from "../claims/cumulativeTree.js";
import { AuteurInputError } from "../errors.js";

const BPS = 10_000n;

/** The campaign state a settlement is computed against (read it from `AdEscrow.campaignOf`). */
export interface AdCampaignState {
  campaignId: bigint;
  remaining: bigint;
  viewerPool: bigint;
  pricePerView: bigint;
  pricePerClick: bigint;
  minViewsPerWork: bigint;
  split: { creatorBps: bigint; viewerBps: bigint; storageBps: bigint; platformBps: bigint };
}

/** Verified activity on one work in the period, with the viewers behind the views. */
export interface AdActivity {
  workId: bigint;
  views: bigint;
  clicks: bigint;
  storageProvider?: string;
  /** Verified views per viewer address; their sum should equal `views`. */
  viewers: ReadonlyMap<string, bigint>;
  /** The work's views already counted by the campaign (`AdEscrow.workViews`), when it has a minimum. */
  priorViews?: bigint;
}

export interface BuildAdSettlementParameters {
  campaign: AdCampaignState;
  period: bigint;
  deadline: bigint;
  activity: readonly AdActivity[];
  /** Every viewer's cumulative earnings in this campaign before this period (the previous tree). */
  previousViewerBalances?: ReadonlyMap<string, bigint>;
}

/** One item's payment, exactly as the contract computes and emits it. */
export interface AdItemPayout {
  workId: bigint;
  amount: bigint;
  creatorAmount: bigint;
  storageAmount: bigint;
  viewerAmount: bigint;
  platformAmount: bigint;
}

export interface BuildAdSettlementReturnType {
  /** Items in the contract's `AdItem` shape, in activity order. */
  items: { workId: bigint; views: bigint; clicks: bigint; storageProvider: string }[];
  /** The struct the verifiers sign (EIP-712 `AdSettlement`). */
  report: {
    campaignId: bigint;
    period: bigint;
    remainingBefore: bigint;
    itemsHash: string;
    viewerRoot: string;
    viewerCumulative: bigint;
    deadline: bigint;
  };
  payouts: AdItemPayout[];
  debited: bigint;
  prorated: boolean;
  /** The campaign's cumulative viewer tree after this period (claims use it). */
  viewerTree: CumulativeTree;
}

/** EIP-712 types of the settlement report, for `signer.signTypedData(domain, types, report)`. */
export const AD_SETTLEMENT_TYPES: Record<string, TypedDataField[]> = {
  AdSettlement: [
    { name: "campaignId", type: "uint256" },
    { name: "period", type: "uint64" },
    { name: "remainingBefore", type: "uint128" },
    { name: "itemsHash", type: "bytes32" },
    { name: "viewerRoot", type: "bytes32" },
    { name: "viewerCumulative", type: "uint128" },
    { name: "deadline", type: "uint64" },
  ],
};

/** EIP-712 domain of an AdEscrow deployment. */
export function adEscrowDomain(chainId: bigint, verifyingContract: string) {
  return { name: "Auteur AdEscrow", version: "1", chainId, verifyingContract };
}

/**
 * Computes a campaign period's settlement exactly as `AdEscrow.settle` will: face value per work
 * (zero until the work reaches the campaign's minimum views), pro-rata scaling when the total
 * exceeds the remaining budget, the four-way split (the viewer part absorbs rounding; no storage
 * provider means the storage part goes to viewers), and the campaign's new cumulative viewer tree.
 *
 * Viewer allocation inside an item: proportional to each viewer's verified views, rounded down;
 * the rounding remainder goes to the viewer with the most views (ties: lowest address), so the
 * tree's total equals the contract's viewer pool to the wei.
 *
 * @example
 * ```ts
 * const s = buildAdSettlement({ campaign, period: 1n, deadline, activity });
 * const sig = await verifier.signTypedData(adEscrowDomain(chainId, escrow), AD_SETTLEMENT_TYPES, s.report);
 * await escrow.settle(s.report, s.items, [sig, ...]);
 * ```
 */
export function buildAdSettlement(p: BuildAdSettlementParameters): BuildAdSettlementReturnType {
  const { campaign } = p;
  const split = campaign.split;
  if (split.creatorBps + split.viewerBps + split.storageBps + split.platformBps !== BPS) {
    throw new AuteurInputError(
      "AD_SPLIT_INVALID",
      "The campaign split does not add up to 10,000 bps",
      {
        details: { split },
        hints: [
          "Read the split from AdEscrow.campaignOf(campaignId) instead of building it by hand.",
        ],
      },
    );
  }
  const faceValues = p.activity.map((a) => {
    if (
      campaign.minViewsPerWork !== 0n &&
      (a.priorViews ?? 0n) + a.views < campaign.minViewsPerWork
    )
      return 0n;
    return a.views * campaign.pricePerView + a.clicks * campaign.pricePerClick;
  });
  const total = faceValues.reduce((s, v) => s + v, 0n);
  const prorated = total > campaign.remaining;

  const balances = new Map<string, bigint>();
  for (const [account, amount] of p.previousViewerBalances ?? new Map()) {
    balances.set(getAddress(account), amount);
  }
  const payouts: AdItemPayout[] = [];
  let debited = 0n;
  let viewerAdded = 0n;
  p.activity.forEach((a, i) => {
    const amount = prorated ? (faceValues[i] * campaign.remaining) / total : faceValues[i];
    const creatorAmount = (amount * split.creatorBps) / BPS;
    let storageAmount = (amount * split.storageBps) / BPS;
    const platformAmount = (amount * split.platformBps) / BPS;
    let viewerAmount = amount - creatorAmount - storageAmount - platformAmount;
    if (!a.storageProvider || a.storageProvider === ZeroAddress) {
      viewerAmount += storageAmount;
      storageAmount = 0n;
    }
    if (amount === 0n) {
      payouts.push({
        workId: a.workId,
        amount,
        creatorAmount: 0n,
        storageAmount: 0n,
        viewerAmount: 0n,
        platformAmount: 0n,
      });
      return;
    }
    allocateViewers(a, viewerAmount, balances);
    debited += amount;
    viewerAdded += viewerAmount;
    payouts.push({
      workId: a.workId,
      amount,
      creatorAmount,
      storageAmount,
      viewerAmount,
      platformAmount,
    });
  });

  const viewerCumulative = campaign.viewerPool + viewerAdded;
  const viewerTree = buildCumulativeTree(balances);
  if (viewerTree.total !== viewerCumulative) {
    throw new AuteurInputError(
      "AD_VIEWER_BALANCES_MISMATCH",
      `Previous viewer balances add up to ${viewerTree.total - viewerAdded}, the campaign's viewer pool is ${campaign.viewerPool}`,
      {
        hints: ["Pass the balances of the campaign's last settled tree as previousViewerBalances."],
      },
    );
  }
  const items = p.activity.map((a) => ({
    workId: a.workId,
    views: a.views,
    clicks: a.clicks,
    storageProvider: a.storageProvider ? getAddress(a.storageProvider) : ZeroAddress,
  }));
  const itemsHash = keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["tuple(uint256 workId,uint64 views,uint64 clicks,address storageProvider)[]"],
      [items.map((it) => [it.workId, it.views, it.clicks, it.storageProvider])],
    ),
  );
  return {
    items,
    report: {
      campaignId: campaign.campaignId,
      period: p.period,
      remainingBefore: campaign.remaining,
      itemsHash,
      viewerRoot: viewerTree.root,
      viewerCumulative,
      deadline: p.deadline,
    },
    payouts,
    debited,
    prorated,
    viewerTree,
  };
}

/** Adds an item's viewer part to the viewers' balances, proportionally to their views. */
function allocateViewers(a: AdActivity, viewerAmount: bigint, balances: Map<string, bigint>): void {
  if (viewerAmount === 0n) return;
  const viewers = [...a.viewers.entries()]
    .map(([account, views]) => [getAddress(account), views] as const)
    .filter(([, views]) => views > 0n)
    .sort(([x, vx], [y, vy]) =>
      vx !== vy ? (vx > vy ? -1 : 1) : x.toLowerCase() < y.toLowerCase() ? -1 : 1,
    );
  const totalViews = viewers.reduce((s, [, v]) => s + v, 0n);
  if (totalViews === 0n) {
    throw new AuteurInputError(
      "AD_NO_VIEWERS",
      `Work ${a.workId} has a viewer share but no viewers`,
      {
        details: { workId: a.workId, viewerAmount },
        hints: ["List the verified viewers of each work in `viewers` (views per address)."],
      },
    );
  }
  let given = 0n;
  for (const [account, views] of viewers) {
    const share = (viewerAmount * views) / totalViews;
    given += share;
    balances.set(account, (balances.get(account) ?? 0n) + share);
  }
  const [top] = viewers[0];
  balances.set(top, (balances.get(top) ?? 0n) + (viewerAmount - given));
}
