/**
 * `@auteur/sdk/pov`: Proof-of-View off-chain side (player nonce, verifier checks, epoch reports,
 * EIP-712 for the quorum, claims) and the emission curves' TypeScript twin. Pure JavaScript
 * (ethers, @openzeppelin/merkle-tree): bundles for browsers.
 */
export * from "./types.js";
export * from "./curves.js";
export {
  createPlayData,
  hashPlayData,
  nonceHash,
  meetsDifficulty,
  isValidNonce,
  solvePlayNonce,
} from "./player.js";
export type { SolvePlayNonceReturnType } from "./player.js";
export { PovVerifier } from "./verifier.js";
export type { IssuedPlayCode, PovVerifierParameters, VerifierContent } from "./verifier.js";
export { buildEpochReport, splitContentAmount, distribute } from "./report.js";
export type {
  BuildEpochReportParameters,
  BuildEpochReportReturnType,
  EarningLine,
  PovRole,
  ReportContent,
} from "./report.js";
export {
  EPOCH_REPORT_TYPES,
  povDomain,
  epochReportTypedData,
  epochReportDigest,
  signEpochReport,
  orderSignatures,
} from "./eip712.js";
export type { ReportSignature, TypedDataSigner } from "./eip712.js";
export { claimArguments, claimPovRewards } from "./claim.js";
export type { ClaimArguments, ClaimPovRewardsReturnType, PovClaimContract } from "./claim.js";
