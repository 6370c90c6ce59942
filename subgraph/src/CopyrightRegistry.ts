// Mappings of CopyrightRegistry (contracts/interfaces/ICopyrightRegistry.sol, ERC-721, AccessControl).
import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";
import {
  DisputeWindowChanged,
  DonationSet,
  MatchThresholdChanged,
  NgoApprovalChanged,
  OwnershipClaimFinalised,
  OwnershipClaimRejected,
  OwnershipClaimed,
  RoleGranted,
  RoleRevoked,
  RoyaltySet,
  Transfer,
  VersionAdded,
  WorkRegistered,
  WorkReinstated,
  WorkSuspended,
} from "../generated/CopyrightRegistry/CopyrightRegistry";
import {
  DonationSplit,
  Ngo,
  OwnershipClaim,
  OwnershipTransfer,
  Registry,
  Suspension,
  Work,
  WorkVersion,
} from "../generated/schema";
import { loadAccount, loadDay, recordRole } from "./common";
import { ZERO, ZERO_ADDRESS } from "./constants";
import { addressId, eventId, uintId } from "./ids";

function loadRegistry(address: Address): Registry {
  const id = addressId(address);
  let registry = Registry.load(id);
  if (registry == null) {
    registry = new Registry(id);
    registry.workCount = 0;
    registry.versionCount = 0;
  }
  return registry;
}

export function loadNgo(address: Address): Ngo {
  const id = addressId(address);
  let ngo = Ngo.load(id);
  if (ngo == null) {
    ngo = new Ngo(id);
    ngo.approved = false;
    ngo.totalReceived = ZERO;
    ngo.tipsReceived = ZERO;
    ngo.tipCount = 0;
  }
  return ngo;
}

export function handleWorkRegistered(event: WorkRegistered): void {
  const upload = event.params.upload;
  const creator = event.params.creator;
  loadAccount(creator);
  const work = new Work(uintId(event.params.workId));
  work.workId = event.params.workId;
  work.creator = creator;
  work.owner = creator;
  work.contentSha256 = event.params.contentSha256;
  work.pHash = upload.pHash;
  work.width = upload.width;
  work.height = upload.height;
  work.raw = upload.raw;
  work.manifest = upload.manifest;
  work.mediaType = upload.mediaType;
  work.cellCount = upload.cellCount;
  work.durationSeconds = upload.durationSeconds;
  work.attester = event.params.attester;
  work.status = "ACTIVE";
  work.versionCount = 0;
  work.highestPixels = upload.width.times(upload.height);
  work.registeredAt = event.params.registeredAt;
  work.blockNumber = event.block.number;
  work.transactionHash = event.transaction.hash;
  work.save();

  const version = new WorkVersion(event.params.contentSha256);
  version.work = work.id;
  version.version = 0;
  version.uploader = creator;
  version.distance = 0;
  version.pHash = upload.pHash;
  version.width = upload.width;
  version.height = upload.height;
  version.raw = upload.raw;
  version.manifest = upload.manifest;
  version.mediaType = upload.mediaType;
  version.cellCount = upload.cellCount;
  version.durationSeconds = upload.durationSeconds;
  version.attester = event.params.attester;
  version.highestPixels = work.highestPixels;
  version.blockNumber = event.block.number;
  version.timestamp = event.block.timestamp;
  version.transactionHash = event.transaction.hash;
  version.save();

  const registry = loadRegistry(event.address);
  registry.workCount += 1;
  registry.save();
  const day = loadDay(event);
  day.worksRegistered += 1;
  day.save();
}

export function handleVersionAdded(event: VersionAdded): void {
  const upload = event.params.upload;
  loadAccount(event.params.uploader);
  const work = Work.load(uintId(event.params.workId));
  if (work == null) return; // cannot happen: a version always follows its work's registration
  work.versionCount = event.params.version;
  work.highestPixels = event.params.highestPixels;
  work.save();

  const version = new WorkVersion(event.params.contentSha256);
  version.work = work.id;
  version.version = event.params.version;
  version.uploader = event.params.uploader;
  version.matchedSha256 = event.params.matchedSha256;
  version.distance = event.params.distance;
  version.pHash = upload.pHash;
  version.width = upload.width;
  version.height = upload.height;
  version.raw = upload.raw;
  version.manifest = upload.manifest;
  version.mediaType = upload.mediaType;
  version.cellCount = upload.cellCount;
  version.durationSeconds = upload.durationSeconds;
  version.attester = event.params.attester;
  version.highestPixels = event.params.highestPixels;
  version.blockNumber = event.block.number;
  version.timestamp = event.block.timestamp;
  version.transactionHash = event.transaction.hash;
  version.save();

  const registry = loadRegistry(event.address);
  registry.versionCount += 1;
  registry.save();
  const day = loadDay(event);
  day.versionsAdded += 1;
  day.save();
}

