/**
 * CopyrightRegistry, LicenseMarket and CommerceEscrow mappings on the in-process chain: a work is
 * registered, gets a higher-resolution version, a RAW copy claims ownership and the claim is
 * finalised, a supervisor suspends and reinstates it, licences are sold (one with an NGO
 * donation), proceeds are withdrawn; an escrowed order goes paid -> shipped -> released and
 * another is disputed and resolved. Every entity is checked against the chain.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { network } from "hardhat";
import { INTEGRATOR_QUERIES, QueryEndpoint } from "../../subgraph/harness/index.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const WINDOW = 3600n;
const ZERO_HASH = "0x" + "00".repeat(32);
const sha = (s: string) => "0x" + createHash("sha256").update(s).digest("hex");

const UPLOAD = [
  { name: "contentSha256", type: "bytes32" },
  { name: "pHash", type: "uint64" },
  { name: "width", type: "uint32" },
  { name: "height", type: "uint32" },
  { name: "raw", type: "bool" },
  { name: "manifest", type: "bytes32" },
  { name: "mediaType", type: "uint8" },
  { name: "cellCount", type: "uint32" },
  { name: "durationSeconds", type: "uint32" },
];
const REGISTRATION = {
  Registration: [
    { name: "upload", type: "Upload" },
    { name: "uploader", type: "address" },
    { name: "matchedSha256", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Upload: UPLOAD,
};

function upload(name: string, pHash: bigint, width: number, height: number, raw = false) {
  return {
    contentSha256: sha(name),
    pHash,
    width,
    height,
    raw,
    manifest: sha("manifest " + name),
    mediaType: 0,
    cellCount: 0,
    durationSeconds: 0,
  };
}

describe("subgraph: registry, market and commerce mappings", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function story() {
    const [admin, attester, supervisor, alice, bob, carol, ngo, treasury, merchant] =
      await ethers.getSigners();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const authority = await ethers.deployContract("AuthoritySet", [0n, admin.address]);
    await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address);
    await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor.address);
    const supply = 1_000_000n;
    const auteur = await ethers.deployContract("AuteurToken", [
      "Auteur",
      "AUT",
      10n * supply,
      0n,
      admin.address,
      [bob.address, carol.address],
      [supply / 2n, supply / 2n],
    ]);
    const registry = await ethers.deployContract("CopyrightRegistry", [
      await authority.getAddress(),
      0n,
      admin.address,
      10,
      WINDOW,
    ]);
    const registryBlock = (await registry.deploymentTransaction()!.wait())!.blockNumber;
    const market = await ethers.deployContract("LicenseMarket", [
      await registry.getAddress(),
      await auteur.getAddress(),
      0n,
      admin.address,
      treasury.address,
      100,
      100,
    ]);
    const marketBlock = (await market.deploymentTransaction()!.wait())!.blockNumber;
    const escrow = await ethers.deployContract("CommerceEscrow", [
      await authority.getAddress(),
      { ship: 3600, confirm: 7200, ruling: 86400 },
      0n,
      admin.address,
    ]);
    const escrowBlock = (await escrow.deploymentTransaction()!.wait())!.blockNumber;
    await (await registry.setNgoApproval(ngo.address, true)).wait();

    const domain = {
      name: "Auteur CopyrightRegistry",
      version: "1",
      chainId,
      verifyingContract: await registry.getAddress(),
    };
    const deadline = 2n ** 40n;
    async function register(u: ReturnType<typeof upload>, uploader: string, matched = ZERO_HASH) {
      const nonce = await registry.nonces(uploader);
      const signature = await attester.signTypedData(domain, REGISTRATION, {
        upload: u,
        uploader,
        matchedSha256: matched,
        nonce,
        deadline,
      });
      return (await (await registry.register(u, uploader, matched, deadline, signature)).wait())!;
    }

    const original = upload("photo.jpg", 0x0f0f0f0f0f0f0f0fn, 1024, 768);
    const registered = await register(original, alice.address);
    const workId = 1n;
    const bigger = upload("photo-2048.jpg", 0x0f0f0f0f0f0f0f0en, 2048, 1536);
    const version = await register(bigger, alice.address, original.contentSha256);
    const rawCopy = upload("photo.raw", 0x0f0f0f0f0f0f0f0cn, 4096, 3072, true);
    const claimed = await register(rawCopy, carol.address, original.contentSha256);
    await networkHelpers.time.increase(WINDOW + 1n);
    const finalised = (await (await registry.finaliseClaim(workId)).wait())!;
    const suspended = (await (await registry.connect(supervisor).suspend(workId, 7)).wait())!;
    const reinstated = (await (await registry.connect(supervisor).reinstate(workId, 8)).wait())!;
    await (await registry.connect(carol).setRoyalty(workId, carol.address, 500)).wait();
    await (await registry.connect(carol).setDonation(ngo.address, 1000)).wait();

    // carol (the owner now) sells royalty-free licences; bob buys one
    const offer = (await (
      await market.connect(carol).setOffer(workId, 0, 1, await auteur.getAddress(), 1000n, 0)
    ).wait())!;
    await (await auteur.connect(bob).approve(await market.getAddress(), 10_000n)).wait();
    const bought = (await (
      await market.connect(bob).buy(workId, 0, 1, await auteur.getAddress(), 1000n)
    ).wait())!;
    const withdrawn = (await (
      await market.connect(carol).withdraw(await auteur.getAddress())
    ).wait())!;
    const withdrawnOffer = (await (
      await market.connect(carol).withdrawOffer(workId, 0, 1)
    ).wait())!;

    // commerce: bob buys from the merchant, merchant ships, bob confirms; a second order is disputed
    await (await escrow.setTokenAllowed(await auteur.getAddress(), true)).wait();
    await (await auteur.connect(bob).approve(await escrow.getAddress(), 10_000n)).wait();
    const paid = (await (
      await escrow
        .connect(bob)
        .createOrder(merchant.address, await auteur.getAddress(), 300n, sha("order-1"))
    ).wait())!;
    const shipped = (await (
      await escrow.connect(merchant).markShipped(1n, sha("tracking-1"))
    ).wait())!;
    const released = (await (await escrow.connect(bob).confirmReceipt(1n)).wait())!;
    await (
      await escrow
        .connect(bob)
        .createOrder(merchant.address, await auteur.getAddress(), 200n, sha("order-2"))
    ).wait();
    await (await escrow.connect(merchant).markShipped(2n, sha("tracking-2"))).wait();
    const disputed = (await (await escrow.connect(bob).openDispute(2n)).wait())!;
    const resolved = (await (await escrow.connect(supervisor).resolveDispute(2n, 50n)).wait())!;

    // upload mining: the miner mints the curve reward of work 1 to its creator
    const miner = await ethers.deployContract("UploadMiner", [
      await auteur.getAddress(),
      await registry.getAddress(),
      0,
      1000n,
      0n,
      100_000n,
      0n,
      admin.address,
    ]);
    const minerBlock = (await miner.deploymentTransaction()!.wait())!.blockNumber;
    await (await auteur.grantRole(await auteur.MINTER_ROLE(), await miner.getAddress())).wait();
    const mined = (await (await miner.claim(workId)).wait())!;

    // ads: a campaign on work 1, topped up, paused, resumed, cancelled and refunded
    const bounds = {
      minCreatorBps: 3000,
      maxViewerBps: 5000,
      maxStorageBps: 3000,
      minPlatformBps: 0,
      maxPlatformBps: 2000,
    };
    const ads = await ethers.deployContract("AdEscrow", [
      await authority.getAddress(),
      await registry.getAddress(),
      treasury.address,
      bounds,
      3600,
      0n,
      admin.address,
    ]);
    const adsBlock = (await ads.deploymentTransaction()!.wait())!.blockNumber;
    await (await ads.setTokenAllowed(await auteur.getAddress(), true)).wait();
    await (await auteur.connect(bob).approve(await ads.getAddress(), 100_000n)).wait();
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const params = {
      token: await auteur.getAddress(),
      deposit: 5000n,
      pricePerView: 2n,
      pricePerClick: 10n,
      start: now,
      end: now + 86_400n,
      minViewsPerWork: 1,
      split: { creatorBps: 5000, viewerBps: 2000, storageBps: 2000, platformBps: 1000 },
    };
    const created = (await (await ads.connect(bob).createCampaign(params, [workId])).wait())!;
    const toppedUp = (await (await ads.connect(bob).topUp(1n, 1000n)).wait())!;
    await (await ads.connect(bob).pauseCampaign(1n)).wait();
    await (await ads.connect(bob).resumeCampaign(1n)).wait();
    await (await ads.connect(bob).cancelCampaign(1n)).wait();
    const refunded = (await (await ads.connect(bob).refundRemainder(1n)).wait())!;

    // Proof-of-View: alice registers a video (work 2) and sets its split and enhancers
    const pov = await ethers.deployContract("ProofOfView", [
      {
        token: await auteur.getAddress(),
        authority: await authority.getAddress(),
        registry: await registry.getAddress(),
        epochReward: 1000n,
        halvingEpochs: 10n,
        maxHalvings: 1n,
        epochMillis: 60_000n,
        genesis: 0n,
        challengeWindow: 3600n,
        storageBps: 500,
        verifierBps: 500,
        supervisorBps: 200,
        bounds: {
          minCreatorBps: 3000,
          minViewerBps: 1000,
          maxViewerBps: 5000,
          maxEnhancerBps: 3000,
        },
      },
      0n,
      admin.address,
    ]);
    const povBlock = (await pov.deploymentTransaction()!.wait())!.blockNumber;
    const video = {
      ...upload("film.mp4", 0x1234n, 1920, 1080),
      mediaType: 1,
      cellCount: 2,
      durationSeconds: 120,
    };
    await register(video, alice.address);
    const splitSet = (await (
      await pov
        .connect(alice)
        .setSplit(2n, { creatorBps: 6000, viewerBps: 3000, enhancerBps: 1000 })
    ).wait())!;
    const enhancersSet = (await (
      await pov.connect(alice).setEnhancers(2n, [carol.address, merchant.address], [3, 1])
    ).wait())!;

    // tips: bob tips work 1 (its owner carol routes 10 % to the NGO) and tips carol directly
    const tips = await ethers.deployContract("Tips", [
      await auteur.getAddress(),
      await registry.getAddress(),
    ]);
    const tipsBlock = (await tips.deploymentTransaction()!.wait())!.blockNumber;
    await (await auteur.connect(bob).approve(await tips.getAddress(), 10_000n)).wait();
    const tipped = (await (await tips.connect(bob).tipWork(workId, 1000n, sha("thanks"))).wait())!;
    const tippedAccount = (await (
      await tips.connect(bob).tipAccount(carol.address, 40n, ZERO_HASH)
    ).wait())!;

    const indexer = makeIndexer(ethers.provider, {
      ProofOfView: { address: await pov.getAddress(), blockNumber: povBlock },
      Tips: { address: await tips.getAddress(), blockNumber: tipsBlock },
      UploadMiner: { address: await miner.getAddress(), blockNumber: minerBlock },
      AdEscrow: { address: await ads.getAddress(), blockNumber: adsBlock },
      CopyrightRegistry: { address: await registry.getAddress(), blockNumber: registryBlock },
      LicenseMarket: { address: await market.getAddress(), blockNumber: marketBlock },
      CommerceEscrow: { address: await escrow.getAddress(), blockNumber: escrowBlock },
    });
    await indexer.sync();
    return {
      indexer,
      registry,
      market,
      escrow,
      auteur,
      alice,
      bob,
      carol,
      ngo,
      merchant,
      supervisor,
      attester,
      pov,
      splitSet,
      enhancersSet,
      tips,
      tipped,
      tippedAccount,
      miner,
      mined,
      ads,
      created,
      toppedUp,
      refunded,
      now,
      workId,
      original,
      bigger,
      rawCopy,
      registered,
      version,
      claimed,
      finalised,
      suspended,
      reinstated,
      offer,
      bought,
      withdrawn,
      withdrawnOffer,
      paid,
      shipped,
      released,
      disputed,
      resolved,
    };
  }

  it("records the work with its original file and its current owner", async function () {
    const s = await networkHelpers.loadFixture(story);
    const block = await ethers.provider.getBlock(s.registered.blockNumber);
    const work = s.indexer.store.load("Work", "1")!;
    expect(work).to.deep.include({
      id: "1",
      workId: 1n,
      creator: s.alice.address.toLowerCase(),
      owner: s.carol.address.toLowerCase(),
      contentSha256: s.original.contentSha256,
      pHash: s.original.pHash,
      width: 1024n,
      height: 768n,
      raw: false,
      manifest: s.original.manifest,
      mediaType: 0,
      cellCount: 0n,
      durationSeconds: 0n,
      attester: s.attester.address.toLowerCase(),
      status: "ACTIVE",
      versionCount: 2,
      highestPixels: 4096n * 3072n,
      royaltyReceiver: s.carol.address.toLowerCase(),
      royaltyBps: 500,
      registeredAt: BigInt(block!.timestamp),
      blockNumber: BigInt(s.registered.blockNumber),
      transactionHash: s.registered.hash,
    });
    expect(work.owner).to.equal((await s.registry.ownerOf(1n)).toLowerCase());
    expect(work.pendingClaim).to.equal(null); // cleared when the claim was finalised
    const registry = s.indexer.store.load("Registry", await s.registry.getAddress())!;
    expect(registry).to.include({
      workCount: 2,
      versionCount: 2,
      matchThreshold: 10,
      disputeWindow: WINDOW,
    });
  });

  it("records each file as a WorkVersion keyed by its SHA-256", async function () {
    const s = await networkHelpers.loadFixture(story);
    const v0 = s.indexer.store.load("WorkVersion", s.original.contentSha256)!;
    expect(v0).to.include({ work: "1", version: 0, distance: 0, width: 1024n, raw: false });
    expect(v0.matchedSha256).to.equal(undefined);
    const v1 = s.indexer.store.load("WorkVersion", s.bigger.contentSha256)!;
    expect(v1).to.deep.include({
      work: "1",
      version: 1,
      uploader: s.alice.address.toLowerCase(),
      matchedSha256: s.original.contentSha256,
      distance: 1,
      pHash: s.bigger.pHash,
      width: 2048n,
      height: 1536n,
      highestPixels: 2048n * 1536n,
      transactionHash: s.version.hash,
    });
    const v2 = s.indexer.store.load("WorkVersion", s.rawCopy.contentSha256)!;
    expect(v2).to.include({
      version: 2,
      raw: true,
      distance: 2,
      uploader: s.carol.address.toLowerCase(),
    });
  });

  it("follows the RAW claim from pending to finalised and records the transfer", async function () {
    const s = await networkHelpers.loadFixture(story);
    const claimLog = s.claimed.logs.find(
      (l) => l.topics[0] === s.registry.interface.getEvent("OwnershipClaimed")!.topicHash,
    )!;
    const claimBlock = await ethers.provider.getBlock(s.claimed.blockNumber);
    const claim = s.indexer.store.load(
      "OwnershipClaim",
      eventEntityId(s.claimed.hash, claimLog.index),
    )!;
    expect(claim).to.deep.include({
      work: "1",
      claimant: s.carol.address.toLowerCase(),
      owner: s.alice.address.toLowerCase(),
      version: 2,
      readyAt: BigInt(claimBlock!.timestamp) + WINDOW,
      status: "FINALISED",
      createdAt: BigInt(claimBlock!.timestamp),
    });
    const transferLog = s.finalised.logs.find(
      (l) => l.topics[0] === ethers.id("Transfer(address,address,uint256)"),
    )!;
    const transfer = s.indexer.store.load(
      "OwnershipTransfer",
      eventEntityId(s.finalised.hash, transferLog.index),
    )!;
    expect(transfer).to.include({
      work: "1",
      from: s.alice.address.toLowerCase(),
      to: s.carol.address.toLowerCase(),
    });
    expect(s.indexer.store.count("OwnershipTransfer")).to.equal(1);
  });

  it("records suspension and reinstatement", async function () {
    const s = await networkHelpers.loadFixture(story);
    const sus = s.indexer.store.load(
      "Suspension",
      eventEntityId(s.suspended.hash, s.suspended.logs[0].index),
    )!;
    expect(sus).to.include({
      work: "1",
      supervisor: s.supervisor.address.toLowerCase(),
      suspended: true,
      reasonCode: 7n,
    });
    const back = s.indexer.store.load(
      "Suspension",
      eventEntityId(s.reinstated.hash, s.reinstated.logs[0].index),
    )!;
    expect(back).to.include({ suspended: false, reasonCode: 8n });
  });

  it("records offers, the licence, the sale's money and the NGO donation, matching the chain", async function () {
    const s = await networkHelpers.loadFixture(story);
    const token = (await s.auteur.getAddress()).toLowerCase();
    const offer = s.indexer.store.load("Offer", "1-0-1")!;
    expect(offer).to.include({
      work: "1",
      kind: "ROYALTY_FREE",
      tier: 1n,
      seller: s.carol.address.toLowerCase(),
      token,
      price: 1000n,
      term: 0n,
      active: false,
    });

    const licenceId = `1-${s.bob.address.toLowerCase()}-0-0`;
    const [validUntil, tier] = await s.market.licenceOf(1n, s.bob.address, 0, 0);
    expect(s.indexer.store.load("Licence", licenceId)).to.deep.equal({
      id: licenceId,
      work: "1",
      buyer: s.bob.address.toLowerCase(),
      kind: "ROYALTY_FREE",
      tier: BigInt(tier),
      validUntil,
      purchaseCount: 1,
    });

    const parsed = s.bought.logs
      .map((l) => s.market.interface.parseLog(l))
      .find((l) => l?.name === "LicencePurchased")!;
    const sale = parsed.args.sale;
    const purchaseLog = s.bought.logs.find((l) => l.topics[0] === parsed.topic)!;
    const purchase = s.indexer.store.load(
      "LicencePurchase",
      eventEntityId(s.bought.hash, purchaseLog.index),
    )!;
    expect(purchase).to.deep.include({
      licence: licenceId,
      work: "1",
      buyer: s.bob.address.toLowerCase(),
      seller: s.carol.address.toLowerCase(),
      token,
      price: sale.price,
      proceeds: sale.proceeds,
      donation: sale.donation,
      ngo: s.ngo.address.toLowerCase(),
      paymentFee: sale.paymentFee,
      fuelFee: sale.fuelFee,
      fuelBurned: sale.fuelBurned,
    });
    expect(sale.donation).to.be.greaterThan(0n);
    const donation = s.indexer.store.load(
      "Donation",
      eventEntityId(s.bought.hash, purchaseLog.index),
    )!;
    expect(donation).to.include({
      ngo: s.ngo.address.toLowerCase(),
      donor: s.bob.address.toLowerCase(),
      amount: sale.donation,
    });
    expect(s.indexer.store.load("Ngo", s.ngo.address)).to.include({
      approved: true,
      totalReceived: sale.donation,
    });

    const market = s.indexer.store.load("Market", await s.market.getAddress())!;
    expect(market).to.include({ salesCount: 1, totalDonations: sale.donation });
    expect(market.totalFuelBurned).to.equal(sale.fuelBurned ? sale.fuelFee : 0n);

    const w = s.indexer.store.load(
      "Withdrawal",
      eventEntityId(
        s.withdrawn.hash,
        s.withdrawn.logs.find(
          (l) => l.topics[0] === s.market.interface.getEvent("Withdrawn")!.topicHash,
        )!.index,
      ),
    )!;
    expect(w).to.include({
      contract: (await s.market.getAddress()).toLowerCase(),
      account: s.carol.address.toLowerCase(),
      token,
      amount: sale.proceeds,
    });
  });

  it("follows escrowed orders through release and dispute, with totals matching the money moved", async function () {
    const s = await networkHelpers.loadFixture(story);
    const paidBlock = await ethers.provider.getBlock(s.paid.blockNumber);
    const order1 = s.indexer.store.load("Order", "1")!;
    expect(order1).to.deep.include({
      orderId: 1n,
      buyer: s.bob.address.toLowerCase(),
      merchant: s.merchant.address.toLowerCase(),
      token: (await s.auteur.getAddress()).toLowerCase(),
      amount: 300n,
      orderRef: sha("order-1"),
      state: "COMPLETED",
      shipDeadline: BigInt(paidBlock!.timestamp) + 3600n,
      trackingRef: sha("tracking-1"),
      merchantAmount: 300n,
      buyerAmount: 0n,
      timedOut: false,
      createdAt: BigInt(paidBlock!.timestamp),
      transactionHash: s.paid.hash,
    });
    const order2 = s.indexer.store.load("Order", "2")!;
    expect(order2).to.include({
      state: "RESOLVED",
      buyerAmount: 50n,
      merchantAmount: 150n,
      disputedBy: s.bob.address.toLowerCase(),
      resolvedBy: s.supervisor.address.toLowerCase(),
      timedOut: false,
    });
    const escrow = s.indexer.store.load("Escrow", await s.escrow.getAddress())!;
    expect(escrow).to.deep.include({
      orderCount: 2,
      totalPaid: 500n,
      totalReleased: 450n,
      totalRefunded: 50n,
      shipTimeout: 3600n,
      confirmTimeout: 7200n,
      rulingTimeout: 86400n,
      allowedTokens: [(await s.auteur.getAddress()).toLowerCase()],
    });
  });

  it("records the upload-mining reward with the curve position", async function () {
    const s = await networkHelpers.loadFixture(story);
    const log = s.mined.logs.find(
      (l) => l.topics[0] === s.miner.interface.getEvent("UploadRewarded")!.topicHash,
    )!;
    const parsed = s.miner.interface.parseLog(log)!;
    const reward = s.indexer.store.load("MiningReward", eventEntityId(s.mined.hash, log.index))!;
    expect(reward).to.include({
      work: "1",
      creator: s.alice.address.toLowerCase(),
      reward: parsed.args.reward,
      generatedBefore: 0n,
      generatedAfter: parsed.args.generatedAfter,
      transactionHash: s.mined.hash,
    });
    expect(parsed.args.reward).to.equal(await s.miner.rewardOf(1n));
    expect(s.indexer.store.load("UploadMiner", await s.miner.getAddress())).to.include({
      generated: await s.miner.generated(),
      totalRewarded: parsed.args.reward,
      rewardCount: 1,
    });
  });

  it("follows a campaign through top-up, pause, cancel and refund; deposits reconcile", async function () {
    const s = await networkHelpers.loadFixture(story);
    const campaign = s.indexer.store.load("Campaign", "1")!;
    expect(campaign).to.deep.include({
      campaignId: 1n,
      advertiser: s.bob.address.toLowerCase(),
      token: (await s.auteur.getAddress()).toLowerCase(),
      deposited: 6000n,
      pricePerView: 2n,
      pricePerClick: 10n,
      start: s.now,
      end: s.now + 86_400n,
      minViewsPerWork: 1n,
      creatorBps: 5000,
      viewerBps: 2000,
      storageBps: 2000,
      platformBps: 1000,
      targetWorks: ["1"],
      status: "CANCELLED",
      debited: 0n,
      remaining: 0n,
      refunded: 6000n,
    });
    const c = campaign as {
      deposited: bigint;
      debited: bigint;
      remaining: bigint;
      refunded: bigint;
    };
    expect(c.deposited).to.equal(c.debited + c.remaining + c.refunded);
    const refundLog = s.refunded.logs.find(
      (l) => l.topics[0] === s.ads.interface.getEvent("RemainderRefunded")!.topicHash,
    )!;
    expect(
      s.indexer.store.load("CampaignRefund", eventEntityId(s.refunded.hash, refundLog.index)),
    ).to.include({
      campaign: "1",
      advertiser: s.bob.address.toLowerCase(),
      amount: 6000n,
    });
    expect(s.indexer.store.load("AdEscrow", await s.ads.getAddress())).to.deep.include({
      campaignCount: 1,
      totalDeposited: 6000n,
      totalRefunded: 6000n,
      allowedTokens: [(await s.auteur.getAddress()).toLowerCase()],
      minCreatorBps: 3000,
      maxPlatformBps: 2000,
      settlementGrace: 3600n,
    });
  });

  it("records a video's Proof-of-View split and enhancers", async function () {
    const s = await networkHelpers.loadFixture(story);
    const parsed = s.pov.interface.parseLog(
      s.splitSet.logs.find((l) => l.topics[0] === s.pov.interface.getEvent("SplitSet")!.topicHash)!,
    )!;
    expect(s.indexer.store.load("ContentSplit", "2")).to.deep.equal({
      id: "2",
      work: "2",
      creator: s.alice.address.toLowerCase(),
      creatorBps: 6000,
      viewerBps: 3000,
      enhancerBps: 1000,
      effectiveFromEpoch: parsed.args.effectiveFromEpoch,
      enhancers: [s.carol.address.toLowerCase(), s.merchant.address.toLowerCase()],
      enhancerWeights: [3n, 1n],
    });
    expect(s.indexer.store.load("Work", "2")).to.include({
      mediaType: 1,
      cellCount: 2n,
      durationSeconds: 120n,
    });
  });

  it("records tips with the owner's NGO share", async function () {
    const s = await networkHelpers.loadFixture(story);
    const topic = s.tips.interface.getEvent("Tipped")!.topicHash;
    const log = s.tipped.logs.find((l) => l.topics[0] === topic)!;
    expect(s.indexer.store.load("Tip", eventEntityId(s.tipped.hash, log.index))).to.deep.include({
      from: s.bob.address.toLowerCase(),
      recipient: s.carol.address.toLowerCase(),
      work: "1",
      amount: 1000n,
      recipientAmount: 900n,
      ngo: s.ngo.address.toLowerCase(),
      donationAmount: 100n,
      messageHash: sha("thanks"),
    });
    const direct = s.tippedAccount.logs.find((l) => l.topics[0] === topic)!;
    const t = s.indexer.store.load("Tip", eventEntityId(s.tippedAccount.hash, direct.index))!;
    expect(t).to.include({ amount: 40n, recipientAmount: 40n, donationAmount: 0n });
    expect(t.work).to.equal(undefined);
    expect(t.ngo).to.equal(undefined);
  });

  it("counts the day's registrations, versions, sales and orders", async function () {
    const s = await networkHelpers.loadFixture(story);
    const days = [...s.indexer.store.all("ProtocolDayData")];
    const sum = (f: string) =>
      days.reduce((a, d) => a + Number((d.get(f) as { value: number }).value), 0);
    expect(sum("worksRegistered")).to.equal(2);
    expect(sum("versionsAdded")).to.equal(2);
    expect(sum("licencesSold")).to.equal(1);
    expect(sum("ordersPaid")).to.equal(2);
  });

  it("answers the integrator's queries over the indexed story", async function () {
    const s = await networkHelpers.loadFixture(story);
    const endpoint = new QueryEndpoint(s.indexer.store);
    const run = async (query: string, variables: Record<string, unknown>) => {
      const r = await endpoint.execute(query, variables);
      expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
      return r.data as Record<string, unknown>;
    };
    const owned = await run(INTEGRATOR_QUERIES.worksByOwner, {
      owner: s.carol.address.toLowerCase(),
    });
    const works = owned.works as { id: string; versions: { version: number }[] }[];
    expect(works.map((w) => w.id)).to.deep.equal(["1"]);
    expect(works[0].versions.map((v) => v.version)).to.deep.equal([0, 1, 2]);
    const licences = await run(INTEGRATOR_QUERIES.licencesOfWork, { work: "1" });
    expect(licences.licences).to.have.length(1);
    const spend = await run(INTEGRATOR_QUERIES.campaignSpend, { campaign: "1" });
    expect(spend.campaign).to.deep.include({
      deposited: "6000",
      debited: "0",
      remaining: "0",
      refunded: "6000",
    });
    const epoch = await run(INTEGRATOR_QUERIES.earningsForEpoch, { epoch: "1" });
    expect(epoch.epoch).to.equal(null); // no Proof-of-View report in this story
  });
});
