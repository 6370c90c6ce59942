/**
 * Ads, commerce and tips through the SDK: an advertiser opens and tops up a campaign, the verifier
 * quorum settles a period (the verifiers' job, signed off-chain with the SDK's settlement
 * builder), a viewer claims with one proof, a fan tips, a buyer pays an order into escrow. Every
 * advertiser/viewer/buyer step goes through `createAuteurClient` actions.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Wallet, type Signer } from "ethers";
import { deployRegistryArea, TOKEN_UNIT } from "../registry/fixture.js";
import { sha256Hex } from "../registry/helpers.js";
import {
  AuteurContractError,
  createAuteurClient,
  MediaType,
  type Deployments,
} from "../../sdk/src/chain/index.js";
import { AD_SETTLEMENT_TYPES, adEscrowDomain, buildAdSettlement } from "../../sdk/src/ads/index.js";

const { ethers, networkHelpers } = await network.getOrCreate();
const SPLIT = { creatorBps: 5000, viewerBps: 3000, storageBps: 1000, platformBps: 1000 };

async function fixture() {
  const area = await deployRegistryArea(ethers);
  const signers = await ethers.getSigners();
  const [storage, platform, viewer] = signers.slice(8, 11) as unknown as [Signer, Signer, Signer];
  const verifiers = [Wallet.createRandom(), Wallet.createRandom()].sort((a, b) =>
    BigInt(a.address) < BigInt(b.address) ? -1 : 1,
  );
  for (const v of verifiers)
    await area.authority.grantRole(await area.authority.VERIFIER_ROLE(), v.address);
  const adEscrow = await ethers.deployContract("AdEscrow", [
    await area.authority.getAddress(),
    await area.registry.getAddress(),
    await platform.getAddress(),
    {
      minCreatorBps: 2000,
      maxViewerBps: 5000,
      maxStorageBps: 3000,
      minPlatformBps: 0,
      maxPlatformBps: 2000,
    },
    86_400,
    0,
    area.admin.address,
  ]);
  const commerce = await ethers.deployContract("CommerceEscrow", [
    await area.authority.getAddress(),
    { ship: 3 * 86_400, confirm: 14 * 86_400, ruling: 30 * 86_400 },
    0,
    area.admin.address,
  ]);
  const tips = await ethers.deployContract("Tips", [
    await area.auteur.getAddress(),
    await area.registry.getAddress(),
  ]);
  for (const c of [adEscrow, commerce]) {
    await (
      c as unknown as { setTokenAllowed(t: string, a: boolean): Promise<unknown> }
    ).setTokenAllowed(await area.auteur.getAddress(), true);
  }
  const rec = async (c: { getAddress(): Promise<string> }) => ({
    address: await c.getAddress(),
    blockNumber: 0,
    txHash: "0x",
  });
  const deployments: Deployments = {
    chainId: Number(area.chainId),
    contracts: {
      AuthoritySet: await rec(area.authority),
      AuteurToken: await rec(area.auteur),
      CopyrightRegistry: await rec(area.registry),
      LicenseMarket: await rec(area.market),
      AdEscrow: await rec(adEscrow),
      CommerceEscrow: await rec(commerce),
      Tips: await rec(tips),
    },
  };
  const clientOf = (signer: Signer) => createAuteurClient({ signer, deployments });
  return { ...area, adEscrow, storage, viewer, verifiers, deployments, clientOf };
}

describe("SDK chain client: ads, commerce and tips", function () {
  it("opens, funds and settles a campaign; the viewer claims; a fan tips; a buyer pays an order", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const alice = await f.clientOf(f.alice);
    const bob = await f.clientOf(f.bob); // advertiser and buyer (holds tokens)
    const viewerAddress = await f.viewer.getAddress();
    const viewer = await f.clientOf(f.viewer);

    const { workId } = await alice.registerWork({
      upload: {
        contentSha256: sha256Hex("video"),
        pHash: 0x1234n,
        width: 1920,
        height: 1080,
        raw: false,
        manifest: sha256Hex("manifest"),
        mediaType: MediaType.Video,
        cellCount: 3,
        durationSeconds: 180,
      },
      attester: f.attester,
    });

    const now = BigInt(await networkHelpers.time.latest());
    const { campaignId } = await bob.createCampaign({
      deposit: 2n * TOKEN_UNIT,
      pricePerView: TOKEN_UNIT / 100n,
      pricePerClick: 0n,
      start: now,
      end: now + 7n * 86_400n,
      split: SPLIT,
      targetWorkIds: [workId],
    });
    const { remaining } = await bob.fundCampaign({ campaignId, amount: TOKEN_UNIT });
    expect(remaining).to.equal(3n * TOKEN_UNIT);

    // A stranger cannot top up: decoded, with the error's values.
    const refused = await viewer
      .fundCampaign({ campaignId, amount: 1n, approve: false })
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AuteurContractError);
    expect((refused as AuteurContractError).errorName).to.match(/^AdEscrow/);

    // The verifier quorum settles 100 views by the viewer (off the SDK client: verifiers' role).
    const c = (await f.adEscrow.getFunction("campaignOf").staticCall(campaignId)) as {
      remaining: bigint;
      viewerPool: bigint;
      pricePerView: bigint;
      pricePerClick: bigint;
      minViewsPerWork: bigint;
      split: { creatorBps: bigint; viewerBps: bigint; storageBps: bigint; platformBps: bigint };
    };
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
      period: 1n,
      deadline: BigInt(await networkHelpers.time.latest()) + 600n,
      activity: [
        {
          workId,
          views: 100n,
          clicks: 0n,
          storageProvider: await f.storage.getAddress(),
          viewers: new Map([[viewerAddress, 100n]]),
        },
      ],
    });
    const domain = adEscrowDomain(f.chainId, await f.adEscrow.getAddress());
    const sigs = await Promise.all(
      f.verifiers.map((v) => v.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report)),
    );
    await (await f.adEscrow.getFunction("settle").send(s.report, s.items, sigs)).wait();

    const { cumulativeAmount, proof } = s.viewerTree.claimOf(viewerAddress);
    const claimed = await viewer.claimAdReward({ campaignId, cumulativeAmount, proof });
    expect(claimed.amount).to.equal(cumulativeAmount);
    expect(cumulativeAmount).to.equal((TOKEN_UNIT * 3000n) / 10_000n); // 100 views x 0.01, 30 % to viewers
    const again = await viewer
      .claimAdReward({ campaignId, cumulativeAmount, proof })
      .catch((e: unknown) => e);
    expect((again as AuteurContractError).errorName).to.equal("CumulativeClaimNothingToClaim");

    const tipped = await bob.tip({ workId, amount: TOKEN_UNIT });
    expect(tipped.recipient).to.equal(f.alice.address);

    const order = await bob.createOrder({ merchant: f.alice.address, amount: 5n * TOKEN_UNIT });
    expect(order.orderId).to.equal(1n);
    const bad = await bob
      .createOrder({ merchant: f.bob.address, amount: 1n })
      .catch((e: unknown) => e);
    expect((bad as AuteurContractError).errorName).to.equal("CommerceEscrowInvalidOrder");
  });
});