/** ERC-721 Transfer: every owner change after the mint (the mint is WorkRegistered). */
export function handleTransfer(event: Transfer): void {
  if (event.params.from.equals(ZERO_ADDRESS)) return;
  const work = Work.load(uintId(event.params.tokenId));
  if (work == null) return;
  loadAccount(event.params.to);
  work.owner = event.params.to;
  work.save();

  const transfer = new OwnershipTransfer(eventId(event));
  transfer.work = work.id;
  transfer.from = event.params.from;
  transfer.to = event.params.to;
  transfer.blockNumber = event.block.number;
  transfer.timestamp = event.block.timestamp;
  transfer.transactionHash = event.transaction.hash;
  transfer.save();
}

export function handleOwnershipClaimed(event: OwnershipClaimed): void {
  const work = Work.load(uintId(event.params.workId));
  if (work == null) return;
  loadAccount(event.params.claimant);
  const claim = new OwnershipClaim(eventId(event));
  claim.work = work.id;
  claim.claimant = event.params.claimant;
  claim.owner = event.params.owner;
  claim.version = event.params.version;
  claim.readyAt = event.params.readyAt;
  claim.status = "PENDING";
  claim.createdAt = event.block.timestamp;
  claim.save();
  work.pendingClaim = claim.id;
  work.save();
}

function closeClaim(workId: BigInt, status: string, timestamp: BigInt): OwnershipClaim | null {
  const work = Work.load(uintId(workId));
  if (work == null) return null;
  const claimId = work.pendingClaim;
  if (claimId == null) return null;
  const claim = OwnershipClaim.load(claimId!);
  if (claim == null) return null;
  claim.status = status;
  claim.resolvedAt = timestamp;
  work.pendingClaim = null;
  work.save();
  return claim;
}

export function handleOwnershipClaimRejected(event: OwnershipClaimRejected): void {
  loadAccount(event.params.supervisor);
  const claim = closeClaim(event.params.workId, "REJECTED", event.block.timestamp);
  if (claim == null) return;
  claim.rejectedBy = event.params.supervisor;
  claim.reasonCode = event.params.reasonCode;
  claim.save();
}

export function handleOwnershipClaimFinalised(event: OwnershipClaimFinalised): void {
  const claim = closeClaim(event.params.workId, "FINALISED", event.block.timestamp);
  if (claim != null) claim.save();
}

function recordSuspension(
  workId: BigInt,
  supervisor: Address,
  reasonCode: BigInt,
  suspended: boolean,
  id: string,
  blockNumber: BigInt,
  timestamp: BigInt,
  txHash: Bytes,
): void {
  const work = Work.load(uintId(workId));
  if (work == null) return;
  loadAccount(supervisor);
  work.status = suspended ? "SUSPENDED" : "ACTIVE";
  work.save();
  const s = new Suspension(id);
  s.work = work.id;
  s.supervisor = supervisor;
  s.suspended = suspended;
  s.reasonCode = reasonCode;
  s.blockNumber = blockNumber;
  s.timestamp = timestamp;
  s.transactionHash = txHash;
  s.save();
}

export function handleWorkSuspended(event: WorkSuspended): void {
  recordSuspension(
    event.params.workId,
    event.params.supervisor,
    event.params.reasonCode,
    true,
    eventId(event),
    event.block.number,
    event.block.timestamp,
    event.transaction.hash,
  );
}

export function handleWorkReinstated(event: WorkReinstated): void {
  recordSuspension(
    event.params.workId,
    event.params.supervisor,
    event.params.reasonCode,
    false,
    eventId(event),
    event.block.number,
    event.block.timestamp,
    event.transaction.hash,
  );
}

export function handleRoyaltySet(event: RoyaltySet): void {
  const work = Work.load(uintId(event.params.workId));
  if (work == null) return;
  work.royaltyReceiver = event.params.receiver;
  work.royaltyBps = event.params.bps;
  work.save();
}

export function handleMatchThresholdChanged(event: MatchThresholdChanged): void {
  const registry = loadRegistry(event.address);
  registry.matchThreshold = event.params.threshold;
  registry.save();
}

export function handleDisputeWindowChanged(event: DisputeWindowChanged): void {
  const registry = loadRegistry(event.address);
  registry.disputeWindow = event.params.window;
  registry.save();
}

export function handleNgoApprovalChanged(event: NgoApprovalChanged): void {
  const ngo = loadNgo(event.params.ngo);
  ngo.approved = event.params.approved;
  ngo.save();
}

export function handleDonationSet(event: DonationSet): void {
  const creator = event.params.creator;
  loadAccount(creator);
  const split = new DonationSplit(addressId(creator));
  split.creator = creator;
  if (event.params.ngo.equals(ZERO_ADDRESS)) {
    split.ngo = null;
  } else {
    loadNgo(event.params.ngo).save();
    split.ngo = event.params.ngo;
  }
  split.bps = event.params.bps;
  split.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
