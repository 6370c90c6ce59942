/**
 * A whole advertising campaign and a whole escrowed order on the in-process chain, with the real
 * AuthoritySet, AuteurToken and CopyrightRegistry, and settlements built by the SDK.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { TOKEN_UNIT } from "../registry/fixture.js";
import { deployAdsArea, openCampaign, settlePeriod } from "./fixture.js";

const { ethers, networkHelpers } = await network.getOrCreate();

async function deployAds() {
  return deployAdsArea(ethers, networkHelpers);
}

describe("AdEscrow: a whole campaign", function () {
  it("pays per view until the budget runs out, viewers claim with one proof each, and every token is accounted for", async function () {
    const a = await networkHelpers.loadFixture(deployAds);
    const { escrow, auteur, storage, platform, viewers, alice } = a;
    const deposit = 5n * TOKEN_UNIT;
    const { campaignId, tx: created } = await openCampaign(a, networkHelpers, deposit);
    await expect(created).to.emit(escrow, "CampaignCreated");
    const settle = (
      period: bigint,
      views: bigint[],
      clicks: bigint,
      previous?: Parameters<typeof settlePeriod>[6],
    ) => settlePeriod(a, networkHelpers, campaignId, period, views, clicks, previous);

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
    const p2 = await settle(2n, [200n, 100n, 100n], 0n, p1.s);
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
