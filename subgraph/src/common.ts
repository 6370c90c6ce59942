// Load-or-create helpers shared by the mappings (not a mapping itself).
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  Account,
  ProtocolDayData,
  RoleChange,
  RoleMembership,
  Withdrawal,
} from "../generated/schema";
import { SECONDS_PER_DAY, ZERO, roleName } from "./constants";
import { addressId, dayId, eventId, roleMembershipId } from "./ids";

export function loadAccount(address: Address): Account {
  const id = addressId(address);
  let account = Account.load(id);
  if (account == null) {
    account = new Account(id);
    account.save();
  }
  return account;
}

export function loadDay(event: ethereum.Event): ProtocolDayData {
  const id = dayId(event.block.timestamp);
  let day = ProtocolDayData.load(id);
  if (day == null) {
    day = new ProtocolDayData(id);
    const start = (event.block.timestamp.toI64() / SECONDS_PER_DAY) * SECONDS_PER_DAY;
    day.date = <i32>start;
    day.transferCount = ZERO;
    day.transferVolume = ZERO;
    day.minted = ZERO;
    day.burned = ZERO;
    day.worksRegistered = 0;
    day.versionsAdded = 0;
    day.licencesSold = 0;
    day.licenceVolume = ZERO;
    day.fuelBurned = ZERO;
    day.ordersPaid = 0;
    day.miningRewards = ZERO;
    day.adSpend = ZERO;
    day.povClaimed = ZERO;
    day.tipVolume = ZERO;
  }
  return day;
}

/** RoleGranted / RoleRevoked of any AccessControl contract. */
export function recordRole(
  event: ethereum.Event,
  role: Bytes,
  account: Address,
  sender: Address,
  granted: boolean,
): void {
  loadAccount(account);
  loadAccount(sender);
  const id = roleMembershipId(event.address, role, account);
  let membership = RoleMembership.load(id);
  if (membership == null) {
    membership = new RoleMembership(id);
    membership.contract = event.address;
    membership.role = role;
    membership.roleName = roleName(role);
    membership.account = account;
    membership.grantedAt = event.block.timestamp;
  }
  membership.active = granted;
  if (granted) membership.grantedAt = event.block.timestamp;
  else membership.revokedAt = event.block.timestamp;
  membership.save();

  const change = new RoleChange(eventId(event));
  change.contract = event.address;
  change.role = role;
  change.roleName = roleName(role);
  change.account = account;
  change.sender = sender;
  change.granted = granted;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

/** Withdrawn(account, token, amount) of the market or the commerce escrow. */
export function recordWithdrawal(
  event: ethereum.Event,
  account: Address,
  token: Address,
  amount: BigInt,
): void {
  loadAccount(account);
  const w = new Withdrawal(eventId(event));
  w.contract = event.address;
  w.account = account;
  w.token = token;
  w.amount = amount;
  w.blockNumber = event.block.number;
  w.timestamp = event.block.timestamp;
  w.transactionHash = event.transaction.hash;
  w.save();
}
