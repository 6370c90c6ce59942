import { ZeroHash, getAddress } from "ethers";
import { requireEvent, sendContract, type AuteurClient } from "../client.js";
import { ensureAllowance } from "./approve.js";

/** Parameters of {@link createOrder}. */
export interface CreateOrderParameters {
  merchant: string;
  amount: bigint;
  /** Payment token (allowed by the escrow); defaults to AuteurToken. */
  token?: string;
  /** An off-chain order reference (bytes32). */
  orderRef?: string;
  approve?: boolean;
}
/** Result of {@link createOrder}. */
export interface CreateOrderReturnType {
  orderId: bigint;
  txHash: string;
}

/**
 * Pays an order into CommerceEscrow (pay -> ship -> confirm -> release; disputes go to a supervisor).
 *
 * @example
 * ```ts
 * const { orderId } = await client.createOrder({ merchant, amount: 25n * 10n ** 18n });
 * ```
 */
export async function createOrder(
  client: AuteurClient,
  p: CreateOrderParameters,
): Promise<CreateOrderReturnType> {
  const token = p.token ?? client.address("AuteurToken");
  if (p.approve !== false)
    await ensureAllowance(client, { token, spender: "CommerceEscrow", amount: p.amount });
  const sent = await sendContract(
    client,
    "CommerceEscrow",
    "createOrder",
    [getAddress(p.merchant), token, p.amount, p.orderRef ?? ZeroHash],
    { action: "createOrder" },
  );
  const e = requireEvent(sent.events, "OrderPaid", "createOrder");
  return { orderId: e.args.orderId as bigint, txHash: sent.hash };
}
