// Mappings of the genesis vesting wallets: AuteurVestingWallet and AuteurStepVestingWallet
// (contracts/interfaces/IVestingSchedule.sol + OZ VestingWallet and Ownable). Both emit the same
// events, so one mapping serves every `Vesting_<trancheId>` data source and the VestingWallet
// template (scripts/dataSources.ts, VESTING_WALLETS).
import { Address, BigInt, Bytes, dataSource, ethereum } from "@graphprotocol/graph-ts";
import {
  ERC20Released,
  EtherReleased,
  OwnershipTransferred,
  VestingScheduleCreated,
  VestingVotesDelegated,
} from "../generated/templates/VestingWallet/VestingWallet";
import {
  VestingOwnershipTransfer,
  VestingRelease,
  VestingVotesDelegation,
  VestingWallet,
  VestingWalletToken,
} from "../generated/schema";
import { loadAccount } from "./common";
import {
  VESTING_LABEL_CONTEXT_KEY,
  VESTING_TRANCHE_CONTEXT_KEY,
  ZERO,
  ZERO_ADDRESS,
  vestingKindName,
} from "./constants";
import { addressId, eventId, vestingWalletTokenId } from "./ids";

/** A context entry as a string, or null when the data source does not declare it. */
function contextString(key: string): string | null {
  const value = dataSource.context().get(key);
  return value == null ? null : value.toString();
}

/** The owner as an account reference: null for the zero address (constructor, renounced). */
function ownerRef(owner: Address): Bytes | null {
  if (owner.equals(ZERO_ADDRESS)) return null;
  loadAccount(owner);
  return addressId(owner);
}

function loadToken(wallet: Address, token: Address): VestingWalletToken {
  const id = vestingWalletTokenId(wallet, token);
  let t = VestingWalletToken.load(id);
  if (t == null) {
    t = new VestingWalletToken(id);
    t.wallet = addressId(wallet);
    t.token = token;
    t.released = ZERO;
    t.releaseCount = 0;
  }
  return t;
}

function recordRelease(
  event: ethereum.Event,
  wallet: VestingWallet | null,
  token: Bytes | null,
  amount: BigInt,
  totalReleased: BigInt,
): void {
  const r = new VestingRelease(eventId(event));
  r.wallet = addressId(event.address);
  r.token = token;
  r.amount = amount;
  r.totalReleased = totalReleased;
  // OZ VestingWallet pays owner() at the time of the release
  if (wallet != null) r.to = wallet.owner;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
}

export function handleVestingScheduleCreated(event: VestingScheduleCreated): void {
  const p = event.params;
  const wallet = new VestingWallet(addressId(event.address));
  wallet.trancheId = contextString(VESTING_TRANCHE_CONTEXT_KEY);
  wallet.trancheLabel = contextString(VESTING_LABEL_CONTEXT_KEY);
  loadAccount(p.beneficiary);
  wallet.beneficiary = addressId(p.beneficiary);
  // the constructor's OwnershipTransferred(0, beneficiary) came first, before the wallet existed
  wallet.owner = addressId(p.beneficiary);
  wallet.kind = vestingKindName(p.kind);
  wallet.start = p.start;
  wallet.duration = p.duration;
  wallet.end = p.start.plus(p.duration);
  wallet.cliffSeconds = p.cliffSeconds;
  wallet.cliff = p.start.plus(p.cliffSeconds);
  wallet.initialBps = p.initialBps;
  wallet.stepBps = p.stepBps;
  wallet.stepSeconds = p.stepSeconds;
  wallet.etherReleased = ZERO;
  wallet.releaseCount = 0;
  wallet.createdAtBlock = event.block.number;
  wallet.createdAtTimestamp = event.block.timestamp;
  wallet.createdAtTransaction = event.transaction.hash;
  wallet.save();
}

export function handleERC20Released(event: ERC20Released): void {
  const token = loadToken(event.address, event.params.token);
  token.released = token.released.plus(event.params.amount);
  token.releaseCount += 1;
  token.save();
  const wallet = VestingWallet.load(addressId(event.address));
  if (wallet != null) {
    wallet.releaseCount += 1;
    wallet.save();
  }
  recordRelease(event, wallet, event.params.token, event.params.amount, token.released);
}

export function handleEtherReleased(event: EtherReleased): void {
  const wallet = VestingWallet.load(addressId(event.address));
  let total = event.params.amount;
  if (wallet != null) {
    wallet.etherReleased = wallet.etherReleased.plus(event.params.amount);
    wallet.releaseCount += 1;
    wallet.save();
    total = wallet.etherReleased;
  }
  recordRelease(event, wallet, null, event.params.amount, total);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  const newOwner = ownerRef(event.params.newOwner);
  // null in the constructor: VestingScheduleCreated (next log) creates the wallet with its owner
  const wallet = VestingWallet.load(addressId(event.address));
  if (wallet != null) {
    wallet.owner = newOwner;
    wallet.save();
  }

  const t = new VestingOwnershipTransfer(eventId(event));
  t.wallet = addressId(event.address);
  t.previousOwner = ownerRef(event.params.previousOwner);
  t.newOwner = newOwner;
  t.blockNumber = event.block.number;
  t.timestamp = event.block.timestamp;
  t.transactionHash = event.transaction.hash;
  t.save();
}

export function handleVestingVotesDelegated(event: VestingVotesDelegated): void {
  loadAccount(event.params.delegatee);
  const token = loadToken(event.address, event.params.token);
  token.delegatee = addressId(event.params.delegatee);
  token.save();

  const d = new VestingVotesDelegation(eventId(event));
  d.wallet = addressId(event.address);
  d.token = event.params.token;
  d.delegatee = addressId(event.params.delegatee);
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.save();
}
