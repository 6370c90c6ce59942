/**
 * The AdEscrow mappings on a real campaign: SDK-built settlements signed by a verifier quorum,
 * the budget running out mid-settlement, viewer claims, and withdrawals; entities asserted field by
 * field and reconciled with the contract's own accounting.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { TOKEN_UNIT } from "../registry/fixture.js";
import { deployAdsArea, openCampaign, settlePeriod } from "../ads/fixture.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

describe("subgraph: AdEscrow settlements and viewer claims", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function story() {
    const startBlock = await ethers.provider.getBlockNumber();
    const a = await deployAdsArea(ethers, networkHelpers);
    const deposit = 5n * TOKEN_UNIT;
    const { campaignId } = await openCampaign(a, networkHelpers, deposit);
    const p1 = await settlePeriod(a, networkHelpers, campaignId, 1n, [100n, 120n, 80n], 2n);
    const r1 = (await (await p1.tx).wait())!;
    const p2 = await settlePeriod(a, networkHelpers, campaignId, 2n, [200n, 100n, 100n], 0n, p1.s);
    const r2 = (await (await p2.tx).wait())!;
    const claims = [];
    for (const v of a.viewers) {
      const { cumulativeAmount, proof } = p2.s.viewerTree.claimOf(v.address);
      claims.push(
        (await (
          await a.escrow.claimViewer(campaignId, v.address, cumulativeAmount, proof)
        ).wait())!,
      );
    }
    await (await a.escrow.connect(a.alice).withdraw(await a.auteur.getAddress())).wait();
    const indexer = makeIndexer(ethers.provider, {
      AdEscrow: { address: await a.escrow.getAddress(), blockNumber: startBlock },
      CopyrightRegistry: { address: await a.registry.getAddress(), blockNumber: startBlock },
    });
    await indexer.sync();
    return { ...a, indexer, campaignId, deposit, p1, p2, r1, r2, claims };
  }

  it("indexes the campaign's spend exactly as the contract accounts it", async function () {
    const s = await networkHelpers.loadFixture(story);
    const c = await s.escrow.campaignOf(s.campaignId);
    const campaign = s.indexer.store.load("Campaign", s.campaignId.toString())!;
    expect(campaign).to.deep.include({
      campaignId: s.campaignId,
      advertiser: s.advertiser.address.toLowerCase(),
      deposited: s.deposit,
      remaining: c.remaining,
      viewerPool: c.viewerPool,
      viewerClaimed: c.viewerClaimed,
      refunded: 0n,
      status: "EXHAUSTED",
      settlementCount: 2,
      exhaustedInPeriod: 2n,
      viewerRoot: s.p2.s.viewerTree.root,
      creatorBps: 5000,
      viewerBps: 3000,
    });
    expect(campaign.debited).to.equal(s.p1.s.debited + s.p2.s.debited);
    expect(
      (campaign.debited as bigint) + (campaign.remaining as bigint) + (campaign.refunded as bigint),
    ).to.equal(s.deposit);
  });

  it("records each settlement and each work payment with what actually moved", async function () {
    const s = await networkHelpers.loadFixture(story);
    const settled = (r: typeof s.r1) =>
      r.logs.find((l) => s.escrow.interface.parseLog(l)?.name === "CampaignSettled")!;
    const second = s.indexer.store.load(
      "AdSettlement",
      eventEntityId(s.r2.hash, settled(s.r2).index),
    )!;
    expect(second).to.deep.include({
      campaign: s.campaignId.toString(),
      period: 2n,
      debited: s.p2.s.debited,
      prorated: true,
      remaining: 0n,
      viewerCumulative: s.p2.s.report.viewerCumulative,
      viewerRoot: s.p2.s.viewerTree.root,
    });
    const payout = s.p2.s.payouts[0];
    // one payment per (campaign, period, work): "<campaignId>-<period>-<workId>"
    const payment = s.indexer.store.load("AdWorkPayment", `${s.campaignId}-2-1`)!;
    expect(payment).to.deep.include({
      campaign: s.campaignId.toString(),
      period: 2n,
      work: "1",
      owner: s.alice.address.toLowerCase(),
      views: 400n,
      clicks: 0n,
      storageProvider: s.storage.address.toLowerCase(),
      amount: payout.amount,
      creatorAmount: payout.creatorAmount,
      storageAmount: payout.storageAmount,
      viewerAmount: payout.viewerAmount,
      platformAmount: payout.platformAmount,
    });
  });

  it("records every viewer claim, and the claims add up to the viewer pool", async function () {
    const s = await networkHelpers.loadFixture(story);
    let total = 0n;
    for (const [i, r] of s.claims.entries()) {
      const log = r.logs.find((l) => s.escrow.interface.parseLog(l)?.name === "ViewerClaimed")!;
      const claim = s.indexer.store.load("ViewerClaim", eventEntityId(r.hash, log.index))!;
      const expected = s.p2.s.viewerTree.balances.get(s.viewers[i].address)!;
      expect(claim).to.deep.include({
        campaign: s.campaignId.toString(),
        account: s.viewers[i].address.toLowerCase(),
        amount: expected,
        cumulative: expected,
      });
      total += claim.amount as bigint;
    }
    const campaign = s.indexer.store.load("Campaign", s.campaignId.toString())!;
    expect(total).to.equal(campaign.viewerPool);
    expect(campaign.viewerClaimed).to.equal(total);
  });
});
