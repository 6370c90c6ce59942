// Mappings of ProofOfView (contracts/interfaces/IProofOfView.sol, AccessControl).
import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";
import {
  ChallengeWindowSet,
  Claimed,
  ContentSettled,
  EnhancersSet,
  EpochsSettled,
  Paused,
  ProtocolSharesSet,
  RoleGranted,
  RoleRevoked,
  RootActivated,
  RootRejected,
  SplitBoundsSet,
  SplitSet,
  Unpaused,
} from "../generated/ProofOfView/ProofOfView";
import {
  Claim,
  ContentEarning,
  ContentSplit,
  Epoch,
  PovClaimant,
  ProofOfView,
} from "../generated/schema";
import { loadAccount, loadDay, recordRole } from "./common";
import { ZERO } from "./constants";
import { addressId, contentEarningId, eventId, uintId } from "./ids";

function loadPov(address: Address): ProofOfView {
  const id = addressId(address);
  let pov = ProofOfView.load(id);
  if (pov == null) {
    pov = new ProofOfView(id);
    pov.paused = false;
    pov.settlementCount = 0;
    pov.totalMinted = ZERO;
    pov.totalAllocated = ZERO;
    pov.totalClaimed = ZERO;
  }
  return pov;
}

function loadClaimant(address: Address): PovClaimant {
  const id = addressId(address);
  let claimant = PovClaimant.load(id);
  if (claimant == null) {
    loadAccount(address);
    claimant = new PovClaimant(id);
    claimant.account = id;
    claimant.claimed = ZERO;
    claimant.claimCount = 0;
  }
  return claimant;
}

function loadSplit(workId: BigInt): ContentSplit {
  const id = uintId(workId);
  let split = ContentSplit.load(id);
  if (split == null) {
    split = new ContentSplit(id);
    split.work = id;
    split.creatorBps = 0;
    split.viewerBps = 0;
    split.enhancerBps = 0;
    split.effectiveFromEpoch = ZERO;
    split.enhancers = new Array<Bytes>();
    split.enhancerWeights = new Array<BigInt>();
  }
  return split;
}

export function handleSplitSet(event: SplitSet): void {
  const p = event.params;
  loadAccount(p.creator);
  const split = loadSplit(p.workId);
  split.creator = p.creator;
  split.creatorBps = p.creatorBps;
  split.viewerBps = p.viewerBps;
  split.enhancerBps = p.enhancerBps;
  split.effectiveFromEpoch = p.effectiveFromEpoch;
  split.save();
}

export function handleEnhancersSet(event: EnhancersSet): void {
  const p = event.params;
  loadAccount(p.creator);
  const split = loadSplit(p.workId);
  split.creator = p.creator;
  const accounts = new Array<Bytes>();
  for (let i = 0; i < p.accounts.length; i++) accounts.push(p.accounts[i]);
  split.enhancers = accounts;
  split.enhancerWeights = p.weights;
  split.save();
}

export function handleEpochsSettled(event: EpochsSettled): void {
  const p = event.params;
  const epoch = new Epoch(uintId(p.nonce));
  epoch.nonce = p.nonce;
  epoch.fromEpoch = p.fromEpoch;
  epoch.toEpoch = p.toEpoch;
  epoch.root = p.root;
  epoch.total = p.total;
  epoch.emission = p.emission;
  epoch.minted = p.minted;
  epoch.allocated = p.allocated;
  epoch.contentCount = p.contentCount;
  epoch.activeAt = p.activeAt;
  epoch.signers = p.signers;
  epoch.status = "PENDING";
  epoch.settledAt = event.block.timestamp;
  epoch.transactionHash = event.transaction.hash;
  epoch.save();
  const pov = loadPov(event.address);
  pov.settlementCount += 1;
  pov.totalMinted = pov.totalMinted.plus(p.minted);
  pov.totalAllocated = p.allocated;
  pov.save();
}

export function handleContentSettled(event: ContentSettled): void {
  const p = event.params;
  const earning = new ContentEarning(contentEarningId(p.nonce, p.workId));
  earning.epoch = uintId(p.nonce);
  earning.work = uintId(p.workId);
  earning.fromEpoch = p.fromEpoch;
  earning.toEpoch = p.toEpoch;
  earning.creator = p.creator;
  earning.viewer = p.viewer;
  earning.enhancer = p.enhancer;
  earning.storageProvider = p.storageProvider;
  earning.verifier = p.verifier;
  earning.supervisor = p.supervisor;
  earning.save();
}

export function handleRootActivated(event: RootActivated): void {
  const epoch = Epoch.load(uintId(event.params.nonce));
  if (epoch == null) return;
  epoch.status = "ACTIVE";
  epoch.save();
}

export function handleRootRejected(event: RootRejected): void {
  loadAccount(event.params.supervisor);
  const epoch = Epoch.load(uintId(event.params.nonce));
  if (epoch == null) return;
  epoch.status = "REJECTED";
  epoch.rejectedBy = event.params.supervisor;
  epoch.rejectReason = event.params.reason;
  epoch.save();
  const pov = loadPov(event.address);
  pov.totalAllocated = pov.totalAllocated.minus(event.params.amount);
  pov.save();
}

export function handleClaimed(event: Claimed): void {
  const p = event.params;
  const claimant = loadClaimant(p.account);
  loadAccount(p.caller);
  const claim = new Claim(eventId(event));
  claim.account = p.account;
  claim.claimant = claimant.id;
  claim.caller = p.caller;
  claim.amount = p.amount;
  claim.cumulativeAmount = p.cumulativeAmount;
  claim.blockNumber = event.block.number;
  claim.timestamp = event.block.timestamp;
  claim.transactionHash = event.transaction.hash;
  claim.save();
  // the contract pays the difference to the cumulative amount, which becomes claimed(account)
  claimant.claimed = p.cumulativeAmount;
  claimant.claimCount += 1;
  claimant.save();
  const pov = loadPov(event.address);
  pov.totalClaimed = pov.totalClaimed.plus(p.amount);
  pov.save();
  const day = loadDay(event);
  day.povClaimed = day.povClaimed.plus(p.amount);
  day.save();
}

export function handleProtocolSharesSet(event: ProtocolSharesSet): void {
  const pov = loadPov(event.address);
  pov.storageBps = event.params.storageBps;
  pov.verifierBps = event.params.verifierBps;
  pov.supervisorBps = event.params.supervisorBps;
  pov.save();
}

export function handleSplitBoundsSet(event: SplitBoundsSet): void {
  const pov = loadPov(event.address);
  pov.minCreatorBps = event.params.minCreatorBps;
  pov.minViewerBps = event.params.minViewerBps;
  pov.maxViewerBps = event.params.maxViewerBps;
  pov.maxEnhancerBps = event.params.maxEnhancerBps;
  pov.save();
}

export function handleChallengeWindowSet(event: ChallengeWindowSet): void {
  const pov = loadPov(event.address);
  pov.challengeWindow = event.params.window;
  pov.save();
}

export function handlePaused(event: Paused): void {
  const pov = loadPov(event.address);
  pov.paused = true;
  pov.save();
}

export function handleUnpaused(event: Unpaused): void {
  const pov = loadPov(event.address);
  pov.paused = false;
  pov.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
