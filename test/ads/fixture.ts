/**
 * The ads area on a Hardhat connection (real AuthoritySet, AuteurToken, CopyrightRegistry with a
 * registered video, AdEscrow, CommerceEscrow) and a campaign story driven by the SDK's settlement
 * builder. Shared by the contract tests, the subgraph tests and the gas benchmark.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { AdEscrow, CommerceEscrow } from "../../types/ethers-contracts/index.js";
import {
  AD_SETTLEMENT_TYPES,
  adEscrowDomain,
  buildAdSettlement,
  type BuildAdSettlementReturnType,
} from "../../sdk/src/ads/index.js";
import { deployRegistryArea, TOKEN_UNIT } from "../registry/fixture.js";
import { imageUpload, MediaType, signRegistration } from "../registry/helpers.js";

export const SPLIT = { creatorBps: 5000n, viewerBps: 3000n, storageBps: 1000n, platformBps: 1000n };
export const BOUNDS = {
  minCreatorBps: 2000,
  maxViewerBps: 5000,
  maxStorageBps: 3000,
  minPlatformBps: 0,
  maxPlatformBps: 2000,
};

export async function deployAdsArea(ethers: HardhatEthers, networkHelpers: NetworkHelpers) {
  const area = await deployRegistryArea(ethers);
  const { authority, registry, auteur, admin, attester, alice, bob } = area;
  const signers = await ethers.getSigners();
  const [storage, platform, v1, v2, v3] = signers.slice(8, 13);

  // two verifiers, quorum 2
  const verifiers = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom()].sort((a, b) =>
    BigInt(a.address) < BigInt(b.address) ? -1 : 1,
  );
  for (const v of verifiers) await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);

  // alice registers a video work (id 1)
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
    BOUNDS,
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

export type AdsArea = Awaited<ReturnType<typeof deployAdsArea>>;

/** Opens a campaign on work 1 paying 0.01 per view and 0.1 per click. */
export async function openCampaign(a: AdsArea, networkHelpers: NetworkHelpers, deposit: bigint) {
  const now = BigInt(await networkHelpers.time.latest());
  await a.auteur.connect(a.advertiser).approve(await a.escrow.getAddress(), deposit);
  const tx = a.escrow.connect(a.advertiser).createCampaign(
    {
      token: await a.auteur.getAddress(),
      deposit,
      pricePerView: TOKEN_UNIT / 100n,
      pricePerClick: TOKEN_UNIT / 10n,
      start: now,
      end: now + 7n * 86400n,
      minViewsPerWork: 0n,
      split: SPLIT,
    },
    [1n],
  );
  await (await tx).wait();
  return { campaignId: await a.escrow.campaignCount(), tx };
}

/**
 * Settles one period of work 1: `views[i]` verified views by viewer i and `clicks` clicks, built
 * by the SDK and signed by both verifiers. Returns the built settlement and the transaction.
 */
export async function settlePeriod(
  a: AdsArea,
  networkHelpers: NetworkHelpers,
  campaignId: bigint,
  period: bigint,
  views: bigint[],
  clicks: bigint,
  previous?: BuildAdSettlementReturnType,
) {
  const c = await a.escrow.campaignOf(campaignId);
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
        views: views.reduce((x, y) => x + y, 0n),
        clicks,
        storageProvider: a.storage.address,
        viewers: new Map(a.viewers.map((v, i) => [v.address, views[i]])),
      },
    ],
    previousViewerBalances:
      previous === undefined ? undefined : new Map(previous.viewerTree.balances),
  });
  const domain = adEscrowDomain(a.chainId, await a.escrow.getAddress());
  const sigs = await Promise.all(
    a.verifiers.map((v) => v.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report)),
  );
  return { s, tx: a.escrow.settle(s.report, s.items, sigs) };
}
