// Mappings of AuthoritySet (contracts/interfaces/IAuthoritySet.sol + OZ AccessControl).
import { Address } from "@graphprotocol/graph-ts";
import {
  QuorumThresholdChanged,
  RoleGranted,
  RoleRevoked,
  VerifierSetChanged,
} from "../generated/AuthoritySet/AuthoritySet";
import { AuthoritySet, QuorumThresholdChange, VerifierSetChange } from "../generated/schema";
import { loadAccount, recordRole } from "./common";
import { ZERO } from "./constants";
import { addressId, eventId } from "./ids";

function loadSet(address: Address): AuthoritySet {
  const id = addressId(address);
  let set = AuthoritySet.load(id);
  if (set == null) {
    set = new AuthoritySet(id);
    set.verifierCount = ZERO;
    set.configuredThreshold = ZERO;
    set.threshold = ZERO;
  }
  return set;
}

export function handleVerifierSetChanged(event: VerifierSetChanged): void {
  const set = loadSet(event.address);
  set.verifierCount = event.params.verifierCount;
  set.threshold = event.params.threshold;
  set.save();
  loadAccount(event.params.account);

  const change = new VerifierSetChange(eventId(event));
  change.authoritySet = set.id;
  change.account = event.params.account;
  change.added = event.params.added;
  change.verifierCount = event.params.verifierCount;
  change.threshold = event.params.threshold;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function handleQuorumThresholdChanged(event: QuorumThresholdChanged): void {
  const set = loadSet(event.address);
  set.configuredThreshold = event.params.configured;
  set.threshold = event.params.threshold;
  set.save();

  const change = new QuorumThresholdChange(eventId(event));
  change.authoritySet = set.id;
  change.previous = event.params.previous;
  change.configured = event.params.configured;
  change.threshold = event.params.threshold;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
