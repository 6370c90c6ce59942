// Mappings of AuteurToken (contracts/interfaces/IAuteurToken.sol + OZ ERC20/ERC20Votes/AccessControl).
import { Address } from "@graphprotocol/graph-ts";
import {
  Burned,
  DelegateChanged,
  DelegateVotesChanged,
  GenesisMinted,
  Minted,
  RoleGranted,
  RoleRevoked,
  Transfer as TransferEvent,
} from "../generated/AuteurToken/AuteurToken";
import {
  Burn,
  DelegateChange,
  DelegateVotesChange,
  Mint,
  Token,
  TokenHolder,
  Transfer,
} from "../generated/schema";
import { loadAccount, loadDay, recordRole } from "./common";
import { ONE, ZERO, ZERO_ADDRESS } from "./constants";
import { addressId, eventId } from "./ids";

function loadToken(address: Address): Token {
  const id = addressId(address);
  let token = Token.load(id);
  if (token == null) {
    token = new Token(id);
    token.cap = ZERO;
    token.genesisSupply = ZERO;
    token.fixedSupply = false;
    token.totalMinted = ZERO;
    token.totalBurned = ZERO;
    token.totalSupply = ZERO;
    token.holderCount = 0;
    token.transferCount = ZERO;
  }
  return token;
}

function loadHolder(address: Address): TokenHolder {
  const id = addressId(address);
  let holder = TokenHolder.load(id);
  if (holder == null) {
    const account = loadAccount(address);
    account.tokenHolder = id;
    account.save();
    holder = new TokenHolder(id);
    holder.account = id;
    holder.balance = ZERO;
    holder.votes = ZERO;
  }
  return holder;
}

export function handleTransfer(event: TransferEvent): void {
  const from = event.params.from;
  const to = event.params.to;
  const amount = event.params.value;
  const token = loadToken(event.address);
  const day = loadDay(event);

  const transfer = new Transfer(eventId(event));
  transfer.amount = amount;
  transfer.blockNumber = event.block.number;
  transfer.timestamp = event.block.timestamp;
  transfer.transactionHash = event.transaction.hash;

  if (from.equals(ZERO_ADDRESS)) {
    token.totalMinted = token.totalMinted.plus(amount);
    day.minted = day.minted.plus(amount);
  } else {
    const sender = loadHolder(from);
    const before = sender.balance;
    sender.balance = before.minus(amount);
    if (before.gt(ZERO) && sender.balance.equals(ZERO)) token.holderCount -= 1;
    sender.save();
    transfer.from = sender.account;
  }
  if (to.equals(ZERO_ADDRESS)) {
    token.totalBurned = token.totalBurned.plus(amount);
    day.burned = day.burned.plus(amount);
  } else {
    const receiver = loadHolder(to);
    const before = receiver.balance;
    receiver.balance = before.plus(amount);
    if (before.equals(ZERO) && receiver.balance.gt(ZERO)) token.holderCount += 1;
    receiver.save();
    transfer.to = receiver.account;
  }
  transfer.save();

  token.totalSupply = token.totalMinted.minus(token.totalBurned);
  token.transferCount = token.transferCount.plus(ONE);
  token.save();
  day.transferCount = day.transferCount.plus(ONE);
  day.transferVolume = day.transferVolume.plus(amount);
  day.save();
}

export function handleGenesisMinted(event: GenesisMinted): void {
  const token = loadToken(event.address);
  token.genesisSupply = event.params.genesisSupply;
  token.cap = event.params.cap;
  token.fixedSupply = event.params.fixedSupply;
  token.save();
}

export function handleMinted(event: Minted): void {
  loadAccount(event.params.minter);
  loadAccount(event.params.to);
  const mint = new Mint(eventId(event));
  mint.minter = event.params.minter;
  mint.to = event.params.to;
  mint.amount = event.params.amount;
  mint.totalSupply = event.params.totalSupply;
  mint.blockNumber = event.block.number;
  mint.timestamp = event.block.timestamp;
  mint.transactionHash = event.transaction.hash;
  mint.save();
}

export function handleBurned(event: Burned): void {
  loadAccount(event.params.from);
  const burn = new Burn(eventId(event));
  burn.from = event.params.from;
  burn.amount = event.params.amount;
  burn.totalBurned = event.params.totalBurned;
  burn.blockNumber = event.block.number;
  burn.timestamp = event.block.timestamp;
  burn.transactionHash = event.transaction.hash;
  burn.save();
}

export function handleDelegateChanged(event: DelegateChanged): void {
  const holder = loadHolder(event.params.delegator);
  loadAccount(event.params.fromDelegate);
  if (!event.params.toDelegate.equals(event.params.delegator)) {
    loadHolder(event.params.toDelegate).save();
  }
  loadAccount(event.params.toDelegate);
  holder.delegate = event.params.toDelegate;
  holder.save();

  const change = new DelegateChange(eventId(event));
  change.delegator = event.params.delegator;
  change.fromDelegate = event.params.fromDelegate;
  change.toDelegate = event.params.toDelegate;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function handleDelegateVotesChanged(event: DelegateVotesChanged): void {
  const holder = loadHolder(event.params.delegate);
  holder.votes = event.params.newVotes;
  holder.save();

  const change = new DelegateVotesChange(eventId(event));
  change.delegate = event.params.delegate;
  change.previousVotes = event.params.previousVotes;
  change.newVotes = event.params.newVotes;
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
