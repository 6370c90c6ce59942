import { expect } from "chai";
import { network } from "hardhat";
import { toPlain } from "../../subgraph/harness/index.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const MINTER_ROLE = ethers.id("MINTER_ROLE");
const ZERO = ethers.ZeroAddress;

describe("subgraph: AuteurToken mappings", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function tokenStory() {
    const [admin, alice, bob, carol, minter] = await ethers.getSigners();
    const token = await ethers.deployContract("AuteurToken", [
      "Auteur",
      "AUT",
      10_000n,
      0,
      admin.address,
      [alice.address, bob.address],
      [600n, 400n],
    ]);
    const deployReceipt = (await token.deploymentTransaction()!.wait())!;
    const grant = await (await token.connect(admin).grantRole(MINTER_ROLE, minter.address)).wait();
    const mint = await (await token.connect(minter).mint(carol.address, 100n)).wait();
    const transfer = await (await token.connect(alice).transfer(bob.address, 50n)).wait();
    const burn = await (await token.connect(bob).burn(30n)).wait();
    const delegate = await (await token.connect(alice).delegate(bob.address)).wait();
    const revoke = await (
      await token.connect(admin).revokeRole(MINTER_ROLE, minter.address)
    ).wait();
    const indexer = makeIndexer(ethers.provider, {
      AuteurToken: { address: await token.getAddress(), blockNumber: deployReceipt.blockNumber },
    });
    await indexer.sync();
    return {
      token,
      indexer,
      admin,
      alice,
      bob,
      carol,
      minter,
      deployReceipt,
      grant,
      mint,
      transfer,
      burn,
      delegate,
      revoke,
    };
  }

  it("keeps the token's supply counters equal to the chain's", async function () {
    const { token, indexer } = await networkHelpers.loadFixture(tokenStory);
    const t = indexer.store.load("Token", await token.getAddress())!;
    expect(t.cap).to.equal(await token.cap());
    expect(t.genesisSupply).to.equal(1000n);
    expect(t.fixedSupply).to.equal(false);
    expect(t.totalMinted).to.equal(await token.totalMinted());
    expect(t.totalBurned).to.equal(await token.totalBurned());
    expect(t.totalSupply).to.equal(await token.totalSupply());
    expect(t.totalSupply).to.equal(1070n);
    expect(t.holderCount).to.equal(3);
    // genesis 2 + mint 1 + transfer 1 + burn 1
    expect(t.transferCount).to.equal(5n);
  });

  it("keeps every holder's balance and votes equal to the chain's", async function () {
    const { token, indexer, alice, bob, carol } = await networkHelpers.loadFixture(tokenStory);
    for (const who of [alice, bob, carol]) {
      const holder = indexer.store.load("TokenHolder", who.address)!;
      expect(holder.balance, who.address).to.equal(await token.balanceOf(who.address));
      expect(holder.votes, who.address).to.equal(await token.getVotes(who.address));
      expect(holder.account).to.equal(who.address.toLowerCase());
      expect(indexer.store.load("Account", who.address)!.tokenHolder).to.equal(
        who.address.toLowerCase(),
      );
    }
    expect(indexer.store.load("TokenHolder", alice.address)!.delegate).to.equal(
      bob.address.toLowerCase(),
    );
    expect(indexer.store.load("TokenHolder", bob.address)!.votes).to.equal(550n);
  });

  it("records a Transfer with every field", async function () {
    const { indexer, alice, bob, transfer } = await networkHelpers.loadFixture(tokenStory);
    const log = transfer!.logs[0];
    const block = await ethers.provider.getBlock(transfer!.blockNumber);
    const id = eventEntityId(transfer!.hash, log.index);
    expect(id).to.match(/^0x[0-9a-f]{64}-\d+$/);
    expect(indexer.store.load("Transfer", id)).to.deep.equal({
      id,
      from: alice.address.toLowerCase(),
      to: bob.address.toLowerCase(),
      amount: 50n,
      blockNumber: BigInt(transfer!.blockNumber),
      timestamp: BigInt(block!.timestamp),
      transactionHash: transfer!.hash,
    });
  });

  it("records mints and burns with a null counterparty and their own events", async function () {
    const { indexer, minter, carol, bob, mint, burn } =
      await networkHelpers.loadFixture(tokenStory);
    const mintTransfer = indexer.store.load(
      "Transfer",
      eventEntityId(mint!.hash, mint!.logs[0].index),
    )!;
    expect(mintTransfer.from).to.equal(undefined);
    expect(mintTransfer.to).to.equal(carol.address.toLowerCase());
    const m = indexer.store.load("Mint", eventEntityId(mint!.hash, mint!.logs[1].index))!;
    expect(m).to.include({
      minter: minter.address.toLowerCase(),
      to: carol.address.toLowerCase(),
      amount: 100n,
      totalSupply: 1100n,
    });
    const burnTransfer = indexer.store.load(
      "Transfer",
      eventEntityId(burn!.hash, burn!.logs[0].index),
    )!;
    expect(burnTransfer).to.include({ from: bob.address.toLowerCase(), amount: 30n });
    expect(burnTransfer.to).to.equal(undefined);
    const b = indexer.store.load("Burn", eventEntityId(burn!.hash, burn!.logs[1].index))!;
    expect(b).to.include({
      from: bob.address.toLowerCase(),
      amount: 30n,
      totalBurned: 30n,
      transactionHash: burn!.hash,
    });
  });

  it("records delegation changes", async function () {
    const { indexer, alice, bob, delegate } = await networkHelpers.loadFixture(tokenStory);
    const [changed, votes] = delegate!.logs;
    const c = indexer.store.load("DelegateChange", eventEntityId(delegate!.hash, changed.index))!;
    expect(c).to.include({
      delegator: alice.address.toLowerCase(),
      fromDelegate: ZERO,
      toDelegate: bob.address.toLowerCase(),
      blockNumber: BigInt(delegate!.blockNumber),
    });
    const v = indexer.store.load(
      "DelegateVotesChange",
      eventEntityId(delegate!.hash, votes.index),
    )!;
    expect(v).to.include({
      delegate: bob.address.toLowerCase(),
      previousVotes: 0n,
      newVotes: 550n,
    });
  });

  it("tracks role grants and revocations", async function () {
    const { token, indexer, admin, minter, grant, revoke } =
      await networkHelpers.loadFixture(tokenStory);
    const tokenAddress = (await token.getAddress()).toLowerCase();
    const membershipId =
      tokenAddress + MINTER_ROLE.slice(2) + minter.address.slice(2).toLowerCase();
    const grantBlock = await ethers.provider.getBlock(grant!.blockNumber);
    const revokeBlock = await ethers.provider.getBlock(revoke!.blockNumber);
    expect(indexer.store.load("RoleMembership", membershipId)).to.deep.equal({
      id: membershipId,
      contract: tokenAddress,
      role: MINTER_ROLE,
      roleName: "MINTER_ROLE",
      account: minter.address.toLowerCase(),
      active: false,
      grantedAt: BigInt(grantBlock!.timestamp),
      revokedAt: BigInt(revokeBlock!.timestamp),
    });
    const granted = indexer.store.load(
      "RoleChange",
      eventEntityId(grant!.hash, grant!.logs[0].index),
    )!;
    expect(granted).to.include({
      granted: true,
      roleName: "MINTER_ROLE",
      sender: admin.address.toLowerCase(),
    });
    const revoked = indexer.store.load(
      "RoleChange",
      eventEntityId(revoke!.hash, revoke!.logs[0].index),
    )!;
    expect(revoked).to.include({ granted: false, account: minter.address.toLowerCase() });
    // the constructor's DEFAULT_ADMIN_ROLE grant
    const adminId = tokenAddress + "00".repeat(32) + admin.address.slice(2).toLowerCase();
    expect(indexer.store.load("RoleMembership", adminId)).to.include({
      roleName: "DEFAULT_ADMIN_ROLE",
      active: true,
    });
  });

  it("sums the day's transfers, mints and burns", async function () {
    const { indexer, deployReceipt } = await networkHelpers.loadFixture(tokenStory);
    const block = await ethers.provider.getBlock(deployReceipt.blockNumber);
    const day = Math.floor(block!.timestamp / 86400);
    const d = indexer.store.load("ProtocolDayData", String(day))!;
    expect(d).to.include({
      date: day * 86400,
      transferCount: 5n,
      transferVolume: 1180n,
      minted: 1100n,
      burned: 30n,
    });
  });

  it("gives the same entities with a fresh instance per trigger as with a reset instance", async function () {
    const { token, indexer, deployReceipt } = await networkHelpers.loadFixture(tokenStory);
    const fresh = makeIndexer(
      ethers.provider,
      {
        AuteurToken: { address: await token.getAddress(), blockNumber: deployReceipt.blockNumber },
      },
      { reuseInstances: false },
    );
    expect(fresh.reusesInstances).to.equal(false);
    expect(indexer.reusesInstances).to.equal(true);
    await fresh.sync();
    for (const type of [
      "Token",
      "TokenHolder",
      "Account",
      "Transfer",
      "Mint",
      "Burn",
      "DelegateChange",
      "RoleMembership",
      "ProtocolDayData",
    ]) {
      const a = [...indexer.store.all(type)].map((e) => toPlain(e));
      const b = [...fresh.store.all(type)].map((e) => toPlain(e));
      expect(b, type).to.deep.equal(a);
      expect(a.length, type).to.be.greaterThan(0);
    }
  });

  // last in this suite: it advances the fixture's indexer past the fixture's chain state
  it("indexes incrementally: a second sync handles only the new events", async function () {
    const { token, indexer, alice, bob, carol } = await networkHelpers.loadFixture(tokenStory);
    const before = indexer.eventsHandled;
    await (await token.connect(alice).transfer(carol.address, 1n)).wait();
    const { events } = await indexer.sync();
    // Transfer, and DelegateVotesChanged for bob (alice's delegate)
    expect(events).to.equal(2);
    expect(indexer.eventsHandled).to.equal(before + 2);
    expect(indexer.store.load("TokenHolder", carol.address)!.balance).to.equal(
      await token.balanceOf(carol.address),
    );
    expect(indexer.store.load("TokenHolder", bob.address)!.votes).to.equal(
      await token.getVotes(bob.address),
    );
  });
});

