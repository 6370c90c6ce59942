/**
 * Gas of the registry and licence market flows (total transaction gas, from receipts), with the
 * issue's targets. The default export is the gas snapshot module (`scripts/bench/gas.bench.ts`);
 * `measureRegistryGas` deploys its own contracts on the given connection and also returns the
 * targets, which `gasTable` renders for docs/registry-and-market.md.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import {
  flipBits,
  imageUpload,
  signBatch,
  signRegistration,
  ZERO_HASH,
  type Upload,
} from "../../../test/registry/helpers.js";
import { deployRegistryArea, TOKEN_UNIT } from "../../../test/registry/fixture.js";
import type { GasContext } from "./context.js";

/** One measured figure. */
export interface GasRow {
  name: string;
  gas: bigint;
  /** The target, when it sets one. */
  target?: bigint;
  note?: string;
}

export const area = "registry";

const LicenceKind = { RoyaltyFree: 0, RightsManaged: 1, View: 2 } as const;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

/** Deploys the registry area and measures every flow once (fresh state per figure where it matters). */
export async function measureRegistryGas(ethers: HardhatEthers): Promise<GasRow[]> {
  const a = await deployRegistryArea(ethers);
  const { registry, market, auteur, other, attester, alice, bob, carol, supervisor, chainId } = a;
  const rows: GasRow[] = [];
  const latest = await ethers.provider.getBlock("latest");
  const deadline = BigInt(latest?.timestamp ?? 0) + 10n ** 7n;
  const sign = (upload: Upload, uploader: string, matchedSha256 = ZERO_HASH) =>
    signRegistration({ registry, chainId, attester, upload, uploader, matchedSha256, deadline });
  const register = async (upload: Upload, uploader: string, matchedSha256 = ZERO_HASH) =>
    gasOf(
      registry.register(
        upload,
        uploader,
        matchedSha256,
        deadline,
        await sign(upload, uploader, matchedSha256),
      ),
    );

  const first = imageUpload("bench-1");
  rows.push({
    name: "register (first-time holder, image)",
    gas: await register(first, alice.address),
    target: 130_000n,
  });
  rows.push({
    name: "register (returning holder, image)",
    gas: await register(imageUpload("bench-2", { pHash: 0x0123456789abcdefn }), alice.address),
    target: 110_000n,
  });
  rows.push({
    name: "register (video, 12 VideoCells)",
    gas: await register(
      imageUpload("bench-video", { mediaType: 1, cellCount: 12, durationSeconds: 700 }),
      alice.address,
    ),
  });

  const version = imageUpload("bench-1-hd", {
    pHash: flipBits(first.pHash, 4),
    width: 3200,
    height: 2400,
  });
  rows.push({
    name: "version update (higher resolution, owner)",
    gas: await register(version, alice.address, first.contentSha256),
    target: 70_000n,
  });
  const raw = imageUpload("bench-1-raw", {
    pHash: flipBits(first.pHash, 2),
    width: 3200,
    height: 2400,
    raw: true,
  });
  rows.push({
    name: "RAW transfer request (first-time uploader)",
    gas: await register(raw, bob.address, first.contentSha256),
  });
  await ethers.provider.send("evm_increaseTime", [Number(7n * 24n * 3600n)]);
  rows.push({ name: "RAW transfer finalisation", gas: await gasOf(registry.finaliseClaim(1n)) });

  for (const n of [10, 50]) {
    const uploads = Array.from({ length: n }, (_, i) =>
      imageUpload(`batch-${n}-${i}`, { pHash: BigInt(i) * 0x1111n }),
    );
    const signature = await signBatch({
      registry,
      chainId,
      attester,
      uploads,
      uploader: carol.address,
      deadline,
    });
    const gas = await gasOf(registry.registerBatch(uploads, carol.address, deadline, signature));
    rows.push({ name: `batch registration, ${n} works (total)`, gas });
    rows.push({
      name: `batch registration, ${n} works (per work)`,
      gas: gas / BigInt(n),
      target: n === 50 ? 60_000n : undefined,
    });
  }

  // Market: work 2 belongs to alice; offers in AuteurToken, another token and the native coin.
  await registry.connect(alice).setDonation(a.ngo.address, 1000);
  const price = 100n * TOKEN_UNIT;
  const workId = 2n;
  const auteurAddr = await auteur.getAddress();
  const otherAddr = await other.getAddress();
  rows.push({
    name: "offer creation (royalty-free tier)",
    gas: await gasOf(
      market.connect(alice).setOffer(workId, LicenceKind.RoyaltyFree, 1, auteurAddr, price, 0),
    ),
  });
  await market
    .connect(alice)
    .setOffer(workId, LicenceKind.RightsManaged, 7, otherAddr, price, 30n * 86400n);
  await market
    .connect(alice)
    .setOffer(workId, LicenceKind.View, 0, ethers.ZeroAddress, 10n ** 15n, 0);
  const marketAddr = await market.getAddress();
  for (const buyer of [bob, carol]) {
    await auteur.connect(buyer).approve(marketAddr, ethers.MaxUint256);
    await other.connect(buyer).approve(marketAddr, ethers.MaxUint256);
  }
  // The first purchase pays for fresh credit slots of seller and NGO; later ones are the steady state.
  rows.push({
    name: "purchase royalty-free, AuteurToken (first sale: fresh credits)",
    gas: await gasOf(
      market.connect(bob).buy(workId, LicenceKind.RoyaltyFree, 1, auteurAddr, price),
    ),
    target: 100_000n,
  });
  rows.push({
    name: "purchase royalty-free, AuteurToken (fuel burned, donation)",
    gas: await gasOf(
      market.connect(carol).buy(workId, LicenceKind.RoyaltyFree, 1, auteurAddr, price),
    ),
    target: 100_000n,
  });
  await market.connect(carol).buy(workId, LicenceKind.RightsManaged, 7, otherAddr, price);
  rows.push({
    name: "purchase rights-managed, other ERC-20 (3 % fee)",
    gas: await gasOf(
      market.connect(bob).buy(workId, LicenceKind.RightsManaged, 7, otherAddr, price),
    ),
    target: 100_000n,
  });
  await market.connect(carol).buy(workId, LicenceKind.View, 0, ethers.ZeroAddress, 10n ** 15n, {
    value: 10n ** 15n,
  });
  rows.push({
    name: "purchase view access, native coin (1 % fee)",
    gas: await gasOf(
      market.connect(bob).buy(workId, LicenceKind.View, 0, ethers.ZeroAddress, 10n ** 15n, {
        value: 10n ** 15n,
      }),
    ),
    target: 100_000n,
  });
  rows.push({
    name: "withdrawal (AuteurToken)",
    gas: await gasOf(market.connect(alice).withdraw(auteurAddr)),
  });
  rows.push({
    name: "suspension (supervisor)",
    gas: await gasOf(registry.connect(supervisor).suspend(3n, 1)),
  });
  return rows;
}

/** The rows as a Markdown table. */
export function gasTable(rows: GasRow[]): string {
  const lines = ["| flow | gas | target | within |", "| --- | ---: | ---: | :---: |"];
  for (const r of rows) {
    const within = r.target === undefined ? "" : r.gas <= r.target ? "yes" : "**no**";
    lines.push(
      `| ${r.name} | ${r.gas.toLocaleString("en-US")} | ${r.target?.toLocaleString("en-US") ?? ""} | ${within} |`,
    );
  }
  return lines.join("\n");
}

/** Gas snapshot module: the figures of {@link measureRegistryGas} by name. */
export default async function measure(ctx: GasContext): Promise<Record<string, number>> {
  const rows = await measureRegistryGas(ctx.ethers);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.gas)]));
}
