// Mappings of AdEscrow (contracts/interfaces/IAdEscrow.sol, Pausable, AccessControl).
import { Address, Bytes } from "@graphprotocol/graph-ts";
import {
  AdWorkPaid,
  BudgetExhausted,
  CampaignCreated,
  CampaignSettled,
  CampaignStatusChanged,
  CampaignToppedUp,
  Paused,
  PlatformTreasuryChanged,
  RemainderRefunded,
  RoleGranted,
  RoleRevoked,
  SettlementGraceChanged,
  SplitBoundsChanged,
  TokenAllowed,
  Unpaused,
  ViewerClaimed,
  Withdrawn,
} from "../generated/AdEscrow/AdEscrow";
import {
  AdEscrow,
  AdSettlement,
  AdWorkPayment,
  Campaign,
  CampaignRefund,
  ViewerClaim,
} from "../generated/schema";
import { loadAccount, loadDay, recordRole, recordWithdrawal } from "./common";
import { ZERO, campaignStatusName } from "./constants";
import { addressId, adWorkPaymentId, eventId, uintId } from "./ids";

function loadEscrow(address: Address): AdEscrow {
  const id = addressId(address);
  let escrow = AdEscrow.load(id);
  if (escrow == null) {
    escrow = new AdEscrow(id);
    escrow.allowedTokens = new Array<Bytes>();
    escrow.campaignCount = 0;
    escrow.totalDeposited = ZERO;
    escrow.totalDebited = ZERO;
    escrow.totalRefunded = ZERO;
    escrow.paused = false;
  }
  return escrow;
}

export function handleCampaignCreated(event: CampaignCreated): void {
  const p = event.params;
  const params = p.params;
  loadAccount(p.advertiser);
  const campaign = new Campaign(uintId(p.campaignId));
  campaign.campaignId = p.campaignId;
  campaign.advertiser = p.advertiser;
  campaign.token = p.token;
  campaign.deposited = p.deposit;
  campaign.pricePerView = params.pricePerView;
  campaign.pricePerClick = params.pricePerClick;
  campaign.start = params.start;
  campaign.end = params.end;
  campaign.minViewsPerWork = params.minViewsPerWork;
  campaign.creatorBps = params.split.creatorBps;
  campaign.viewerBps = params.split.viewerBps;
  campaign.storageBps = params.split.storageBps;
  campaign.platformBps = params.split.platformBps;
  const targets = new Array<string>();
  for (let i = 0; i < p.targetWorkIds.length; i++) targets.push(uintId(p.targetWorkIds[i]));
  campaign.targetWorks = targets;
  campaign.status = "ACTIVE";
  campaign.debited = ZERO;
  campaign.remaining = p.deposit;
  campaign.refunded = ZERO;
  campaign.viewerPool = ZERO;
  campaign.viewerClaimed = ZERO;
  campaign.settlementCount = 0;
  campaign.createdAt = event.block.timestamp;
  campaign.save();

  const escrow = loadEscrow(event.address);
  escrow.campaignCount += 1;
  escrow.totalDeposited = escrow.totalDeposited.plus(p.deposit);
  escrow.save();
}

export function handleCampaignToppedUp(event: CampaignToppedUp): void {
  const campaign = Campaign.load(uintId(event.params.campaignId));
  if (campaign == null) return;
  campaign.deposited = campaign.deposited.plus(event.params.amount);
  campaign.remaining = event.params.remaining;
  campaign.save();
  const escrow = loadEscrow(event.address);
  escrow.totalDeposited = escrow.totalDeposited.plus(event.params.amount);
  escrow.save();
}

export function handleCampaignStatusChanged(event: CampaignStatusChanged): void {
  const campaign = Campaign.load(uintId(event.params.campaignId));
  if (campaign == null) return;
  campaign.status = campaignStatusName(event.params.status);
  campaign.save();
}

export function handleAdWorkPaid(event: AdWorkPaid): void {
  const p = event.params;
  loadAccount(p.owner);
  const payment = new AdWorkPayment(adWorkPaymentId(p.campaignId, p.period, p.workId));
  payment.campaign = uintId(p.campaignId);
  payment.period = p.period;
  payment.work = uintId(p.workId);
  payment.owner = p.owner;
  payment.views = p.item.views;
  payment.clicks = p.item.clicks;
  payment.storageProvider = p.item.storageProvider;
  payment.amount = p.payout.amount;
  payment.creatorAmount = p.payout.creatorAmount;
  payment.storageAmount = p.payout.storageAmount;
  payment.viewerAmount = p.payout.viewerAmount;
  payment.platformAmount = p.payout.platformAmount;
  payment.blockNumber = event.block.number;
  payment.transactionHash = event.transaction.hash;
  payment.save();
}

