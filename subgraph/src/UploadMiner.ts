// Mappings of UploadMiner (contracts/interfaces/IUploadMiner.sol, Pausable, AccessControl).
import { Address } from "@graphprotocol/graph-ts";
import {
  Paused,
  RoleGranted,
  RoleRevoked,
  Unpaused,
  UploadRewarded,
} from "../generated/UploadMiner/UploadMiner";
import { MiningReward, UploadMiner } from "../generated/schema";
import { loadAccount, loadDay, recordRole } from "./common";
import { ZERO } from "./constants";
import { addressId, eventId, uintId } from "./ids";

function loadMiner(address: Address): UploadMiner {
  const id = addressId(address);
  let miner = UploadMiner.load(id);
  if (miner == null) {
    miner = new UploadMiner(id);
    miner.generated = ZERO;
    miner.totalRewarded = ZERO;
    miner.rewardCount = 0;
    miner.paused = false;
  }
  return miner;
}

export function handleUploadRewarded(event: UploadRewarded): void {
  const p = event.params;
  loadAccount(p.creator);
  loadAccount(p.caller);
  const reward = new MiningReward(eventId(event));
  reward.work = uintId(p.workId);
  reward.creator = p.creator;
  reward.caller = p.caller;
  reward.reward = p.reward;
  reward.generatedBefore = p.generatedBefore;
  reward.generatedAfter = p.generatedAfter;
  reward.blockNumber = event.block.number;
  reward.timestamp = event.block.timestamp;
  reward.transactionHash = event.transaction.hash;
  reward.save();

  const miner = loadMiner(event.address);
  miner.generated = p.generatedAfter;
  miner.totalRewarded = miner.totalRewarded.plus(p.reward);
  miner.rewardCount += 1;
  miner.save();

  const day = loadDay(event);
  day.miningRewards = day.miningRewards.plus(p.reward);
  day.save();
}

export function handlePaused(event: Paused): void {
  const miner = loadMiner(event.address);
  miner.paused = true;
  miner.save();
}

export function handleUnpaused(event: Unpaused): void {
  const miner = loadMiner(event.address);
  miner.paused = false;
  miner.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
