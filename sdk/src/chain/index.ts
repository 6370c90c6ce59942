/**
 * `@auteur/sdk/chain`: typed clients for Auteur's contracts (ethers v6), EIP-712 builders, revert
 * decoding, generated ABIs. Free of Node built-ins and native modules, so it bundles for browsers.
 *
 * @example
 * ```ts
 * import { createAuteurClient } from "@auteur/sdk/chain";
 * const client = await createAuteurClient({ signer, deployments });
 * const { workId } = await client.registerWork({ upload, attester });
 * ```
 */
import { bindActions, type BoundActions } from "./actions.js";
import {
  createClientCore,
  type AuteurClient,
  type CreateAuteurClientParameters,
} from "./client.js";

/** A client with every action bound as a method. */
export type AuteurClientWithActions = AuteurClient & BoundActions;

/**
 * Connects to Auteur's contracts on one chain: `provider` or `signer`, plus the chain's
 * `deployments` record (or `chainId`/`deploymentsDir` to read `deployments/<chainId>.json` in Node).
 *
 * @example
 * ```ts
 * const client = await createAuteurClient({ signer: wallet, deployments: JSON.parse(text) });
 * await client.publishOffer({ workId: 1n, kind: "RoyaltyFree", price: 10n ** 18n });
 * ```
 */
export async function createAuteurClient(
  p: CreateAuteurClientParameters,
): Promise<AuteurClientWithActions> {
  const core = await createClientCore(p);
  return Object.assign(core, bindActions(core));
}

export type { AuteurClient, CreateAuteurClientParameters, SentTransaction } from "./client.js";
export {
  createClientCore,
  sendContract,
  readContract,
  decodeEvents,
  requireEvent,
} from "./client.js";
export { bindActions, type BoundActions } from "./actions.js";
export {
  parseDeployments,
  addressOf,
  type Deployments,
  type DeployedContract,
} from "./deployments.js";
export {
  AuteurContractError,
  decodeRevertData,
  findRevertData,
  toAuteurError,
  withDecodedErrors,
  hintFor,
  errorInterface,
} from "./errors.js";
export * from "./eip712.js";
export * from "./generated/index.js";
export * from "./actions/registerWork.js";
export * from "./actions/addVersion.js";
export * from "./actions/requestRawTransfer.js";
export * from "./actions/finaliseRawTransfer.js";
export * from "./actions/publishOffer.js";
export * from "./actions/buyLicence.js";
export * from "./actions/hasLicence.js";
export * from "./actions/kinds.js";
export * from "./actions/claimPovReward.js";
export * from "./actions/ads.js";
export * from "./actions/tip.js";
export * from "./actions/createOrder.js";
export * from "./actions/approve.js";
export * from "./actions/watchEvents.js";
export * from "./actions/povOps.js";
export * from "./actions/adsOps.js";
export * from "./actions/commerceOps.js";
export * from "./actions/registryOps.js";
export * from "./actions/tokenReads.js";
export * from "./actions/authorityOps.js";
