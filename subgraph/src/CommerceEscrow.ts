// Mappings of CommerceEscrow (contracts/interfaces/ICommerceEscrow.sol, Pausable, AccessControl).
import { Address, Bytes } from "@graphprotocol/graph-ts";
import {
  DisputeResolved,
  OrderDisputed,
  OrderPaid,
  OrderRefunded,
  OrderReleased,
  OrderShipped,
  Paused,
  RoleGranted,
  RoleRevoked,
  TimeoutsChanged,
  TokenAllowed,
  Unpaused,
  Withdrawn,
} from "../generated/CommerceEscrow/CommerceEscrow";
import { Escrow, Order } from "../generated/schema";
import { loadAccount, loadDay, recordRole, recordWithdrawal } from "./common";
import { RELEASE_CONFIRM_TIMEOUT, ZERO } from "./constants";
import { addressId, uintId } from "./ids";

function loadEscrow(address: Address): Escrow {
  const id = addressId(address);
  let escrow = Escrow.load(id);
  if (escrow == null) {
    escrow = new Escrow(id);
    escrow.allowedTokens = new Array<Bytes>();
    escrow.paused = false;
    escrow.orderCount = 0;
    escrow.totalPaid = ZERO;
    escrow.totalReleased = ZERO;
    escrow.totalRefunded = ZERO;
  }
  return escrow;
}

export function handleOrderPaid(event: OrderPaid): void {
  const p = event.params;
  loadAccount(p.buyer);
  loadAccount(p.merchant);
  const order = new Order(uintId(p.orderId));
  order.orderId = p.orderId;
  order.buyer = p.buyer;
  order.merchant = p.merchant;
  order.token = p.token;
  order.amount = p.amount;
  order.orderRef = p.orderRef;
  order.state = "PAID";
  order.shipDeadline = p.shipDeadline;
  order.merchantAmount = ZERO;
  order.buyerAmount = ZERO;
  order.timedOut = false;
  order.createdAt = event.block.timestamp;
  order.updatedAt = event.block.timestamp;
  order.transactionHash = event.transaction.hash;
  order.save();

  const escrow = loadEscrow(event.address);
  escrow.orderCount += 1;
  escrow.totalPaid = escrow.totalPaid.plus(p.amount);
  escrow.save();
  const day = loadDay(event);
  day.ordersPaid += 1;
  day.save();
}

export function handleOrderShipped(event: OrderShipped): void {
  const order = Order.load(uintId(event.params.orderId));
  if (order == null) return;
  order.state = "SHIPPED";
  order.trackingRef = event.params.trackingRef;
  order.releaseAt = event.params.releaseAt;
  order.updatedAt = event.block.timestamp;
  order.save();
}

export function handleOrderReleased(event: OrderReleased): void {
  const order = Order.load(uintId(event.params.orderId));
  if (order == null) return;
  order.state = "COMPLETED";
  order.merchantAmount = event.params.amount;
  order.timedOut = event.params.reason == RELEASE_CONFIRM_TIMEOUT;
  order.updatedAt = event.block.timestamp;
  order.save();
  const escrow = loadEscrow(event.address);
  escrow.totalReleased = escrow.totalReleased.plus(event.params.amount);
  escrow.save();
}

export function handleOrderRefunded(event: OrderRefunded): void {
  const order = Order.load(uintId(event.params.orderId));
  if (order == null) return;
  order.state = "REFUNDED";
  order.buyerAmount = event.params.amount;
  order.updatedAt = event.block.timestamp;
  order.save();
  const escrow = loadEscrow(event.address);
  escrow.totalRefunded = escrow.totalRefunded.plus(event.params.amount);
  escrow.save();
}

export function handleOrderDisputed(event: OrderDisputed): void {
  const order = Order.load(uintId(event.params.orderId));
  if (order == null) return;
  loadAccount(event.params.openedBy);
  order.state = "DISPUTED";
  order.disputedBy = event.params.openedBy;
  order.rulingDeadline = event.params.rulingDeadline;
  order.updatedAt = event.block.timestamp;
  order.save();
}

export function handleDisputeResolved(event: DisputeResolved): void {
  const order = Order.load(uintId(event.params.orderId));
  if (order == null) return;
  loadAccount(event.params.resolvedBy);
  order.state = "RESOLVED";
  order.resolvedBy = event.params.resolvedBy;
  order.buyerAmount = event.params.buyerAmount;
  order.merchantAmount = event.params.merchantAmount;
  order.timedOut = event.params.timedOut;
  order.updatedAt = event.block.timestamp;
  order.save();
  const escrow = loadEscrow(event.address);
  escrow.totalReleased = escrow.totalReleased.plus(event.params.merchantAmount);
  escrow.totalRefunded = escrow.totalRefunded.plus(event.params.buyerAmount);
  escrow.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  recordWithdrawal(event, event.params.account, event.params.token, event.params.amount);
}

export function handleTokenAllowed(event: TokenAllowed): void {
  const escrow = loadEscrow(event.address);
  const current = escrow.allowedTokens;
  const next = new Array<Bytes>();
  for (let i = 0; i < current.length; i++) {
    if (!current[i].equals(event.params.token)) next.push(current[i]);
  }
  if (event.params.allowed) next.push(event.params.token);
  escrow.allowedTokens = next;
  escrow.save();
}

export function handleTimeoutsChanged(event: TimeoutsChanged): void {
  const escrow = loadEscrow(event.address);
  escrow.shipTimeout = event.params.ship;
  escrow.confirmTimeout = event.params.confirm;
  escrow.rulingTimeout = event.params.ruling;
  escrow.save();
}

export function handlePaused(event: Paused): void {
  const escrow = loadEscrow(event.address);
  escrow.paused = true;
  escrow.save();
}

export function handleUnpaused(event: Unpaused): void {
  const escrow = loadEscrow(event.address);
  escrow.paused = false;
  escrow.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
