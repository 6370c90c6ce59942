export {
  AD_SETTLEMENT_TYPES,
  adEscrowDomain,
  buildAdSettlement,
  type AdActivity,
  type AdCampaignState,
  type AdItemPayout,
  type BuildAdSettlementParameters,
  type BuildAdSettlementReturnType,
} from "./buildAdSettlement.js";
export {
  buildCumulativeTree,
  CUMULATIVE_LEAF_ENCODING,
  type CumulativeTree,
} from "../claims/cumulativeTree.js";
