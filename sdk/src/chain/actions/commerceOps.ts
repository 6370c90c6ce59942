/**
 * Commerce escrow after payment (ship, confirm, dispute, read an order) and the pull payments of
 * every escrow: what an account has credited in AdEscrow, CommerceEscrow or LicenseMarket, its
 * withdrawal.
 */
import { ZeroHash, getAddress, type TransactionReceipt } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { readContract, requireEvent, type AuteurClient } from "../client.js";
import { sendOp } from "./opsHints.js";

/** CommerceEscrow's `OrderState`, by name. */
export const ORDER_STATE = [
  "None",
  "Paid",
  "Shipped",
  "Completed",
  "Refunded",
  "Disputed",
  "Resolved",
] as const;
/** An order state name. */
export type OrderStateName = (typeof ORDER_STATE)[number];

/** Parameters naming one order. */
export interface OrderIdParameters {
  orderId: bigint;
}

/** Result of {@link getOrder}. */
export interface GetOrderReturnType {
  orderId: bigint;
  buyer: string;
  merchant: string;
  token: string;
  amount: bigint;
  state: OrderStateName;
  /** Ship deadline (Paid), release time (Shipped) or ruling deadline (Disputed), unix seconds. */
  deadline: bigint;
}

/**
 * Reads an order (fails with `ORDER_UNKNOWN` when there is none).
 *
 * @example
 * ```ts
 * const { state, deadline } = await client.getOrder({ orderId });
 * ```
 */
export async function getOrder(
  client: AuteurClient,
  p: OrderIdParameters,
): Promise<GetOrderReturnType> {
  const o = await readContract<Record<string, unknown>>(client, "CommerceEscrow", "orderOf", [
    p.orderId,
  ]);
  const state = ORDER_STATE[Number(o.state)] ?? "None";
  if (state === "None") {
    throw new AuteurInputError("ORDER_UNKNOWN", `order ${p.orderId} does not exist`, {
      details: { orderId: p.orderId },
      hints: ["`createOrder` returns the order id"],
    });
  }
  return {
    orderId: p.orderId,
    buyer: String(o.buyer),
    merchant: String(o.merchant),
    token: String(o.token),
    amount: BigInt(o.amount as bigint),
    state,
    deadline: BigInt(o.deadline as bigint),
  };
}

