/**
 * The handlers the other stories do not reach, on the real contracts: configuration changes,
 * pause and unpause, role grants and revocations on every AccessControl contract, a rejected RAW
 * ownership claim, donation choices, episodes grouped into a season, and an unshipped order
 * refunded and withdrawn. Each entity is checked against the chain's own view.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { UploadMiner } from "../../types/ethers-contracts/index.js";
import { BOUNDS, deployAdsArea } from "../ads/fixture.js";
import { OTHER_FEE_BPS, THRESHOLD, TOKEN_UNIT, WINDOW } from "../registry/fixture.js";
import {
  MediaType,
  ZERO_HASH,
  flipBits,
  imageUpload,
  sha256Hex,
  signRegistration,
} from "../registry/helpers.js";
import { toPlain } from "../../subgraph/harness/index.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const OPERATOR_ROLE = ethers.id("OPERATOR_ROLE");
const PAUSER_ROLE = ethers.id("PAUSER_ROLE");
const lc = (a: string) => a.toLowerCase();
/** RoleMembership id: contract ++ role ++ account (subgraph/src/ids.ts). */
const membershipId = (contract: string, role: string, account: string) =>
  lc(contract) + role.slice(2) + lc(account).slice(2);

describe("subgraph: configuration, pause, role and remaining handlers", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function story() {
    const startBlock = await ethers.provider.getBlockNumber();
    const a = await deployAdsArea(ethers, networkHelpers);
    const { admin, attester, supervisor, alice, bob, carol, ngo, registry, market, auteur } = a;
    const commerce = a.commerce;
    const ads = a.escrow;
    const signers = await ethers.getSigners();
    const merchant = signers[13];
    const miner = (await ethers.deployContract("UploadMiner", [
      await auteur.getAddress(),
      await registry.getAddress(),
      0,
      100n,
      0n,
      10_000n,
      0n,
      admin.address,
    ])) as unknown as UploadMiner;

    async function register(
      upload: ReturnType<typeof imageUpload>,
      uploader: string,
      matched = ZERO_HASH,
    ) {
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signature = await signRegistration({
        registry,
        chainId: a.chainId,
        attester,
        upload,
        uploader,
        deadline,
        matchedSha256: matched,
      });
      return (await (
        await registry.register(upload, uploader, matched, deadline, signature)
      ).wait())!;
    }

    // registry: a RAW claim that a supervisor rejects; admin settings; donation choices
    const photo = imageUpload("admin-photo");
    await register(photo, alice.address); // work 2
    const raw = imageUpload("admin-photo-raw", {
      pHash: flipBits(photo.pHash, 3),
      width: 3200,
      height: 2400,
      raw: true,
    });
    const claimed = await register(raw, carol.address, photo.contentSha256);
    const rejected = (await (await registry.connect(supervisor).rejectClaim(2n, 9)).wait())!;
    await (await registry.setMatchThreshold(12)).wait();
    await (await registry.setDisputeWindow(3 * 86400)).wait();
    await (await registry.connect(alice).setDonation(ngo.address, 500)).wait();
    await (await registry.connect(carol).setDonation(ngo.address, 700)).wait();
    await (await registry.connect(carol).setDonation(ethers.ZeroAddress, 0)).wait();
    await (await registry.setNgoApproval(ngo.address, false)).wait();

    // market: two episodes grouped under the series (the fixture's video, work 1), settings
    for (const name of ["episode-1", "episode-2"]) {
      await register(
        imageUpload(name, { mediaType: MediaType.Video, cellCount: 2, durationSeconds: 120 }),
        alice.address,
      );
    }
    const grouped = (await (await market.connect(alice).groupEpisodes(1n, 1, [3n, 4n])).wait())!;
    await (await market.setFuelFee(250)).wait();
    await (await market.setTreasury(merchant.address)).wait();
    await (await market.configureToken(ethers.ZeroAddress, true, 150)).wait();
    await (await market.configureToken(await a.other.getAddress(), false, 0)).wait();

    // commerce: new timeouts, an order never shipped is refunded and the buyer withdraws
    await (await commerce.setTimeouts({ ship: 100, confirm: 200, ruling: 300 })).wait();
    const amount = 40n * TOKEN_UNIT;
    await (await auteur.connect(bob).approve(await commerce.getAddress(), amount)).wait();
    const paid = (await (
      await commerce
        .connect(bob)
        .createOrder(merchant.address, await auteur.getAddress(), amount, sha256Hex("unshipped"))
    ).wait())!;
    await networkHelpers.time.increase(101);
    const refunded = (await (await commerce.refundUnshipped(1n)).wait())!;
    const withdrawn = (await (
      await commerce.connect(bob).withdraw(await auteur.getAddress())
    ).wait())!;
    // order 2 is released to the merchant after the confirm timeout; order 3's dispute is split
    // in half when the ruling timeout passes
    await (await auteur.connect(bob).approve(await commerce.getAddress(), 2n * amount)).wait();
    for (const ref of ["timeout release", "stale dispute"]) {
      await (
        await commerce
          .connect(bob)
          .createOrder(merchant.address, await auteur.getAddress(), amount, sha256Hex(ref))
      ).wait();
    }
    await (await commerce.connect(merchant).markShipped(2n, sha256Hex("tracking 2"))).wait();
    await (await commerce.connect(merchant).markShipped(3n, sha256Hex("tracking 3"))).wait();
    await (await commerce.connect(bob).openDispute(3n)).wait();
    await networkHelpers.time.increase(301);
    const timedRelease = (await (await commerce.release(2n)).wait())!;
    const staleRuling = (await (await commerce.resolveStaleDispute(3n)).wait())!;

    // ads: settings
    const bounds = { ...BOUNDS, minCreatorBps: 2500, maxPlatformBps: 1500 };
    await (await ads.setSplitBounds(bounds)).wait();
    await (await ads.setPlatformTreasury(merchant.address)).wait();
    await (await ads.setSettlementGrace(7200)).wait();

    // roles: an operator role granted and revoked on registry, market and miner; the escrows'
    // pauser role granted, used, and revoked
    for (const c of [registry, market, miner]) {
      await (await c.grantRole(OPERATOR_ROLE, bob.address)).wait();
      await (await c.revokeRole(OPERATOR_ROLE, bob.address)).wait();
    }
    for (const c of [commerce, ads]) await (await c.grantRole(PAUSER_ROLE, admin.address)).wait();

    // every pausable contract paused, indexed, then unpaused
    for (const c of [market, commerce, ads, miner]) await (await c.pause()).wait();
    const indexer = makeIndexer(ethers.provider, {
      CopyrightRegistry: { address: await registry.getAddress(), blockNumber: startBlock },
      LicenseMarket: { address: await market.getAddress(), blockNumber: startBlock },
      CommerceEscrow: { address: await commerce.getAddress(), blockNumber: startBlock },
      AdEscrow: { address: await ads.getAddress(), blockNumber: startBlock },
      UploadMiner: { address: await miner.getAddress(), blockNumber: startBlock },
    });
    await indexer.sync();
    const paused = {
      market: indexer.store.load("Market", await market.getAddress())!.paused,
      commerce: indexer.store.load("Escrow", await commerce.getAddress())!.paused,
      ads: indexer.store.load("AdEscrow", await ads.getAddress())!.paused,
      miner: indexer.store.load("UploadMiner", await miner.getAddress())!.paused,
    };
    for (const c of [market, commerce, ads, miner]) await (await c.unpause()).wait();
    for (const c of [commerce, ads]) await (await c.revokeRole(PAUSER_ROLE, admin.address)).wait();
    await indexer.sync();

    return {
      ...a,
      merchant,
      miner,
      indexer,
      paused,
      photo,
      raw,
      claimed,
      rejected,
      grouped,
      amount,
      paid,
      refunded,
      withdrawn,
      timedRelease,
      staleRuling,
      bounds,
    };
  }

  it("closes a RAW claim rejected by a supervisor and leaves the owner in place", async function () {
    const s = await networkHelpers.loadFixture(story);
    const topic = s.registry.interface.getEvent("OwnershipClaimed")!.topicHash;
    const log = s.claimed.logs.find((l) => l.topics[0] === topic)!;
    const claimedAt = BigInt((await ethers.provider.getBlock(s.claimed.blockNumber))!.timestamp);
    const rejectedAt = BigInt((await ethers.provider.getBlock(s.rejected.blockNumber))!.timestamp);
    const id = eventEntityId(s.claimed.hash, log.index);
    expect(s.indexer.store.load("OwnershipClaim", id)).to.deep.equal({
      id,
      work: "2",
      claimant: lc(s.carol.address),
      owner: lc(s.alice.address),
      version: 1,
      readyAt: claimedAt + WINDOW,
      status: "REJECTED",
      rejectedBy: lc(s.supervisor.address),
      reasonCode: 9n,
      createdAt: claimedAt,
      resolvedAt: rejectedAt,
    });
    const work = s.indexer.store.load("Work", "2")!;
    expect(work).to.deep.include({ owner: lc(s.alice.address), versionCount: 1 });
    expect(work.pendingClaim).to.equal(null);
    expect(work.owner).to.equal(lc(await s.registry.ownerOf(2n)));
    // the RAW file stays registered as a version
    expect(s.indexer.store.load("WorkVersion", s.raw.contentSha256)).to.include({
      work: "2",
      version: 1,
      raw: true,
    });
    expect(s.indexer.store.count("OwnershipTransfer")).to.equal(0);
  });

  it("records registry settings, NGO approval and donation choices", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.indexer.store.load("Registry", await s.registry.getAddress())).to.deep.include({
      matchThreshold: 12,
      disputeWindow: 3n * 86400n,
      workCount: 4,
      versionCount: 1,
    });
    expect(THRESHOLD).to.not.equal(12);
    expect(s.indexer.store.load("Ngo", s.ngo.address)).to.deep.include({
      approved: false,
      totalReceived: 0n,
    });
    expect(await s.registry.isApprovedNgo(s.ngo.address)).to.equal(false);
    expect(s.indexer.store.load("DonationSplit", s.alice.address)).to.deep.equal({
      id: lc(s.alice.address),
      creator: lc(s.alice.address),
      ngo: lc(s.ngo.address),
      bps: 500,
    });
    // carol cleared her choice: no NGO, 0 bps
    const carol = s.indexer.store.load("DonationSplit", s.carol.address)!;
    expect(carol).to.deep.include({ bps: 0 });
    expect(carol.ngo ?? null).to.equal(null);
    expect(await s.registry.donationOf(s.carol.address)).to.deep.equal([ethers.ZeroAddress, 0n]);
  });

  it("records episodes grouped into a season and the market's settings", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.indexer.store.load("Season", "1-1")).to.deep.equal({
      id: "1-1",
      series: "1",
      season: 1,
      episodes: ["3", "4"],
    });
    expect(s.indexer.store.load("Market", await s.market.getAddress())).to.deep.include({
      fuelFeeBps: Number(await s.market.fuelFeeBps()),
      treasury: lc(s.merchant.address),
      paused: false,
      salesCount: 0,
    });
    expect(s.indexer.store.load("Market", await s.market.getAddress())!.fuelFeeBps).to.equal(250);
    expect(s.indexer.store.load("PaymentToken", ethers.ZeroAddress)).to.deep.equal({
      id: ethers.ZeroAddress,
      allowed: true,
      feeBps: 150,
    });
    // configured by the fixture (allowed, OTHER_FEE_BPS), then disallowed
    expect(OTHER_FEE_BPS).to.not.equal(0);
    expect(s.indexer.store.load("PaymentToken", await s.other.getAddress())).to.deep.include({
      allowed: false,
      feeBps: 0,
    });
  });

  it("refunds an unshipped order, releases and rules on timeouts, records the withdrawal", async function () {
    const s = await networkHelpers.loadFixture(story);
    const paidAt = BigInt((await ethers.provider.getBlock(s.paid.blockNumber))!.timestamp);
    const refundedAt = BigInt((await ethers.provider.getBlock(s.refunded.blockNumber))!.timestamp);
    expect(s.indexer.store.load("Order", "1")).to.deep.include({
      state: "REFUNDED",
      amount: s.amount,
      buyerAmount: s.amount,
      merchantAmount: 0n,
      // the order took the new ship timeout
      shipDeadline: paidAt + 100n,
      updatedAt: refundedAt,
    });
    const releasedAt = BigInt(
      (await ethers.provider.getBlock(s.timedRelease.blockNumber))!.timestamp,
    );
    expect(s.indexer.store.load("Order", "2")).to.deep.include({
      state: "COMPLETED",
      merchantAmount: s.amount,
      buyerAmount: 0n,
      timedOut: true,
      updatedAt: releasedAt,
    });
    expect(s.indexer.store.load("Order", "3")).to.deep.include({
      state: "RESOLVED",
      merchantAmount: s.amount - s.amount / 2n,
      buyerAmount: s.amount / 2n,
      timedOut: true,
      disputedBy: lc(s.bob.address),
    });
    expect(s.indexer.store.load("Escrow", await s.commerce.getAddress())).to.deep.include({
      shipTimeout: 100n,
      confirmTimeout: 200n,
      rulingTimeout: 300n,
      paused: false,
      orderCount: 3,
      totalPaid: 3n * s.amount,
      totalReleased: s.amount + (s.amount - s.amount / 2n),
      totalRefunded: s.amount + s.amount / 2n,
    });
    const topic = s.commerce.interface.getEvent("Withdrawn")!.topicHash;
    const log = s.withdrawn.logs.find((l) => l.topics[0] === topic)!;
    const id = eventEntityId(s.withdrawn.hash, log.index);
    const block = await ethers.provider.getBlock(s.withdrawn.blockNumber);
    expect(s.indexer.store.load("Withdrawal", id)).to.deep.equal({
      id,
      contract: lc(await s.commerce.getAddress()),
      account: lc(s.bob.address),
      token: lc(await s.auteur.getAddress()),
      amount: s.amount,
      blockNumber: BigInt(s.withdrawn.blockNumber),
      timestamp: BigInt(block!.timestamp),
      transactionHash: s.withdrawn.hash,
    });
    // the escrow holds what was paid in and not withdrawn yet
    expect(await s.auteur.balanceOf(await s.commerce.getAddress())).to.equal(
      3n * s.amount - s.amount,
    );
  });

  it("records the ad escrow's settings", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.indexer.store.load("AdEscrow", await s.escrow.getAddress())).to.deep.include({
      minCreatorBps: s.bounds.minCreatorBps,
      maxViewerBps: s.bounds.maxViewerBps,
      maxStorageBps: s.bounds.maxStorageBps,
      minPlatformBps: s.bounds.minPlatformBps,
      maxPlatformBps: s.bounds.maxPlatformBps,
      platformTreasury: lc(s.merchant.address),
      settlementGrace: 7200n,
      allowedTokens: [lc(await s.auteur.getAddress())],
      paused: false,
      campaignCount: 0,
    });
  });

  it("sees every pausable contract paused, then unpaused", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.paused).to.deep.equal({ market: true, commerce: true, ads: true, miner: true });
    expect(s.indexer.store.load("Market", await s.market.getAddress())!.paused).to.equal(false);
    expect(s.indexer.store.load("Escrow", await s.commerce.getAddress())!.paused).to.equal(false);
    expect(s.indexer.store.load("AdEscrow", await s.escrow.getAddress())!.paused).to.equal(false);
    expect(s.indexer.store.load("UploadMiner", await s.miner.getAddress())).to.deep.include({
      paused: false,
      rewardCount: 0,
      totalRewarded: 0n,
      generated: 0n,
    });
  });

  it("records role grants and revocations on every contract", async function () {
    const s = await networkHelpers.loadFixture(story);
    const cases: [string, string, string, string][] = [
      [await s.registry.getAddress(), OPERATOR_ROLE, "OPERATOR_ROLE", s.bob.address],
      [await s.market.getAddress(), OPERATOR_ROLE, "OPERATOR_ROLE", s.bob.address],
      [await s.miner.getAddress(), OPERATOR_ROLE, "OPERATOR_ROLE", s.bob.address],
      [await s.commerce.getAddress(), PAUSER_ROLE, "PAUSER_ROLE", s.admin.address],
      [await s.escrow.getAddress(), PAUSER_ROLE, "PAUSER_ROLE", s.admin.address],
    ];
    for (const [contract, role, name, account] of cases) {
      const m = s.indexer.store.load("RoleMembership", membershipId(contract, role, account))!;
      expect(m, `${name} on ${contract}`).to.deep.include({
        contract: lc(contract),
        role,
        roleName: name,
        account: lc(account),
        active: false,
      });
      expect(m.revokedAt as bigint).to.be.greaterThanOrEqual(m.grantedAt as bigint);
      const changes = [...s.indexer.store.all("RoleChange")]
        .map(toPlain)
        .filter((c) => c.contract === lc(contract) && c.role === role);
      expect(changes.map((c) => c.granted)).to.deep.equal([true, false]);
      expect(changes.every((c) => c.sender === lc(s.admin.address))).to.equal(true);
      expect(
        // every one of these contracts has OZ AccessControl's hasRole: any of their ABIs reads it
        await (await ethers.getContractAt("UploadMiner", contract)).hasRole(role, account),
      ).to.equal(false);
    }
    // each contract's constructor granted the default admin
    for (const contract of [s.registry, s.market, s.commerce, s.escrow, s.miner]) {
      const id = membershipId(await contract.getAddress(), ethers.ZeroHash, s.admin.address);
      expect(s.indexer.store.load("RoleMembership", id)).to.deep.include({
        roleName: "DEFAULT_ADMIN_ROLE",
        active: true,
      });
    }
  });
});
