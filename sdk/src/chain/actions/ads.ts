import { getAddress } from "ethers";
import { requireEvent, sendContract, type AuteurClient } from "../client.js";
import { ensureAllowance } from "./approve.js";

/** Campaign terms (AdEscrow's `CampaignParams`; `token` defaults to AuteurToken). */
export interface CreateCampaignParameters {
  token?: string;
  deposit: bigint;
  pricePerView: bigint;
  pricePerClick: bigint;
  start: bigint;
  end: bigint;
  minViewsPerWork?: number;
  split: { creatorBps: number; viewerBps: number; storageBps: number; platformBps: number };
  /** Works the campaign runs on (empty: any). */
  targetWorkIds?: bigint[];
  approve?: boolean;
}
/** Result of {@link createCampaign}. */
export interface CreateCampaignReturnType {
  campaignId: bigint;
  txHash: string;
}

/**
 * Opens an ad campaign, depositing its budget into AdEscrow.
 *
 * @example
 * ```ts
 * const { campaignId } = await client.createCampaign({ deposit, pricePerView, pricePerClick: 0n, start, end, split });
 * ```
 */
export async function createCampaign(
  client: AuteurClient,
  p: CreateCampaignParameters,
): Promise<CreateCampaignReturnType> {
  const token = p.token ?? client.address("AuteurToken");
  if (p.approve !== false)
    await ensureAllowance(client, { token, spender: "AdEscrow", amount: p.deposit });
  const params = {
    token,
    deposit: p.deposit,
    pricePerView: p.pricePerView,
    pricePerClick: p.pricePerClick,
    start: p.start,
    end: p.end,
    minViewsPerWork: p.minViewsPerWork ?? 0,
    split: p.split,
  };
  const sent = await sendContract(
    client,
    "AdEscrow",
    "createCampaign",
    [params, p.targetWorkIds ?? []],
    {
      action: "createCampaign",
    },
  );
  const e = requireEvent(sent.events, "CampaignCreated", "createCampaign");
  return { campaignId: e.args.campaignId as bigint, txHash: sent.hash };
}

/** Parameters of {@link fundCampaign}. */
export interface FundCampaignParameters {
  campaignId: bigint;
  amount: bigint;
  /** The campaign's token; defaults to AuteurToken. */
  token?: string;
  approve?: boolean;
}
/** Result of {@link fundCampaign}. */
export interface FundCampaignReturnType {
  remaining: bigint;
  txHash: string;
}

/**
 * Tops up a campaign's budget (the advertiser only).
 *
 * @example
 * ```ts
 * const { remaining } = await client.fundCampaign({ campaignId, amount: 10n ** 20n });
 * ```
 */
export async function fundCampaign(
  client: AuteurClient,
  p: FundCampaignParameters,
): Promise<FundCampaignReturnType> {
  const token = p.token ?? client.address("AuteurToken");
  if (p.approve !== false)
    await ensureAllowance(client, { token, spender: "AdEscrow", amount: p.amount });
  const sent = await sendContract(client, "AdEscrow", "topUp", [p.campaignId, p.amount], {
    action: "fundCampaign",
  });
  const e = requireEvent(sent.events, "CampaignToppedUp", "fundCampaign");
  return { remaining: e.args.remaining as bigint, txHash: sent.hash };
}

/** Parameters of {@link claimAdReward}: the viewer's entry of the campaign's cumulative tree. */
export interface ClaimAdRewardParameters {
  campaignId: bigint;
  account?: string;
  cumulativeAmount: bigint;
  proof: string[];
}
/** Result of {@link claimAdReward}. */
export interface ClaimAdRewardReturnType {
  amount: bigint;
  txHash: string;
}

/**
 * Claims a viewer's ad earnings (the tree comes from `buildAdSettlement` in `@auteur/sdk/ads`).
 *
 * @example
 * ```ts
 * await client.claimAdReward({ campaignId, cumulativeAmount, proof });
 * ```
 */
export async function claimAdReward(
  client: AuteurClient,
  p: ClaimAdRewardParameters,
): Promise<ClaimAdRewardReturnType> {
  const account = getAddress(p.account ?? (await client.account()));
  const sent = await sendContract(
    client,
    "AdEscrow",
    "claimViewer",
    [p.campaignId, account, p.cumulativeAmount, p.proof],
    { action: "claimAdReward" },
  );
  const e = requireEvent(sent.events, "ViewerClaimed", "claimAdReward");
  return { amount: e.args.amount as bigint, txHash: sent.hash };
}