/** Parameters of {@link markShipped}. */
export interface MarkShippedParameters {
  orderId: bigint;
  /** bytes32 reference of the shipment (e.g. keccak256 of a tracking number); zero by default. */
  trackingRef?: string;
}
/** Result of {@link markShipped}. */
export interface MarkShippedReturnType {
  /** When the funds release to the merchant unless the buyer confirms or disputes first. */
  releaseAt: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * The merchant marks a paid order shipped, before its ship deadline.
 *
 * @example
 * ```ts
 * const { releaseAt } = await merchant.markShipped({ orderId, trackingRef: keccak256(toUtf8Bytes("tracking 42")) });
 * ```
 */
export async function markShipped(
  client: AuteurClient,
  p: MarkShippedParameters,
): Promise<MarkShippedReturnType> {
  const sent = await sendOp(
    client,
    "CommerceEscrow",
    "markShipped",
    [p.orderId, p.trackingRef ?? ZeroHash],
    "markShipped",
  );
  const e = requireEvent(sent.events, "OrderShipped", "markShipped");
  return { releaseAt: BigInt(e.args.releaseAt), txHash: sent.hash, receipt: sent.receipt };
}

/** Result of {@link confirmReceipt}. */
export interface ConfirmReceiptReturnType {
  merchant: string;
  /** What was credited to the merchant (withdrawn with {@link withdrawCredit}). */
  amount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * The buyer confirms receipt of a shipped order; the merchant is credited.
 *
 * @example
 * ```ts
 * const { amount } = await buyer.confirmReceipt({ orderId });
 * ```
 */
export async function confirmReceipt(
  client: AuteurClient,
  p: OrderIdParameters,
): Promise<ConfirmReceiptReturnType> {
  const sent = await sendOp(
    client,
    "CommerceEscrow",
    "confirmReceipt",
    [p.orderId],
    "confirmReceipt",
  );
  const e = requireEvent(sent.events, "OrderReleased", "confirmReceipt");
  return {
    merchant: String(e.args.merchant),
    amount: BigInt(e.args.amount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Result of {@link openDispute}. */
export interface OpenDisputeReturnType {
  /** A supervisor rules before this, else the amount is split in half. */
  rulingDeadline: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * The buyer or the merchant disputes a paid or shipped order before its running deadline; a
 * supervisor then rules.
 *
 * @example
 * ```ts
 * const { rulingDeadline } = await buyer.openDispute({ orderId });
 * ```
 */
export async function openDispute(
  client: AuteurClient,
  p: OrderIdParameters,
): Promise<OpenDisputeReturnType> {
  const sent = await sendOp(client, "CommerceEscrow", "openDispute", [p.orderId], "openDispute");
  const e = requireEvent(sent.events, "OrderDisputed", "openDispute");
  return {
    rulingDeadline: BigInt(e.args.rulingDeadline),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** The contracts that credit balances withdrawn by their owners (pull payments). */
export type CreditingContract = "AdEscrow" | "CommerceEscrow" | "LicenseMarket";
const CREDITING: readonly CreditingContract[] = ["AdEscrow", "CommerceEscrow", "LicenseMarket"];

function checkCrediting(contract: string): asserts contract is CreditingContract {
  if (!CREDITING.includes(contract as CreditingContract)) {
    throw new AuteurInputError(
      "NOT_CREDITING_CONTRACT",
      `${contract} holds no withdrawable credits`,
      { hints: [`use one of ${CREDITING.join(", ")}`] },
    );
  }
}

/** Parameters of {@link getCredit}. */
export interface GetCreditParameters {
  contract: CreditingContract;
  /** Defaults to the signer. */
  account?: string;
  /** Defaults to AuteurToken. */
  token?: string;
}

/**
 * What `account` can withdraw from `contract` in `token` (ad earnings of owners, storage and
 * platform; released orders; licence sales and donations).
 *
 * @example
 * ```ts
 * const credit = await client.getCredit({ contract: "LicenseMarket", account: seller });
 * ```
 */
export async function getCredit(client: AuteurClient, p: GetCreditParameters): Promise<bigint> {
  checkCrediting(p.contract);
  const account = getAddress(p.account ?? (await client.account()));
  const token = p.token ?? client.address("AuteurToken");
  return BigInt(await readContract<bigint>(client, p.contract, "creditOf", [account, token]));
}

/** Parameters of {@link withdrawCredit}. */
export interface WithdrawCreditParameters {
  contract: CreditingContract;
  /** Defaults to AuteurToken. */
  token?: string;
}
/** Result of {@link withdrawCredit}. */
export interface WithdrawCreditReturnType {
  account: string;
  token: string;
  amount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Withdraws everything credited to the signer in `token` from `contract`. With nothing credited
 * the escrows revert with `EscrowVaultNothingToWithdraw` (LicenseMarket: `LicenseMarketNothingToWithdraw`).
 *
 * @example
 * ```ts
 * const { amount } = await merchant.withdrawCredit({ contract: "CommerceEscrow" });
 * ```
 */
export async function withdrawCredit(
  client: AuteurClient,
  p: WithdrawCreditParameters,
): Promise<WithdrawCreditReturnType> {
  checkCrediting(p.contract);
  const token = getAddress(p.token ?? client.address("AuteurToken"));
  const sent = await sendOp(client, p.contract, "withdraw", [token], "withdrawCredit");
  const e = requireEvent(sent.events, "Withdrawn", "withdrawCredit");
  return {
    account: String(e.args.account),
    token: String(e.args.token),
    amount: BigInt(e.args.amount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link resolveDispute}. */
export interface ResolveDisputeParameters {
  orderId: bigint;
  /** What the buyer gets back; the merchant gets the rest of the order's amount. */
  buyerAmount: bigint;
}
/** Result of {@link resolveDispute}. */
export interface ResolveDisputeReturnType {
  buyerAmount: bigint;
  merchantAmount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * A supervisor rules on a disputed order: `buyerAmount` is credited to the buyer, the rest to the
 * merchant (both withdraw with {@link withdrawCredit}).
 *
 * @example
 * ```ts
 * await supervisor.resolveDispute({ orderId, buyerAmount: order.amount / 2n });
 * ```
 */
export async function resolveDispute(
  client: AuteurClient,
  p: ResolveDisputeParameters,
): Promise<ResolveDisputeReturnType> {
  const sent = await sendOp(
    client,
    "CommerceEscrow",
    "resolveDispute",
    [p.orderId, p.buyerAmount],
    "resolveDispute",
  );
  const e = requireEvent(sent.events, "DisputeResolved", "resolveDispute");
  return {
    buyerAmount: BigInt(e.args.buyerAmount),
    merchantAmount: BigInt(e.args.merchantAmount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Result of {@link releaseOrder} and {@link refundUnshippedOrder}. */
export interface OrderTimeoutReturnType {
  /** Who was credited: the merchant (release) or the buyer (refund). */
  account: string;
  amount: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Releases a shipped order to its merchant once the buyer let the confirm timeout pass (anyone).
 *
 * @example
 * ```ts
 * await client.releaseOrder({ orderId });
 * ```
 */
export async function releaseOrder(
  client: AuteurClient,
  p: OrderIdParameters,
): Promise<OrderTimeoutReturnType> {
  const sent = await sendOp(client, "CommerceEscrow", "release", [p.orderId], "releaseOrder");
  const e = requireEvent(sent.events, "OrderReleased", "releaseOrder");
  return {
    account: String(e.args.merchant),
    amount: BigInt(e.args.amount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/**
 * Refunds the buyer of an order its merchant never shipped before the ship deadline (anyone).
 *
 * @example
 * ```ts
 * await client.refundUnshippedOrder({ orderId });
 * ```
 */
export async function refundUnshippedOrder(
  client: AuteurClient,
  p: OrderIdParameters,
): Promise<OrderTimeoutReturnType> {
  const sent = await sendOp(
    client,
    "CommerceEscrow",
    "refundUnshipped",
    [p.orderId],
    "refundUnshippedOrder",
  );
  const e = requireEvent(sent.events, "OrderRefunded", "refundUnshippedOrder");
  return {
    account: String(e.args.buyer),
    amount: BigInt(e.args.amount),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}
