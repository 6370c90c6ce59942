import { requireEvent, sendContract, type AuteurClient } from "../client.js";
import { licenceKindValue, type LicenceKindName } from "./kinds.js";

/** Parameters of {@link publishOffer}. */
export interface PublishOfferParameters {
  workId: bigint;
  kind: LicenceKindName;
  /** Resolution tier (royalty-free), scope (rights-managed) or season (view); 0 by default. */
  tier?: number;
  /** Payment token; defaults to the AuteurToken of the deployment. */
  token?: string;
  price: bigint;
  /** Licence term in seconds: required (> 0) for rights-managed, 0 otherwise. */
  term?: bigint;
}
/** Result of {@link publishOffer}. */
export interface PublishOfferReturnType {
  txHash: string;
}

/**
 * Publishes (or changes) a licence offer on a work the signer owns.
 *
 * @example
 * ```ts
 * await client.publishOffer({ workId, kind: "RoyaltyFree", price: 5n * 10n ** 18n });
 * ```
 */
export async function publishOffer(
  client: AuteurClient,
  p: PublishOfferParameters,
): Promise<PublishOfferReturnType> {
  const token = p.token ?? client.address("AuteurToken");
  const sent = await sendContract(
    client,
    "LicenseMarket",
    "setOffer",
    [p.workId, licenceKindValue(p.kind), p.tier ?? 0, token, p.price, p.term ?? 0n],
    { action: "publishOffer" },
  );
  requireEvent(sent.events, "OfferSet", "publishOffer");
  return { txHash: sent.hash };
}