export function handleCampaignSettled(event: CampaignSettled): void {
  const p = event.params;
  const campaign = Campaign.load(uintId(p.campaignId));
  if (campaign == null) return;
  campaign.debited = campaign.debited.plus(p.debited);
  campaign.remaining = p.remaining;
  campaign.viewerPool = campaign.viewerPool.plus(p.viewerPoolAdded);
  campaign.viewerRoot = p.viewerRoot;
  campaign.settlementCount += 1;
  campaign.save();

  const settlement = new AdSettlement(eventId(event));
  settlement.campaign = campaign.id;
  settlement.period = p.period;
  settlement.debited = p.debited;
  settlement.viewerPoolAdded = p.viewerPoolAdded;
  settlement.remaining = p.remaining;
  settlement.viewerRoot = p.viewerRoot;
  settlement.viewerCumulative = p.viewerCumulative;
  settlement.prorated = p.prorated;
  settlement.blockNumber = event.block.number;
  settlement.timestamp = event.block.timestamp;
  settlement.transactionHash = event.transaction.hash;
  settlement.save();

  const escrow = loadEscrow(event.address);
  escrow.totalDebited = escrow.totalDebited.plus(p.debited);
  escrow.save();
  const day = loadDay(event);
  day.adSpend = day.adSpend.plus(p.debited);
  day.save();
}

export function handleBudgetExhausted(event: BudgetExhausted): void {
  const campaign = Campaign.load(uintId(event.params.campaignId));
  if (campaign == null) return;
  campaign.exhaustedInPeriod = event.params.period;
  campaign.save();
}

export function handleViewerClaimed(event: ViewerClaimed): void {
  const p = event.params;
  loadAccount(p.account);
  const campaign = Campaign.load(uintId(p.campaignId));
  if (campaign == null) return;
  campaign.viewerClaimed = campaign.viewerClaimed.plus(p.amount);
  campaign.save();
  const claim = new ViewerClaim(eventId(event));
  claim.campaign = campaign.id;
  claim.account = p.account;
  claim.amount = p.amount;
  claim.cumulative = p.cumulative;
  claim.blockNumber = event.block.number;
  claim.timestamp = event.block.timestamp;
  claim.transactionHash = event.transaction.hash;
  claim.save();
}

export function handleRemainderRefunded(event: RemainderRefunded): void {
  const p = event.params;
  const campaign = Campaign.load(uintId(p.campaignId));
  if (campaign == null) return;
  campaign.refunded = campaign.refunded.plus(p.amount);
  campaign.remaining = campaign.remaining.minus(p.amount);
  campaign.save();
  const refund = new CampaignRefund(eventId(event));
  refund.campaign = campaign.id;
  refund.advertiser = p.advertiser;
  refund.amount = p.amount;
  refund.blockNumber = event.block.number;
  refund.timestamp = event.block.timestamp;
  refund.transactionHash = event.transaction.hash;
  refund.save();
  const escrow = loadEscrow(event.address);
  escrow.totalRefunded = escrow.totalRefunded.plus(p.amount);
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

export function handleSplitBoundsChanged(event: SplitBoundsChanged): void {
  const escrow = loadEscrow(event.address);
  const b = event.params.bounds;
  escrow.minCreatorBps = b.minCreatorBps;
  escrow.maxViewerBps = b.maxViewerBps;
  escrow.maxStorageBps = b.maxStorageBps;
  escrow.minPlatformBps = b.minPlatformBps;
  escrow.maxPlatformBps = b.maxPlatformBps;
  escrow.save();
}

export function handlePlatformTreasuryChanged(event: PlatformTreasuryChanged): void {
  const escrow = loadEscrow(event.address);
  escrow.platformTreasury = event.params.treasury;
  escrow.save();
}

export function handleSettlementGraceChanged(event: SettlementGraceChanged): void {
  const escrow = loadEscrow(event.address);
  escrow.settlementGrace = event.params.grace;
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
