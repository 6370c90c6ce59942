/**
 * Hints for the reverts of the operation actions (Proof-of-View, ads, commerce, withdrawals,
 * operator configuration): each names the fix in terms of the SDK's own actions. Reverts whose
 * name has no entry here keep the hint of `hintFor` in `../errors.ts`.
 */
import { sendContract, type AuteurClient, type SentTransaction } from "../client.js";
import { AuteurContractError } from "../errors.js";
import type { ContractName } from "../generated/index.js";

const REBUILD_POV =
  "rebuild the report with buildEpochReport from getPovReportInputs (splits, nonce, schedule) and have the quorum sign it again";
const REBUILD_AD =
  "rebuild the settlement with buildAdSettlement from getCampaign(...).state and have the quorum sign it again";
const NOTHING_CREDITED =
  "nothing is credited to this account in this token: check getCredit (earnings appear after a settlement, a release or a sale)";

/** The fix for each revert an operation action can meet, by custom error name. */
export const OPS_HINTS: Readonly<Record<string, string>> = {
  ProofOfViewNotCreator:
    "only the work's creator sets its split and enhancers: send from the creator's account",
  ProofOfViewNotVideo:
    "only video works earn Proof-of-View rewards: register the video with mediaType Video",
  ProofOfViewInvalidSplit:
    "keep the split inside ProofOfView.splitBounds (creator at least the minimum, viewers between the bounds, enhancers at most the maximum)",
  ProofOfViewInvalidEnhancers:
    "give at most 16 enhancers, each with a non-zero address and weight, one weight per account",
  ProofOfViewRootNotMature:
    "the challenge window is still open: call activatePovRoot once the chain's time passes `activeAt` (getPovSettlementState().pendingActiveAt)",
  ProofOfViewNoPendingRoot: "no settlement is waiting for activation: settle a report first",
  ProofOfViewRootPending:
    "the previous settlement is still in its challenge window: activatePovRoot after its activeAt, then settle",
  ProofOfViewWrongNonce: `the report's nonce is stale: ${REBUILD_POV}`,
  ProofOfViewEpochOutOfOrder:
    "start the report at getPovSettlementState().nextEpoch (reports cover consecutive epochs)",
  ProofOfViewEpochNotEnded:
    "settle only epochs that have ended: wait until the chain's time passes the report's last epoch",
  ProofOfViewInvalidSpan: "the report's toEpoch must not be before its fromEpoch",
  ProofOfViewContentsNotSorted: `list contents by increasing work id: ${REBUILD_POV}`,
  ProofOfViewSplitMismatch: `a content's role amounts do not follow its split: ${REBUILD_POV}`,
  ProofOfViewTotalMismatch: `the report's total is not the sum of its contents: ${REBUILD_POV}`,
  ProofOfViewEmissionExceeded: `the report pays more than its epochs emit: ${REBUILD_POV}`,
  ProofOfViewContentNotEnrolled:
    "the work has no split: its creator enrols it with setPovSplit before its plays can be settled",
  ProofOfViewContentNotActive:
    "the work is suspended or unknown: leave it out of the report until a supervisor reinstates it",
  AuthoritySetQuorumNotReached:
    "collect signatures from at least getAuthority().quorumThreshold verifiers",
  AuthoritySetNotVerifier:
    "a signer is not a current verifier: sign with verifier keys only (the admin grants the role with grantAuthorityRole)",
  AuthoritySetSignersNotSorted:
    "pass the signatures with their signers ({ signer, signature }) and let the action order them",
  AuthoritySetInvalidSignature: "a signature does not sign this report: sign the exact report sent",
  AdEscrowNotAdvertiser: "only the campaign's advertiser does this: send from its account",
  AdEscrowCampaignNotActive:
    "the campaign is paused, exhausted or cancelled (getCampaign().status): resumeCampaign a paused one, open a new one otherwise",
  AdEscrowBudgetMismatch: `the budget changed since the settlement was built: ${REBUILD_AD}`,
  AdEscrowStalePeriod: "use a period after getCampaign().lastPeriod",
  AdEscrowReportExpired: "the settlement's deadline passed: build and sign a fresh one",
  AdEscrowItemsMismatch: "send exactly the items the verifiers signed (buildAdSettlement's items)",
  AdEscrowViewerTotalMismatch: `the signed viewer total differs from the pool: ${REBUILD_AD}`,
  AdEscrowWorkNotTargeted:
    "settle only works the campaign targets (createCampaign's targetWorkIds)",
  AdEscrowWorkNotActive: "the work is suspended or unknown: leave it out of the settlement",
  AdEscrowOutsideSettlementWindow:
    "settle between the campaign's start and its end plus the settlement grace",
  AdEscrowRemainderLocked:
    "the remainder is refundable after the campaign's end plus the settlement grace, or at once after cancelCampaign",
  ProofOfViewNotSupervisor: "only a supervisor of the AuthoritySet rejects roots",
  ProofOfViewChallengeWindowOver:
    "the challenge window is over: the root can only be activated now (activatePovRoot)",
  CommerceEscrowNotSupervisor:
    "only a supervisor of the AuthoritySet rules on disputes (the admin grants the role with grantAuthorityRole)",
  CommerceEscrowInvalidRuling: "the buyer's part cannot exceed the order's amount (getOrder)",
  CommerceEscrowTooEarly:
    "the order's deadline has not passed yet (getOrder().deadline): its party acts, or wait",
  CommerceEscrowUnknownOrder: "check the order id (createOrder returns it)",
  CommerceEscrowNotParty:
    "only the order's merchant ships, only its buyer confirms; either may dispute: send from that account",
  CommerceEscrowWrongState:
    "the order is not in the state this step needs: read it with getOrder (ship a Paid order, confirm a Shipped one)",
  CommerceEscrowTooLate:
    "the order's deadline passed (getOrder().deadline): the timeout path (release or refund) settles it now",
  EscrowVaultNothingToWithdraw: NOTHING_CREDITED,
  LicenseMarketNothingToWithdraw: NOTHING_CREDITED,
  CopyrightRegistryNgoNotApproved:
    "the registry's admin must approve the NGO first (setNgoApproval); pick an approved one",
  CopyrightRegistryInvalidDonation:
    "give an approved NGO with a share up to the registry's maximum, or no NGO with bps 0",
  AccessControlUnauthorizedAccount:
    "the sender lacks the admin role this needs: send from the contract admin's account",
};

/**
 * `sendContract` whose reverts carry the operation hint of {@link OPS_HINTS} first (the generic
 * hint follows). Everything else is passed through unchanged.
 */
export async function sendOp(
  client: AuteurClient,
  name: ContractName,
  method: string,
  args: unknown[],
  action: string,
): Promise<SentTransaction> {
  try {
    return await sendContract(client, name, method, args, { action });
  } catch (error) {
    if (error instanceof AuteurContractError && OPS_HINTS[error.errorName] !== undefined) {
      const hint = OPS_HINTS[error.errorName];
      throw new AuteurContractError(error.errorName, { ...error.args }, error.data, {
        action,
        hints: [hint, ...error.hints.filter((h) => h !== hint)],
        cause: error,
      });
    }
    throw error;
  }
}
