/**
 * Demo step "registry": a photographer registers a photo (SHA-256 of the file, pHash from the SDK,
 * manifest CID from the chunk store, an attester's EIP-712 signature), a higher-resolution copy
 * becomes a version, a RAW upload by another account transfers ownership after the dispute window,
 * and a buyer takes a royalty-free licence in AuteurToken: the fuel fee is burned, the owner's NGO
 * receives its share, and seller and NGO withdraw what was credited to them.
 *
 * Needs the core from the "token" step (`ctx.deployment`). The "RAW" here is a lossless PNG of
 * the full-resolution copy that the demo's attester flags as RAW: no camera RAW file ships with
 * the fixtures, and the registry only sees the attested flag.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import sharp from "sharp";
import type { DemoContext } from "../demo.js";
import { RegistryOnCoreModule } from "../../deploy/ignition/Registry.js";
import { computePHash, hammingDistance64 } from "../../sdk/src/media/phash/index.js";
import { createStore } from "../../sdk/src/storage/index.js";
import {
  MediaType,
  sha256Hex,
  signRegistration,
  ZERO_HASH,
  type Upload,
} from "../../test/registry/helpers.js";

export const title = "Registry: register a photo, add a version, transfer by RAW, sell a licence";

/** The photo the demo registers (a shared fixture). */
export const PHOTO = "fixtures/pdq/dih/bridge-1-original.jpg";

const LicenceKind = { RoyaltyFree: 0, RightsManaged: 1, View: 2 } as const;

