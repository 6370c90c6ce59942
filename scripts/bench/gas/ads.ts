/**
 * Gas of the advertising, commerce and tip flows (total transaction gas, from receipts), with the
 * issue's targets: settlement <= 60,000 + 25,000 per work; viewer claims at 100,000 accounts
 * first <= 90,000 and later (cumulative) <= 58,000.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import {
  AD_SETTLEMENT_TYPES,
  adEscrowDomain,
  buildAdSettlement,
} from "../../../sdk/src/ads/index.js";
import type { AdEscrow, CommerceEscrow, Tips } from "../../../types/ethers-contracts/index.js";
import { deployRegistryArea, TOKEN_UNIT } from "../../../test/registry/fixture.js";
import { imageUpload, MediaType, signBatch } from "../../../test/registry/helpers.js";
import type { GasContext } from "./context.js";
import type { GasRow } from "./registry.js";

export const area = "ads";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

/** Deterministic distinct viewer addresses (no keys needed: anyone may claim for an account). */
function viewerAddresses(n: number, ethers: HardhatEthers): string[] {
  return Array.from({ length: n }, (_, i) =>
    ethers.getAddress(ethers.toBeHex(0x10000n + BigInt(i), 20)),
  );
}

export async function measureAdsGas(ethers: HardhatEthers): Promise<GasRow[]> {
  const a = await deployRegistryArea(ethers);
  const { authority, registry, auteur, admin, attester, alice, bob, carol, chainId } = a;
  const rows: GasRow[] = [];
  const signers = await ethers.getSigners();
  const [storage, platform] = signers.slice(8, 10);
  const latest = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const deadline = (await latest()) + 10n ** 6n;

  const verifiers = [
    ethers.Wallet.createRandom(),
    ethers.Wallet.createRandom(),
    ethers.Wallet.createRandom(),
  ].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
  for (const v of verifiers) await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);

  // 100 video works by alice
  const uploads = Array.from({ length: 100 }, (_, i) =>
    imageUpload(`ad-work-${i}`, {
      pHash: BigInt(i + 1) * 0x0101010101n,
      mediaType: MediaType.Video,
      cellCount: 2,
      durationSeconds: 120,
    }),
  );
  for (let from = 0; from < 100; from += 50) {
    const batch = uploads.slice(from, from + 50);
    const signature = await signBatch({
      registry,
      chainId,
      attester,
      uploads: batch,
      uploader: alice.address,
      deadline,
    });
    await registry.registerBatch(batch, alice.address, deadline, signature);
  }

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
  const token = await auteur.getAddress();
  await escrow.setTokenAllowed(token, true);
  await auteur.connect(bob).approve(await escrow.getAddress(), ethers.MaxUint256);
  const domain = adEscrowDomain(chainId, await escrow.getAddress());

  const open = async () => {
    const now = await latest();
    return escrow.connect(bob).createCampaign(
      {
        token,
        deposit: 10_000n * TOKEN_UNIT,
        pricePerView: TOKEN_UNIT / 1000n,
        pricePerClick: TOKEN_UNIT / 100n,
        start: now,
        end: now + 30n * 86400n,
        minViewsPerWork: 0n,
        split: { creatorBps: 5000n, viewerBps: 3000n, storageBps: 1000n, platformBps: 1000n },
      },
      [],
    );
  };
  rows.push({ name: "ads: create campaign (all works)", gas: await gasOf(open()) });

  const settle = async (
    campaignId: bigint,
    period: bigint,
    works: number,
    viewers: string[],
    previous?: Map<string, bigint>,
  ) => {
    const c = await escrow.campaignOf(campaignId);
    const perViewer = new Map(viewers.map((v) => [v, 1n]));
    const activity = Array.from({ length: works }, (_, i) => ({
      workId: BigInt(i + 1),
      views: BigInt(viewers.length),
      clicks: 1n,
      storageProvider: storage.address,
      viewers: perViewer,
    }));
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
      deadline,
      activity,
      previousViewerBalances: previous,
    });
    const sigs = await Promise.all(
      verifiers.slice(0, 2).map((v) => v.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report)),
    );
    const gas = await gasOf(escrow.settle(s.report, s.items, sigs));
    return { s, gas };
  };

  // settlement cost by number of works: the first settlement of a campaign writes its fresh
  // slots (root, pool, last period); later ones are the steady state the target is about
  let campaignId = 1n;
  await settle(campaignId, 1n, 100, viewerAddresses(4, ethers)); // payees' credit slots exist, as in steady state
  for (const works of [1, 10, 100]) {
    await open();
    campaignId += 1n;
    const viewers = viewerAddresses(4, ethers);
    const first = await settle(campaignId, 1n, works, viewers);
    rows.push({ name: `ads: settlement, ${works} work(s), first of a campaign`, gas: first.gas });
    const later = await settle(
      campaignId,
      2n,
      works,
      viewers,
      new Map(first.s.viewerTree.balances),
    );
    rows.push({
      name: `ads: settlement, ${works} work(s), later period, 2-of-3 quorum`,
      gas: later.gas,
      target: 60_000n + 25_000n * BigInt(works),
    });
  }

  // viewer claims against trees of 1,000 and 100,000 accounts
  for (const n of [1_000, 100_000]) {
    await open();
    campaignId += 1n;
    const viewers = viewerAddresses(n, ethers);
    const first = await settle(campaignId, 1n, 1, viewers);
    const who = viewers[n >> 1];
    const c1 = first.s.viewerTree.claimOf(who);
    rows.push({
      name: `ads: viewer claim, first, ${n.toLocaleString("en-US")} accounts`,
      gas: await gasOf(escrow.claimViewer(campaignId, who, c1.cumulativeAmount, c1.proof)),
      target: n === 100_000 ? 90_000n : undefined,
    });
    const second = await settle(campaignId, 2n, 1, viewers, new Map(first.s.viewerTree.balances));
    const c2 = second.s.viewerTree.claimOf(who);
    rows.push({
      name: `ads: viewer claim, later (cumulative), ${n.toLocaleString("en-US")} accounts`,
      gas: await gasOf(escrow.claimViewer(campaignId, who, c2.cumulativeAmount, c2.proof)),
      target: n === 100_000 ? 58_000n : undefined,
    });
  }

  // a whole order through commerce escrow
  const commerce = (await ethers.deployContract("CommerceEscrow", [
    await authority.getAddress(),
    { ship: 3 * 86400, confirm: 14 * 86400, ruling: 30 * 86400 },
    0n,
    admin.address,
  ])) as unknown as CommerceEscrow;
  await commerce.setTokenAllowed(token, true);
  await auteur.connect(bob).approve(await commerce.getAddress(), ethers.MaxUint256);
  const pay = await gasOf(
    commerce.connect(bob).createOrder(carol.address, token, TOKEN_UNIT, ethers.id("o1")),
  );
  const ship = await gasOf(commerce.connect(carol).markShipped(1n, ethers.id("t1")));
  const confirm = await gasOf(commerce.connect(bob).confirmReceipt(1n));
  const withdraw = await gasOf(commerce.connect(carol).withdraw(token));
  rows.push({ name: "commerce: pay order", gas: pay });
  rows.push({ name: "commerce: mark shipped", gas: ship });
  rows.push({ name: "commerce: confirm receipt", gas: confirm });
  rows.push({ name: "commerce: merchant withdrawal", gas: withdraw });
  rows.push({ name: "commerce: order lifecycle (total)", gas: pay + ship + confirm + withdraw });

  const tips = (await ethers.deployContract("Tips", [
    token,
    await registry.getAddress(),
  ])) as unknown as Tips;
  await auteur.connect(bob).approve(await tips.getAddress(), ethers.MaxUint256);
  rows.push({
    name: "tips: tip a work",
    gas: await gasOf(tips.connect(bob).tipWork(1n, TOKEN_UNIT, ethers.ZeroHash)),
  });
  return rows;
}

/** Gas snapshot module (scripts/bench/gas.bench.ts): figure name -> total transaction gas. */
export default async function measure(ctx: GasContext): Promise<Record<string, number>> {
  const rows = await measureAdsGas(ctx.ethers);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.gas)]));
}
