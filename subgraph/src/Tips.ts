// Mappings of Tips (contracts/interfaces/ITips.sol).
import { Tipped } from "../generated/Tips/Tips";
import { Tip } from "../generated/schema";
import { loadNgo } from "./CopyrightRegistry";
import { loadAccount, loadDay } from "./common";
import { ZERO, ZERO_ADDRESS } from "./constants";
import { eventId, uintId } from "./ids";

export function handleTipped(event: Tipped): void {
  const p = event.params;
  loadAccount(p.from);
  loadAccount(p.recipient);
  const tip = new Tip(eventId(event));
  tip.from = p.from;
  tip.recipient = p.recipient;
  if (p.workId.gt(ZERO)) tip.work = uintId(p.workId);
  tip.amount = p.amount;
  tip.recipientAmount = p.recipientAmount;
  if (!p.ngo.equals(ZERO_ADDRESS)) {
    tip.ngo = p.ngo;
    const ngo = loadNgo(p.ngo);
    ngo.tipsReceived = ngo.tipsReceived.plus(p.donationAmount);
    ngo.tipCount = ngo.tipCount + 1;
    ngo.save();
  }
  tip.donationAmount = p.donationAmount;
  tip.messageHash = p.messageHash;
  tip.blockNumber = event.block.number;
  tip.timestamp = event.block.timestamp;
  tip.transactionHash = event.transaction.hash;
  tip.save();
  const day = loadDay(event);
  day.tipVolume = day.tipVolume.plus(p.amount);
  day.save();
}