export default async function run(ctx: DemoContext): Promise<void> {
  const { ethers, log, signers } = ctx;
  if (ctx.deployment === undefined) {
    throw new Error('The registry step needs the core: run the "token" step first (npm run demo)');
  }
  const core = ctx.deployment.addresses;
  const [admin] = signers;
  const attester = signers[15];
  const supervisor = signers[16];
  const photographer = signers[17];
  const rawHolder = signers[18];
  const ngo = signers[19];

  const { registry, market } = await ctx.connection.ignition.deploy(RegistryOnCoreModule, {
    parameters: {
      AuteurRegistryOnCore: { authoritySet: core.AuthoritySet, token: core.AuteurToken },
    },
    displayUi: false,
  });
  const reg = await ethers.getContractAt("CopyrightRegistry", await registry.getAddress());
  const mkt = await ethers.getContractAt("LicenseMarket", await market.getAddress());
  const token = await ethers.getContractAt("AuteurToken", core.AuteurToken);
  const authority = await ethers.getContractAt("AuthoritySet", core.AuthoritySet);
  await (
    await authority.connect(admin).grantRole(await authority.ATTESTER_ROLE(), attester)
  ).wait();
  await (
    await authority.connect(admin).grantRole(await authority.SUPERVISOR_ROLE(), supervisor)
  ).wait();
  await (await reg.connect(admin).setNgoApproval(ngo.address, true)).wait();
  log.info(`CopyrightRegistry ${await reg.getAddress()}, LicenseMarket ${await mkt.getAddress()}`);
  const chainId = (await ethers.provider.getNetwork()).chainId;

  const work = await mkdtemp(join(tmpdir(), "auteur-demo-registry-"));
  try {
    const store = createStore({ dir: join(work, "store"), replication: 1 });
    /** Hashes, stores and describes one file as an attester would. */
    const describe = async (path: string, raw: boolean): Promise<Upload> => {
      const bytes = await readFile(path);
      const meta = await sharp(bytes).metadata();
      const { hash } = await computePHash(path);
      const { cid } = await store.put(path);
      const digest = CID.parse(cid).multihash.digest;
      log.detail(`${path}: manifest ${cid}`);
      return {
        contentSha256: sha256Hex(bytes),
        pHash: hash,
        width: meta.width ?? 0,
        height: meta.height ?? 0,
        raw,
        manifest: ethers.hexlify(digest),
        mediaType: MediaType.Image,
        cellCount: 0,
        durationSeconds: 0,
      };
    };
    const submit = async (upload: Upload, uploader: string, matchedSha256 = ZERO_HASH) => {
      const block = await ethers.provider.getBlock("latest");
      const deadline = BigInt(block!.timestamp) + 3600n;
      const signature = await signRegistration({
        registry: reg,
        chainId,
        attester,
        upload,
        uploader,
        matchedSha256,
        deadline,
      });
      const receipt = await (
        await reg.connect(signers[0]).register(upload, uploader, matchedSha256, deadline, signature)
      ).wait();
      return receipt!;
    };

    // 1. The photographer registers the photo.
    const original = await describe(PHOTO, false);
    const r1 = await submit(original, photographer.address);
    const workId = await reg.totalWorks();
    log.info(
      `\nRegistered ${PHOTO} as work #${workId} (${original.width}x${original.height}, ` +
        `pHash ${original.pHash.toString(16).padStart(16, "0")}, gas ${r1.gasUsed})`,
    );
    log.info(`  sha256   ${original.contentSha256}`);
    log.info(`  tokenURI ${await reg.tokenURI(workId)}`);

    // 2. A higher-resolution copy of the same picture becomes a version (owner unchanged).
    const hdPath = join(work, "bridge-hd.jpg");
    await writeFile(
      hdPath,
      await sharp(PHOTO)
        .resize({ width: original.width * 2 })
        .jpeg({ quality: 95 })
        .toBuffer(),
    );
    const hd = await describe(hdPath, false);
    const r2 = await submit(hd, photographer.address, original.contentSha256);
    log.info(
      `Version 1: ${hd.width}x${hd.height}, pHash distance ${hammingDistance64(original.pHash, hd.pHash)} ` +
        `(threshold ${await reg.matchThreshold()}), gas ${r2.gasUsed}`,
    );

    // 3. A RAW upload at the highest resolution by another account claims ownership.
    const rawPath = join(work, "bridge-raw.png");
    await writeFile(rawPath, await sharp(hdPath).png().toBuffer());
    const raw = await describe(rawPath, true);
    await submit(raw, rawHolder.address, hd.contentSha256);
    const claim = await reg.claimOf(workId);
    log.info(
      `RAW upload by ${short(rawHolder.address)}: ownership claim, dispute window until ` +
        `${new Date(Number(claim.readyAt) * 1000).toISOString()}`,
    );
    await ctx.connection.networkHelpers.time.increaseTo(claim.readyAt);
    await (await reg.finaliseClaim(workId)).wait();
    log.info(
      `Window over, no supervisor objection: owner ${short(await reg.ownerOf(workId))}, ` +
        `creator still ${short(await reg.creatorOf(workId))}`,
    );

    // 4. The new owner donates 10 % to an NGO and sells a royalty-free licence in AuteurToken.
    const price = ethers.parseUnits("100", 18);
    const buyer = await richest(ctx, token);
    await (await reg.connect(rawHolder).setDonation(ngo.address, 1000)).wait();
    const tokenAddr = await token.getAddress();
    await (
      await mkt.connect(rawHolder).setOffer(workId, LicenceKind.RoyaltyFree, 1, tokenAddr, price, 0)
    ).wait();
    await (await token.connect(buyer).approve(await mkt.getAddress(), price)).wait();
    const burnedBefore = await token.totalBurned();
    const supplyBefore = await token.totalSupply();
    const r4 = await (
      await mkt.connect(buyer).buy(workId, LicenceKind.RoyaltyFree, 1, tokenAddr, price)
    ).wait();
    const burned = (await token.totalBurned()) - burnedBefore;
    const sellerCredit = await mkt.creditOf(rawHolder.address, tokenAddr);
    const ngoCredit = await mkt.creditOf(ngo.address, tokenAddr);
    log.info(
      `\n${short(buyer.address)} bought a royalty-free licence for ${fmt(price)} ${await token.symbol()} (gas ${r4!.gasUsed}):`,
    );
    log.table(
      [
        { share: `fuel fee (${(await mkt.fuelFeeBps()) / 100n} %), burned`, amount: fmt(burned) },
        { share: "donation to the NGO (10 % of the rest)", amount: fmt(ngoCredit) },
        { share: "credited to the owner", amount: fmt(sellerCredit) },
      ],
      { amount: "right" },
    );
    log.info(
      `total supply ${fmt(supplyBefore)} -> ${fmt(await token.totalSupply())}; ` +
        `licence on chain: ${await mkt.hasLicence(workId, buyer.address, LicenceKind.RoyaltyFree)}`,
    );

    // 5. Pull payments.
    await (await mkt.connect(rawHolder).withdraw(tokenAddr)).wait();
    await (await mkt.connect(ngo).withdraw(tokenAddr)).wait();
    log.info(
      `Withdrawn: owner ${fmt(await token.balanceOf(rawHolder.address))}, ` +
        `NGO ${fmt(await token.balanceOf(ngo.address))}; market holds ${fmt(await token.balanceOf(await mkt.getAddress()))}`,
    );
    ctx.state.registry = {
      registry: await reg.getAddress(),
      market: await mkt.getAddress(),
      workId,
      owner: rawHolder.address,
      buyer: buyer.address,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The signer holding the most AuteurToken (a genesis beneficiary) buys the licence. */
async function richest(
  ctx: DemoContext,
  token: { balanceOf(a: string): Promise<bigint> },
): Promise<DemoContext["signers"][number]> {
  let best = ctx.signers[0];
  let most = -1n;
  for (const s of ctx.signers.slice(0, 15)) {
    const balance = await token.balanceOf(s.address);
    if (balance > most) [best, most] = [s, balance];
  }
  if (most < 10n ** 20n) throw new Error("No demo account holds 100 tokens to buy a licence");
  return best;
}

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function fmt(wei: bigint): string {
  const text = (Number(wei) / 1e18).toLocaleString("en-US", { maximumFractionDigits: 4 });
  return text;
}
