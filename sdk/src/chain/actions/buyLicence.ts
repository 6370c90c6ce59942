import { ZeroAddress } from "ethers";
import { readContract, requireEvent, sendContract, type AuteurClient } from "../client.js";
import { ensureAllowance } from "./approve.js";
import { licenceKindValue, type LicenceKindName } from "./kinds.js";

/** Parameters of {@link buyLicence}. */
export interface BuyLicenceParameters {
  workId: bigint;
  kind: LicenceKindName;
  tier?: number;
  /**
   * The price and token you agree to pay; read from the offer when absent. The contract reverts
   * with `LicenseMarketOfferChanged` when the offer changed in between.
   */
  price?: bigint;
  token?: string;
  /** Approve the market for the price first when the allowance is short (default true). */
  approve?: boolean;
}
/** Result of {@link buyLicence}. */
export interface BuyLicenceReturnType {
  validUntil: bigint;
  price: bigint;
  token: string;
  txHash: string;
}

/**
 * Buys a licence at the offer's price (approving the market first when needed).
 *
 * @example
 * ```ts
 * const { validUntil } = await client.buyLicence({ workId, kind: "RoyaltyFree" });
 * ```
 */
export async function buyLicence(
  client: AuteurClient,
  p: BuyLicenceParameters,
): Promise<BuyLicenceReturnType> {
  const kind = licenceKindValue(p.kind);
  const tier = p.tier ?? 0;
  let { price, token } = p;
  if (price === undefined || token === undefined) {
    const offer = await readContract<{ token: string; price: bigint }>(
      client,
      "LicenseMarket",
      "offerOf",
      [p.workId, kind, tier],
    );
    price ??= BigInt(offer.price ?? (offer as unknown as unknown[])[1]);
    token ??= String(offer.token ?? (offer as unknown as unknown[])[0]);
  }
  if (p.approve !== false && token !== ZeroAddress) {
    await ensureAllowance(client, { token, spender: "LicenseMarket", amount: price });
  }
  const sent = await sendContract(
    client,
    "LicenseMarket",
    "buy",
    [p.workId, kind, tier, token, price],
    {
      action: "buyLicence",
      ...(token === ZeroAddress ? { value: price } : {}),
    },
  );
  const e = requireEvent(sent.events, "LicencePurchased", "buyLicence");
  const validUntil = (e.args as unknown as { validUntil?: bigint }).validUntil ?? 0n;
  return { validUntil: BigInt(validUntil), price, token, txHash: sent.hash };
}
