// Every entity id is built here (STYLE 14): domain entity = on-chain key, event entity =
// "<txHash>-<logIndex>". The harness tests check these formats.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { SECONDS_PER_DAY } from "./constants";

/** "<txHash>-<logIndex>" for an immutable event entity. */
export function eventId(event: ethereum.Event): string {
  return event.transaction.hash.toHexString() + "-" + event.logIndex.toString();
}

/** An account, a token holder, a contract singleton: the address. */
export function addressId(address: Address): Bytes {
  return address;
}

/** A role membership: contract ++ role ++ account (20 + 32 + 20 bytes). */
export function roleMembershipId(contract: Address, role: Bytes, account: Address): Bytes {
  return contract.concat(role).concat(account);
}

/** A uint256 on-chain key (work id, epoch, campaign id...): its decimal string. */
export function uintId(key: BigInt): string {
  return key.toString();
}

/** A UTC day: the day number since the unix epoch. */
export function dayId(timestamp: BigInt): string {
  return (timestamp.toI64() / SECONDS_PER_DAY).toString();
}

/** An offer: "<workId>-<kind>-<tier>". */
export function offerId(workId: BigInt, kind: i32, tier: BigInt): string {
  return workId.toString() + "-" + kind.toString() + "-" + tier.toString();
}

/**
 * A buyer's licence as the market keys it: "<workId>-<buyer>-<kind>-<season>", where season is
 * the tier for VIEW licences (0 = film / whole series) and 0 for the other kinds.
 */
export function licenceId(workId: BigInt, buyer: Address, kind: i32, tier: BigInt): string {
  const season = kind == 2 ? tier.toString() : "0";
  return workId.toString() + "-" + buyer.toHexString() + "-" + kind.toString() + "-" + season;
}

/** A season of a series: "<seriesId>-<season>". */
export function seasonId(seriesId: BigInt, season: i32): string {
  return seriesId.toString() + "-" + season.toString();
}

/** A work's payment in an ad settlement: "<campaignId>-<period>-<workId>". */
export function adWorkPaymentId(campaignId: BigInt, period: BigInt, workId: BigInt): string {
  return campaignId.toString() + "-" + period.toString() + "-" + workId.toString();
}

/** A work's earnings in a Proof-of-View report: "<nonce>-<workId>". */
export function contentEarningId(nonce: BigInt, workId: BigInt): string {
  return nonce.toString() + "-" + workId.toString();
}

/** An ERC-20 token of a vesting wallet: wallet ++ token (20 + 20 bytes). */
export function vestingWalletTokenId(wallet: Address, token: Address): Bytes {
  return wallet.concat(token);
}
