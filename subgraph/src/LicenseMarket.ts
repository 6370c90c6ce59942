// Mappings of LicenseMarket (contracts/interfaces/ILicenseMarket.sol, Pausable, AccessControl).
import { Address } from "@graphprotocol/graph-ts";
import {
  EpisodesGrouped,
  FuelFeeChanged,
  LicencePurchased,
  OfferSet,
  OfferWithdrawn,
  Paused,
  RoleGranted,
  RoleRevoked,
  TokenConfigured,
  TreasuryChanged,
  Unpaused,
  Withdrawn,
} from "../generated/LicenseMarket/LicenseMarket";
import {
  Donation,
  Licence,
  LicencePurchase,
  Market,
  Offer,
  PaymentToken,
  Season,
} from "../generated/schema";
import { loadAccount, loadDay, recordRole, recordWithdrawal } from "./common";
import { ZERO, ZERO_ADDRESS, licenceKindName } from "./constants";
import { loadNgo } from "./CopyrightRegistry";
import { addressId, eventId, licenceId, offerId, seasonId, uintId } from "./ids";

function loadMarket(address: Address): Market {
  const id = addressId(address);
  let market = Market.load(id);
  if (market == null) {
    market = new Market(id);
    market.paused = false;
    market.salesCount = 0;
    market.totalFuelBurned = ZERO;
    market.totalFuelToTreasury = ZERO;
    market.totalDonations = ZERO;
  }
  return market;
}

export function handleOfferSet(event: OfferSet): void {
  loadAccount(event.params.seller);
  const offer = new Offer(offerId(event.params.workId, event.params.kind, event.params.tier));
  offer.work = uintId(event.params.workId);
  offer.kind = licenceKindName(event.params.kind);
  offer.tier = event.params.tier;
  offer.seller = event.params.seller;
  offer.token = event.params.token;
  offer.price = event.params.price;
  offer.term = event.params.term;
  offer.active = true;
  offer.updatedAt = event.block.timestamp;
  offer.save();
}

export function handleOfferWithdrawn(event: OfferWithdrawn): void {
  const offer = Offer.load(offerId(event.params.workId, event.params.kind, event.params.tier));
  if (offer == null) return;
  offer.active = false;
  offer.updatedAt = event.block.timestamp;
  offer.save();
}

export function handleLicencePurchased(event: LicencePurchased): void {
  const p = event.params;
  const sale = p.sale;
  loadAccount(p.buyer);
  loadAccount(p.seller);
  const workId = uintId(p.workId);
  const kind = licenceKindName(p.kind);

  const id = licenceId(p.workId, p.buyer, p.kind, p.tier);
  let licence = Licence.load(id);
  if (licence == null) {
    licence = new Licence(id);
    licence.work = workId;
    licence.buyer = p.buyer;
    licence.kind = kind;
    licence.purchaseCount = 0;
  }
  licence.tier = p.tier;
  licence.validUntil = p.validUntil;
  licence.purchaseCount += 1;
  licence.save();

  const purchase = new LicencePurchase(eventId(event));
  purchase.licence = id;
  purchase.work = workId;
  purchase.buyer = p.buyer;
  purchase.seller = p.seller;
  purchase.kind = kind;
  purchase.tier = p.tier;
  purchase.validUntil = p.validUntil;
  purchase.token = sale.token;
  purchase.price = sale.price;
  purchase.proceeds = sale.proceeds;
  purchase.donation = sale.donation;
  purchase.paymentFee = sale.paymentFee;
  purchase.fuelFee = sale.fuelFee;
  purchase.fuelBurned = sale.fuelBurned;
  purchase.blockNumber = event.block.number;
  purchase.timestamp = event.block.timestamp;
  purchase.transactionHash = event.transaction.hash;

  const market = loadMarket(event.address);
  if (!sale.ngo.equals(ZERO_ADDRESS) && sale.donation.gt(ZERO)) {
    const ngo = loadNgo(sale.ngo);
    ngo.totalReceived = ngo.totalReceived.plus(sale.donation);
    ngo.save();
    purchase.ngo = ngo.id;
    const donation = new Donation(eventId(event));
    donation.ngo = ngo.id;
    donation.donor = p.buyer;
    donation.creator = p.seller;
    donation.work = workId;
    donation.token = sale.token;
    donation.amount = sale.donation;
    donation.blockNumber = event.block.number;
    donation.timestamp = event.block.timestamp;
    donation.transactionHash = event.transaction.hash;
    donation.save();
    market.totalDonations = market.totalDonations.plus(sale.donation);
  }
  purchase.save();

  market.salesCount += 1;
  if (sale.fuelBurned) market.totalFuelBurned = market.totalFuelBurned.plus(sale.fuelFee);
  else market.totalFuelToTreasury = market.totalFuelToTreasury.plus(sale.fuelFee);
  market.save();

  const day = loadDay(event);
  day.licencesSold += 1;
  day.licenceVolume = day.licenceVolume.plus(sale.price);
  if (sale.fuelBurned) day.fuelBurned = day.fuelBurned.plus(sale.fuelFee);
  day.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  recordWithdrawal(event, event.params.account, event.params.token, event.params.amount);
}

export function handleEpisodesGrouped(event: EpisodesGrouped): void {
  const season = new Season(seasonId(event.params.seriesId, event.params.season));
  season.series = uintId(event.params.seriesId);
  season.season = event.params.season;
  const episodes = new Array<string>();
  const ids = event.params.episodeIds;
  for (let i = 0; i < ids.length; i++) episodes.push(uintId(ids[i]));
  season.episodes = episodes;
  season.save();
}

export function handleTokenConfigured(event: TokenConfigured): void {
  const token = new PaymentToken(addressId(event.params.token));
  token.allowed = event.params.allowed;
  token.feeBps = event.params.feeBps;
  token.save();
}

export function handleFuelFeeChanged(event: FuelFeeChanged): void {
  const market = loadMarket(event.address);
  market.fuelFeeBps = event.params.bps;
  market.save();
}

export function handleTreasuryChanged(event: TreasuryChanged): void {
  const market = loadMarket(event.address);
  market.treasury = event.params.treasury;
  market.save();
}

export function handlePaused(event: Paused): void {
  const market = loadMarket(event.address);
  market.paused = true;
  market.save();
}

export function handleUnpaused(event: Unpaused): void {
  const market = loadMarket(event.address);
  market.paused = false;
  market.save();
}

export function handleRoleGranted(event: RoleGranted): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, true);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  recordRole(event, event.params.role, event.params.account, event.params.sender, false);
}
