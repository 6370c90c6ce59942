/**
 * SDK ad campaign operations on the in-process chain: read a campaign, settle a quorum-signed
 * period, pause / resume / cancel, refund the remainder; decoded reverts for a paused campaign,
 * a stranger's switch and a refund before it is due.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { AuteurContractError, MediaType } from "../../sdk/src/chain/index.js";
import { AuteurInputError } from "../../sdk/src/errors.js";
import { AD_SETTLEMENT_TYPES, adEscrowDomain, buildAdSettlement } from "../../sdk/src/ads/index.js";
import { sha256Hex } from "../registry/helpers.js";
import { deployStory } from "./actions-fixture.js";

const connection = await network.getOrCreate();
const { networkHelpers } = connection;
const UNIT = 10n ** 18n;
const SPLIT = { creatorBps: 5000, viewerBps: 3000, storageBps: 1000, platformBps: 1000 };

async function fixture() {
  const story = await deployStory(connection);
  const { creator, attester, advertiser } = story.accounts;
  const { workId } = await (
    await story.clientOf(creator)
  ).registerWork({
    upload: {
      contentSha256: sha256Hex("ads action video"),
      pHash: 0x5555_aaaa_5555_aaaan,
      width: 1280,
      height: 720,
      raw: false,
      manifest: sha256Hex("ads action manifest"),
      mediaType: MediaType.Video,
      cellCount: 2,
      durationSeconds: 120,
    },
    attester,
  });
  const ad = await story.clientOf(advertiser);
  const now = BigInt(await networkHelpers.time.latest());
  const { campaignId } = await ad.createCampaign({
    deposit: 10n * UNIT,
    pricePerView: UNIT / 10n,
    pricePerClick: 0n,
    start: now,
    end: now + 86_400n,
    split: SPLIT,
    targetWorkIds: [workId],
  });
  return { ...story, workId, campaignId, ad };
}

describe("SDK actions: ad campaign operations", function () {
  it("reads a campaign, settles a signed period, pauses, resumes, cancels and refunds", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const { storage, viewers } = s.accounts;
    const c = await s.ad.getCampaign({ campaignId: s.campaignId });
    expect(c).to.deep.include({
      status: "Active",
      deposited: 10n * UNIT,
      remaining: 10n * UNIT,
      advertiser: s.accounts.advertiser.address,
      lastPeriod: 0n,
    });

    const domain = adEscrowDomain(s.chainId, s.deployments.contracts.AdEscrow!.address);
    const settlement = async (period: bigint, balances?: ReadonlyMap<string, bigint>) => {
      const state = (await s.ad.getCampaign({ campaignId: s.campaignId })).state;
      const built = buildAdSettlement({
        campaign: state,
        period,
        deadline: BigInt(await networkHelpers.time.latest()) + 600n,
        activity: [
          {
            workId: s.workId,
            views: 30n,
            clicks: 0n,
            storageProvider: storage.address,
            viewers: new Map([
              [viewers[0].address, 20n],
              [viewers[1].address, 10n],
            ]),
          },
        ],
        previousViewerBalances: balances,
      });
      const signatures = await Promise.all(
        s.verifiers.slice(0, 2).map(async (v) => ({
          signer: v.address,
          signature: await v.signTypedData(domain, AD_SETTLEMENT_TYPES, built.report),
        })),
      );
      return { built, signatures };
    };

    const p1 = await settlement(1n);
    const settled = await s.ad.settleAdPeriod({
      report: p1.built.report,
      items: p1.built.items,
      signatures: p1.signatures.reverse(), // any order: the action sorts by signer
    });
    expect(settled.debited).to.equal(3n * UNIT); // 30 views x 0.1
    expect(settled.remaining).to.equal(7n * UNIT);
    expect(settled.budgetExhausted).to.equal(false);
    expect(settled.payments).to.have.length(1);
    expect(settled.payments[0]).to.deep.include({
      workId: s.workId,
      owner: s.accounts.creator.address,
      creatorAmount: p1.built.payouts[0].creatorAmount,
      viewerAmount: p1.built.payouts[0].viewerAmount,
    });

    expect((await s.ad.pauseCampaign({ campaignId: s.campaignId })).status).to.equal("Paused");
    const p2 = await settlement(2n, p1.built.viewerTree.balances);
    const paused = await s.ad
      .settleAdPeriod({ report: p2.built.report, items: p2.built.items, signatures: p2.signatures })
      .catch((e: unknown) => e);
    expect(paused).to.be.instanceOf(AuteurContractError);
    expect((paused as AuteurContractError).errorName).to.equal("AdEscrowCampaignNotActive");
    expect((await s.ad.resumeCampaign({ campaignId: s.campaignId })).status).to.equal("Active");
    const again = await s.ad.settleAdPeriod({
      report: p2.built.report,
      items: p2.built.items,
      signatures: p2.signatures,
    });
    expect(again.remaining).to.equal(4n * UNIT);

    const locked = await s.ad.refundCampaign({ campaignId: s.campaignId }).catch((e: unknown) => e);
    expect((locked as AuteurContractError).errorName).to.equal("AdEscrowRemainderLocked");
    expect((locked as AuteurContractError).hints[0]).to.match(/cancelCampaign/);
    expect((await s.ad.cancelCampaign({ campaignId: s.campaignId })).status).to.equal("Cancelled");
    const before = await s.ad.getTokenBalance({});
    const refunded = await s.ad.refundCampaign({ campaignId: s.campaignId });
    expect(refunded.amount).to.equal(4n * UNIT);
    expect((await s.ad.getTokenBalance({})) - before).to.equal(4n * UNIT);
    const after = await s.ad.getCampaign({ campaignId: s.campaignId });
    expect(after.deposited).to.equal(
      after.paidDirect + after.viewerPool + after.remaining + after.refunded,
    );
  });

  it("refuses a stranger's pause and an unknown campaign with typed errors", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const stranger = await s.clientOf(s.accounts.fan);
    const refused = await stranger
      .pauseCampaign({ campaignId: s.campaignId })
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AuteurContractError);
    expect((refused as AuteurContractError).errorName).to.equal("AdEscrowNotAdvertiser");
    expect((refused as AuteurContractError).args.caller).to.equal(s.accounts.fan.address);
    const unknown = await stranger.getCampaign({ campaignId: 99n }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(AuteurInputError);
    expect((unknown as AuteurInputError).code).to.equal("CAMPAIGN_UNKNOWN");
  });
});
