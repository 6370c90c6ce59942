/** Every action bound to a client (the shape of `createAuteurClient`'s result). */
import type { AuteurClient } from "./client.js";
import { addVersion } from "./actions/addVersion.js";
import { claimAdReward, createCampaign, fundCampaign } from "./actions/ads.js";
import { ensureAllowance } from "./actions/approve.js";
import { buyLicence } from "./actions/buyLicence.js";
import { claimPovReward } from "./actions/claimPovReward.js";
import { createOrder } from "./actions/createOrder.js";
import { finaliseRawTransfer } from "./actions/finaliseRawTransfer.js";
import { hasLicence } from "./actions/hasLicence.js";
import { publishOffer } from "./actions/publishOffer.js";
import { registerWork } from "./actions/registerWork.js";
import { requestRawTransfer } from "./actions/requestRawTransfer.js";
import { tip } from "./actions/tip.js";
import { getEvents, watchEvent } from "./actions/watchEvents.js";
import {
  activatePovRoot,
  getPovReportInputs,
  getPovSettlementState,
  rejectPovRoot,
  setPovEnhancers,
  setPovSplit,
  settlePovEpochs,
} from "./actions/povOps.js";
import {
  cancelCampaign,
  getCampaign,
  pauseCampaign,
  refundCampaign,
  resumeCampaign,
  settleAdPeriod,
} from "./actions/adsOps.js";
import {
  confirmReceipt,
  getCredit,
  getOrder,
  markShipped,
  openDispute,
  refundUnshippedOrder,
  releaseOrder,
  resolveDispute,
  withdrawCredit,
} from "./actions/commerceOps.js";
import { getWork, setDonation, setNgoApproval } from "./actions/registryOps.js";
import { getAuthority, grantAuthorityRole, revokeAuthorityRole } from "./actions/authorityOps.js";
import { getTokenBalance, getTokenSupply } from "./actions/tokenReads.js";

const actions = {
  registerWork,
  addVersion,
  requestRawTransfer,
  finaliseRawTransfer,
  publishOffer,
  buyLicence,
  hasLicence,
  claimPovReward,
  createCampaign,
  fundCampaign,
  claimAdReward,
  tip,
  createOrder,
  ensureAllowance,
  watchEvent,
  getEvents,
  setPovSplit,
  setPovEnhancers,
  settlePovEpochs,
  activatePovRoot,
  getPovSettlementState,
  getPovReportInputs,
  getCampaign,
  settleAdPeriod,
  pauseCampaign,
  resumeCampaign,
  cancelCampaign,
  refundCampaign,
  getOrder,
  markShipped,
  confirmReceipt,
  openDispute,
  getCredit,
  withdrawCredit,
  getWork,
  setDonation,
  getTokenBalance,
  getTokenSupply,
  setNgoApproval,
  grantAuthorityRole,
  revokeAuthorityRole,
  getAuthority,
  resolveDispute,
  releaseOrder,
  refundUnshippedOrder,
  rejectPovRoot,
};

type Actions = typeof actions;
/** The actions as methods: `client.registerWork(params)` is `registerWork(client, params)`. */
export type BoundActions = {
  [K in keyof Actions]: Actions[K] extends (client: AuteurClient, p: infer P) => infer R
    ? (p: P) => R
    : never;
};

/** Binds every action to `client`. */
export function bindActions(client: AuteurClient): BoundActions {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(actions)) {
    bound[name] = (p: unknown) => (fn as (c: AuteurClient, p: unknown) => unknown)(client, p);
  }
  return bound as BoundActions;
}