describe("subgraph: AuthoritySet mappings", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function authorityStory() {
    const [admin, v1, v2, v3] = await ethers.getSigners();
    const set = await ethers.deployContract("AuthoritySet", [0, admin.address]);
    const deployed = (await set.deploymentTransaction()!.wait())!;
    const VERIFIER_ROLE = await set.VERIFIER_ROLE();
    const adds = [];
    for (const v of [v1, v2, v3])
      adds.push(await (await set.grantRole(VERIFIER_ROLE, v.address)).wait());
    const threshold = await (await set.setQuorumThreshold(3n)).wait();
    const lower = await (await set.setQuorumThreshold(2n)).wait();
    const removal = await (await set.revokeRole(VERIFIER_ROLE, v3.address)).wait();
    const indexer = makeIndexer(ethers.provider, {
      AuthoritySet: { address: await set.getAddress(), blockNumber: deployed.blockNumber },
    });
    await indexer.sync();
    return { set, indexer, admin, v1, v2, v3, adds, threshold, lower, removal, VERIFIER_ROLE };
  }

  it("keeps the set's counts and thresholds equal to the chain's", async function () {
    const { set, indexer } = await networkHelpers.loadFixture(authorityStory);
    expect(indexer.store.load("AuthoritySet", await set.getAddress())).to.deep.equal({
      id: (await set.getAddress()).toLowerCase(),
      verifierCount: await set.verifierCount(),
      configuredThreshold: await set.configuredThreshold(),
      threshold: await set.quorumThreshold(),
    });
    expect(await set.verifierCount()).to.equal(2n);
  });

  it("records each verifier set change with every field", async function () {
    const { set, indexer, v3, adds, removal } = await networkHelpers.loadFixture(authorityStory);
    const setId = (await set.getAddress()).toLowerCase();
    // RoleGranted is logged first, then VerifierSetChanged
    const added = adds[2]!;
    const block = await ethers.provider.getBlock(added.blockNumber);
    const id = eventEntityId(added.hash, added.logs[1].index);
    expect(indexer.store.load("VerifierSetChange", id)).to.deep.equal({
      id,
      authoritySet: setId,
      account: v3.address.toLowerCase(),
      added: true,
      verifierCount: 3n,
      threshold: 2n,
      blockNumber: BigInt(added.blockNumber),
      timestamp: BigInt(block!.timestamp),
      transactionHash: added.hash,
    });
    const removed = indexer.store.load(
      "VerifierSetChange",
      eventEntityId(removal!.hash, removal!.logs[1].index),
    )!;
    expect(removed).to.include({ added: false, verifierCount: 2n, threshold: 2n });
    expect(indexer.store.count("VerifierSetChange")).to.equal(4);
  });

  it("records quorum threshold changes", async function () {
    const { indexer, threshold, lower } = await networkHelpers.loadFixture(authorityStory);
    const first = indexer.store.load(
      "QuorumThresholdChange",
      eventEntityId(threshold!.hash, threshold!.logs[0].index),
    )!;
    expect(first).to.include({ previous: 0n, configured: 3n, threshold: 3n });
    const second = indexer.store.load(
      "QuorumThresholdChange",
      eventEntityId(lower!.hash, lower!.logs[0].index),
    )!;
    expect(second).to.include({ previous: 3n, configured: 2n, threshold: 2n });
  });

  it("names the protocol's roles on memberships", async function () {
    const { set, indexer, v1, v3, VERIFIER_ROLE } =
      await networkHelpers.loadFixture(authorityStory);
    const base = (await set.getAddress()).toLowerCase() + VERIFIER_ROLE.slice(2);
    expect(
      indexer.store.load("RoleMembership", base + v1.address.slice(2).toLowerCase()),
    ).to.include({
      roleName: "VERIFIER_ROLE",
      active: true,
    });
    expect(
      indexer.store.load("RoleMembership", base + v3.address.slice(2).toLowerCase()),
    ).to.include({ active: false });
  });
});
