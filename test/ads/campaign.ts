/**
 * A whole advertising campaign and a whole escrowed order on the in-process chain, with the real
 * AuthoritySet, AuteurToken and CopyrightRegistry, and settlements built by the SDK.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { AdEscrow, CommerceEscrow } from "../../types/ethers-contracts/index.js";
import { AD_SETTLEMENT_TYPES, adEscrowDomain, buildAdSettlement } from "../../sdk/src/ads/index.js";
import { deployRegistryArea, TOKEN_UNIT } from "../registry/fixture.js";
import { imageUpload, MediaType, signRegistration } from "../registry/helpers.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const VIEWER_BPS = 3000n;

async function deployAds() {
  const area = await deployRegistryArea(ethers);
  const { authority, registry, auteur, admin, attester, alice, bob } = area;
  const signers = await ethers.getSigners();
  const [storage, platform, v1, v2, v3] = signers.slice(8, 13);

  // two verifiers, quorum 2
  const verifiers = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom()].sort((a, b) =>
    BigInt(a.address) < BigInt(b.address) ? -1 : 1,
  );
  for (const v of verifiers) await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);

  // alice registers a video work
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const video = imageUpload("demo-video", {
    mediaType: MediaType.Video,
    cellCount: 3,
    durationSeconds: 180,
  });
  const signature = await signRegistration({
    registry,
    chainId: area.chainId,
    attester,
    upload: video,
    uploader: alice.address,
    deadline,
  });
  await registry.register(video, alice.address, ethers.ZeroHash, deadline, signature);

  const escrow = (await ethers.deployContract("AdEscrow", [
    await authority.getAddress(),
    await registry.getAddress(),
    platform.address,
    {
      minCreatorBps: 2000,
      maxViewerBps: 5000,
      maxStorageBps: 3000,
      minPlatformBps: 0,
      maxPlatformBps: 2000,
    },
    86400n,
    0n,
    admin.address,
  ])) as unknown as AdEscrow;
  await escrow.setTokenAllowed(await auteur.getAddress(), true);

  const commerce = (await ethers.deployContract("CommerceEscrow", [
    await authority.getAddress(),
    { ship: 3 * 86400, confirm: 14 * 86400, ruling: 30 * 86400 },
    0n,
    admin.address,
  ])) as unknown as CommerceEscrow;
  await commerce.setTokenAllowed(await auteur.getAddress(), true);

  return {
    ...area,
    escrow,
    commerce,
    verifiers,
    storage,
    platform,
    viewers: [v1, v2, v3],
    advertiser: bob,
  };
}

describe("AdEscrow: a whole campaign", function () {
  it("pays per view until the budget runs out, viewers claim with one proof each, and every token is accounted for", async function () {
    const { escrow, auteur, verifiers, storage, platform, viewers, advertiser, alice, chainId } =
      await networkHelpers.loadFixture(deployAds);
    const deposit = 5n * TOKEN_UNIT;
    const now = BigInt(await networkHelpers.time.latest());
    const params = {
      token: await auteur.getAddress(),
      deposit,
      pricePerView: TOKEN_UNIT / 100n, // 0.01 per verified view
      pricePerClick: TOKEN_UNIT / 10n, // 0.1 per click
      start: now,
      end: now + 7n * 86400n,
      minViewsPerWork: 0n,
      split: { creatorBps: 5000n, viewerBps: VIEWER_BPS, storageBps: 1000n, platformBps: 1000n },
    };
    await auteur.connect(advertiser).approve(await escrow.getAddress(), deposit);
    await expect(escrow.connect(advertiser).createCampaign(params, [1n])).to.emit(
      escrow,
      "CampaignCreated",
    );
    const campaignId = 1n;
    const domain = adEscrowDomain(chainId, await escrow.getAddress());

    const settle = async (
      period: bigint,
      views: bigint[],
      clicks: bigint,
      previous?: Map<string, bigint>,
    ) => {
      const c = await escrow.campaignOf(campaignId);
      const viewerViews = new Map(viewers.map((v, i) => [v.address, views[i]]));
      const s = buildAdSettlement({
        campaign: {
          campaignId,
          remaining: c.remaining,
          viewerPool: c.viewerPool,
          pricePerView: c.pricePerView,
          pricePerClick: c.pricePerClick,
          minViewsPerWork: c.minViewsPerWork,
          split: c.split,
        },
        period,
        deadline: BigInt(await networkHelpers.time.latest()) + 600n,
        activity: [
          {
            workId: 1n,
            views: views.reduce((a, b) => a + b, 0n),
            clicks,
            storageProvider: storage.address,
            viewers: viewerViews,
          },
        ],
        previousViewerBalances: previous,
      });
      const sigs = await Promise.all(
        verifiers.map((v) => v.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report)),
      );
      return { s, tx: escrow.settle(s.report, s.items, sigs) };
    };

    // period 1: 300 views + 2 clicks = 3.2 tokens, fully paid
    const p1 = await settle(1n, [100n, 120n, 80n], 2n);
    await expect(p1.tx)
      .to.emit(escrow, "CampaignSettled")
      .withArgs(
        campaignId,
        1n,
        p1.s.debited,
        p1.s.payouts[0].viewerAmount,
        deposit - p1.s.debited,
        p1.s.viewerTree.root,
        p1.s.report.viewerCumulative,
        false,
      );
    expect(p1.s.debited).to.equal((32n * TOKEN_UNIT) / 10n);

    // period 2: 400 views = 4 tokens due, 1.8 left: prorated, exhausted
    const p2 = await settle(2n, [200n, 100n, 100n], 0n, new Map(p1.s.viewerTree.balances));
    await expect(p2.tx).to.emit(escrow, "BudgetExhausted").withArgs(campaignId, 2n);
    expect(p2.s.prorated).to.equal(true);
    const c = await escrow.campaignOf(campaignId);
    expect(c.remaining).to.equal(0n);
    expect(c.status).to.equal(3n); // Exhausted

    // viewers claim once, with one proof each, against the newest cumulative root
    let claimed = 0n;
    for (const v of viewers) {
      const { cumulativeAmount, proof } = p2.s.viewerTree.claimOf(v.address);
      await expect(escrow.claimViewer(campaignId, v.address, cumulativeAmount, proof))
        .to.emit(escrow, "ViewerClaimed")
        .withArgs(campaignId, v.address, cumulativeAmount, cumulativeAmount);
      expect(await auteur.balanceOf(v.address)).to.equal(cumulativeAmount);
      claimed += cumulativeAmount;
      await expect(
        escrow.claimViewer(campaignId, v.address, cumulativeAmount, proof),
      ).to.be.revertedWithCustomError(escrow, "CumulativeClaimNothingToClaim");
    }
    expect(claimed).to.equal(c.viewerPool);

    // owner, storage and platform withdraw; everything reconciles with the deposit
    const token = await auteur.getAddress();
    const credits = await Promise.all(
      [alice, storage, platform].map((a) => escrow.creditOf(a.address, token)),
    );
    for (const a of [alice, storage, platform]) await escrow.connect(a).withdraw(token);
    const paidDirect = credits.reduce((x, y) => x + y, 0n);
    expect(paidDirect).to.equal(c.paidDirect);
    expect(paidDirect + claimed + c.remaining + c.refunded).to.equal(deposit);
    expect(await auteur.balanceOf(await escrow.getAddress())).to.equal(0n);
  });
});

describe("CommerceEscrow: a whole order", function () {
  it("goes from payment to shipping to confirmation and the merchant withdraws", async function () {
    const {
      commerce,
      auteur,
      bob: buyer,
      alice: merchant,
    } = await networkHelpers.loadFixture(deployAds);
    const amount = 25n * TOKEN_UNIT;
    await auteur.connect(buyer).approve(await commerce.getAddress(), amount);
    const ref = ethers.id("order-42");
    await expect(
      commerce.connect(buyer).createOrder(merchant.address, await auteur.getAddress(), amount, ref),
    ).to.emit(commerce, "OrderPaid");
    await expect(commerce.connect(merchant).markShipped(1n, ethers.id("tracking"))).to.emit(
      commerce,
      "OrderShipped",
    );
    await expect(commerce.connect(buyer).confirmReceipt(1n))
      .to.emit(commerce, "OrderReleased")
      .withArgs(1n, merchant.address, amount, 0n);
    const before = await auteur.balanceOf(merchant.address);
    await commerce.connect(merchant).withdraw(await auteur.getAddress());
    expect((await auteur.balanceOf(merchant.address)) - before).to.equal(amount);
  });
});
