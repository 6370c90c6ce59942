/**
 * The demo story end to end through the SDK only. After the deployment (the project's deploy code,
 * `test/sdk/actions-fixture.ts`) no step touches a contract object: every transaction and every
 * on-chain read goes through `createAuteurClient` actions, and the off-chain work through the
 * SDK's modules (storage, pHash, watermark, Proof-of-View player / verifier / report, ad
 * settlement builder, indexer client).
 *
 * 1. a photographer registers a watermarked photo from the fixtures; a higher-resolution copy
 *    becomes a version; a RAW copy by someone else transfers ownership after the dispute window;
 * 2. the new owner routes 10 % to an NGO and sells a royalty-free licence: fuel fee burned,
 *    donation credited, both withdrawn;
 * 3. Proof-of-View: a video (its VideoCells cut by ffmpeg) is registered and enrolled with an
 *    enhancer; viewers play cells, the verifier checks them, a 2-of-3 quorum settles the report,
 *    the root is activated after the challenge window and all six roles claim;
 * 4. ads, commerce and a tip: a campaign pays per view until BudgetExhausted, viewers claim,
 *    payees withdraw; an order is paid, shipped, confirmed and withdrawn; a fan tips;
 * 5. the subgraph harness indexes the chain and the SDK's indexer client queries it over HTTP;
 *    every answer is reconciled with what the SDK reads from the chain.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import sharp from "sharp";
import { keccak256, toUtf8Bytes, type Signer } from "ethers";
import { AD_SETTLEMENT_TYPES, adEscrowDomain, buildAdSettlement } from "../../sdk/src/ads/index.js";
import {
  AuteurContractError,
  MediaType,
  createAuteurClient,
  type Attester,
  type AuteurClientWithActions,
  type Upload,
} from "../../sdk/src/chain/index.js";
import { manifestDigest, prepareUpload } from "../../sdk/src/chain/node/index.js";
import { createIndexerClient } from "../../sdk/src/indexer/index.js";
import { computePHash, hammingDistance64 } from "../../sdk/src/media/phash/index.js";
import { embedWatermark, extractWatermark } from "../../sdk/src/media/watermark/index.js";
import {
  PovVerifier,
  buildEpochReport,
  claimArguments,
  createPlayData,
  povDomain,
  signEpochReport,
  solvePlayNonce,
  type AcceptedPlay,
  type BuildEpochReportReturnType,
  type PovRole,
} from "../../sdk/src/pov/index.js";
import { createStore, ffmpegAvailable, type ChunkStore } from "../../sdk/src/storage/index.js";
import { QueryEndpoint } from "../../subgraph/harness/index.js";
import { serve } from "../../subgraph/harness/server.js";
import { ensureSubgraphBuilt, makeIndexer } from "../subgraph/harness.js";
import { DISPUTE_WINDOW, deployStory, type StoryDeployment } from "./actions-fixture.js";

const connection = await network.getOrCreate();
const { networkHelpers } = connection;

const PHOTO = "fixtures/pdq/dih/bridge-1-original.jpg";
const VIDEO = "fixtures/video/doorknob-hd-no-bar.mp4";
const WATERMARK_KEY = "a1b2c3d4e5f60718293a";
const UNIT = 10n ** 18n;
const MATCH_THRESHOLD = 10; // the registry's default (deploy/ignition/Registry.ts)

type Json = Record<string, unknown>;

/** State the story's steps hand to each other. */
interface Story {
  d: StoryDeployment;
  work: string;
  store: ChunkStore;
  attester: Attester;
  client: (signer: Signer) => Promise<AuteurClientWithActions>;
  photo?: { workId: bigint; original: Upload; hd: Upload; raw: Upload; payload: string };
  licence?: { price: bigint; burned: bigint; donation: bigint; proceeds: bigint };
  pov?: { workId: bigint; built: BuildEpochReportReturnType; nonce: bigint; minted: bigint };
  ads?: { campaignId: bigint; debited: bigint[]; viewerClaims: bigint };
}

describe("SDK end-to-end: the demo story through the SDK only", function () {
  this.timeout(300_000);
  let s: Story;

  before(async function () {
    const d = await deployStory(connection, { keepDeploymentsFile: true });
    const work = mkdtempSync(join(tmpdir(), "auteur-e2e-"));
    const clients = new Map<string, AuteurClientWithActions>();
    const attesterSigner = d.accounts.attester;
    s = {
      d,
      work,
      store: createStore({ dir: join(work, "store"), replication: 1 }),
      // a remote attester: the SDK hands it the typed data, it returns the signature
      attester: (typed) =>
        attesterSigner.signTypedData(
          typed.domain,
          typed.types,
          typed.message as unknown as Record<string, unknown>,
        ),
      client: async (signer) => {
        const key = await signer.getAddress();
        let c = clients.get(key);
        if (c === undefined) {
          c = await d.clientOf(signer);
          clients.set(key, c);
        }
        return c;
      },
    };
  });

  after(async function () {
    await s?.store.close();
    if (s !== undefined) {
      rmSync(s.work, { recursive: true, force: true });
      rmSync(s.d.deploymentsDir, { recursive: true, force: true });
    }
  });

  it("registers a watermarked photo, adds a version and transfers ownership by RAW", async function () {
    const { photographer, rawHolder } = s.d.accounts;
    const author = await s.client(photographer);
    const claimant = await s.client(rawHolder);

    // watermark the photographer's file (payload: the first 8 bytes of the original's SHA-256)
    const source = await prepareUpload(PHOTO, { store: s.store });
    const payload = source.upload.contentSha256.slice(2, 18);
    const markedPath = join(s.work, "photo-marked.jpg");
    await writeFile(markedPath, await embedWatermark(PHOTO, { key: WATERMARK_KEY, payload }));
    const prepared = await prepareUpload(markedPath, { store: s.store });
    const original = prepared.upload;
    expect(original.width).to.equal(1600);

    const registered = await author.registerWork({ upload: original, attester: s.attester });
    expect(registered).to.deep.include({ kind: "work", version: 0n });
    const workId = registered.workId;
    // the registered file carries the mark; its chunks read back verified from the store
    expect((await s.store.verify(prepared.manifestCid)).ok).to.equal(true);
    const back: Buffer[] = [];
    for await (const chunk of s.store.get(prepared.manifestCid)) back.push(chunk as Buffer);
    expect(`0x${sha256(Buffer.concat(back))}`).to.equal(original.contentSha256);
    expect((await extractWatermark(markedPath, { key: WATERMARK_KEY })).payload).to.equal(payload);

    // the same file again: a decoded custom error with its values
    const duplicate = await author
      .registerWork({ upload: original, attester: s.attester })
      .catch((e: unknown) => e);
    expect((duplicate as AuteurContractError).errorName).to.equal("CopyrightRegistryDuplicateHash");
    expect((duplicate as AuteurContractError).args.existingWorkId).to.equal(workId);

    // a copy at twice the resolution: a perceptual match, so a version of the same work
    const hdPath = join(s.work, "photo-hd.jpg");
    await writeFile(
      hdPath,
      await sharp(markedPath)
        .resize({ width: original.width * 2 })
        .jpeg({ quality: 95 })
        .toBuffer(),
    );
    const hd = (await prepareUpload(hdPath, { store: s.store })).upload;
    expect(hammingDistance64(original.pHash, hd.pHash)).to.be.at.most(MATCH_THRESHOLD);
    const version = await author.addVersion({
      upload: hd,
      matchedSha256: original.contentSha256,
      attester: s.attester,
    });
    expect(version).to.deep.include({ kind: "version", workId, version: 1n });

    // a RAW (lossless copy at the highest resolution) by another account claims ownership
    const rawPath = join(s.work, "photo-raw.png");
    await writeFile(rawPath, await sharp(hdPath).png().toBuffer());
    const raw = (await prepareUpload(rawPath, { store: s.store, raw: true })).upload;
    const claim = await claimant.requestRawTransfer({
      upload: raw,
      matchedSha256: hd.contentSha256,
      attester: s.attester,
    });
    expect(claim.workId).to.equal(workId);
    const early = await claimant.finaliseRawTransfer({ workId }).catch((e: unknown) => e);
    expect((early as AuteurContractError).errorName).to.equal("CopyrightRegistryDisputeWindowOpen");
    expect(claim.readyAt - BigInt(await networkHelpers.time.latest())).to.be.at.most(
      DISPUTE_WINDOW,
    );
    await networkHelpers.time.increaseTo(claim.readyAt);
    const moved = await claimant.finaliseRawTransfer({ workId });
    expect(moved).to.deep.include({ from: photographer.address, to: rawHolder.address });
    const onChain = await claimant.getWork({ workId });
    expect(onChain).to.deep.include({
      owner: rawHolder.address,
      creator: photographer.address,
      versionCount: 2,
    });
    expect(onChain.highestPixels).to.equal(BigInt(hd.width * hd.height));
    s.photo = { workId, original, hd, raw, payload };
  });

  it("sells a royalty-free licence: fuel fee burned, donation routed, both withdrawn", async function () {
    const { rawHolder, buyer: buyerAccount, ngo } = s.d.accounts;
    const { workId } = s.photo!;
    const owner = await s.client(rawHolder);
    const buyer = await s.client(buyerAccount);
    const charity = await s.client(ngo);

    await owner.setDonation({ ngo: ngo.address, bps: 1000 });
    const price = 100n * UNIT;
    await owner.publishOffer({ workId, kind: "RoyaltyFree", price });
    expect(
      await buyer.hasLicence({ workId, account: buyerAccount.address, kind: "RoyaltyFree" }),
    ).to.equal(false);
    const supply = await buyer.getTokenSupply({});
    const paidFrom = await buyer.getTokenBalance({});
    const bought = await buyer.buyLicence({ workId, kind: "RoyaltyFree" });
    expect(bought.price).to.equal(price);
    expect(paidFrom - (await buyer.getTokenBalance({}))).to.equal(price);
    expect(
      await buyer.hasLicence({ workId, account: buyerAccount.address, kind: "RoyaltyFree" }),
    ).to.equal(true);

    const after = await buyer.getTokenSupply({});
    const burned = after.totalBurned - supply.totalBurned;
    expect(burned).to.equal(price / 100n); // the market's 1 % fuel fee
    expect(supply.totalSupply - after.totalSupply).to.equal(burned);
    const donation = await charity.getCredit({ contract: "LicenseMarket" });
    const proceeds = await owner.getCredit({ contract: "LicenseMarket" });
    expect(donation).to.equal((price - burned) / 10n);
    expect(proceeds + donation + burned).to.equal(price);
    expect((await owner.withdrawCredit({ contract: "LicenseMarket" })).amount).to.equal(proceeds);
    expect((await charity.withdrawCredit({ contract: "LicenseMarket" })).amount).to.equal(donation);
    expect(await charity.getTokenBalance({})).to.equal(donation);
    s.licence = { price, burned, donation, proceeds };
  });

  it("Proof-of-View: plays, verifier checks, a 2-of-3 quorum settles, all six roles claim", async function () {
    if (!(await ffmpegAvailable())) {
      const message = "ffmpeg is not installed: the video's VideoCells cannot be cut";
      if (process.env.CI === "true") throw new Error(`${message}; CI must install it`);
      console.log(`  (skipped: ${message}; apt-get install ffmpeg)`);
      this.skip();
    }
    const { creator: creatorAccount, enhancer, storage, supervisor, viewers } = s.d.accounts;
    const creator = await s.client(creatorAccount);

    // the video, cut into VideoCells by the chunk store; its still frame gives the pHash
    const { cid, manifest } = await s.store.put(VIDEO, { cellSeconds: 1 });
    expect(manifest.cells.length).to.be.at.least(2);
    const framePath = join(s.work, "frame.png");
    const ff = spawnSync("ffmpeg", ["-v", "error", "-y", "-i", VIDEO, "-frames:v", "1", framePath]);
    expect(ff.status, String(ff.stderr)).to.equal(0);
    const frame = await sharp(framePath).metadata();
    const upload: Upload = {
      contentSha256: `0x${manifest.sha256}`,
      pHash: (await computePHash(framePath)).hash,
      width: frame.width ?? 0,
      height: frame.height ?? 0,
      raw: false,
      manifest: manifestDigest(cid),
      mediaType: MediaType.Video,
      cellCount: manifest.cells.length,
      durationSeconds: Math.ceil(manifest.cells.at(-1)!.endSeconds),
    };
    expect(upload.contentSha256).to.equal(`0x${sha256(await readFile(VIDEO))}`);
    const { workId } = await creator.registerWork({ upload, attester: s.attester });

    await creator.setPovSplit({ workId, creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 });
    await creator.setPovEnhancers({
      workId,
      enhancers: [{ account: enhancer.address, weight: 1 }],
    });
    const inputs = await creator.getPovReportInputs({ workIds: [workId] });

    // the verifier side: PlayCodes, nonce and timing checks (the verifier's clock is simulated)
    const verifier = new PovVerifier({
      key: keccak256(toUtf8Bytes("e2e PlayCode key")),
      genesisMs: inputs.genesisMs,
      epochMs: inputs.epochMs,
      difficultyBits: 6,
    });
    const cellHashes = manifest.cells.map((c) => `0x${c.sha256}`);
    const cellMs = (i: number) =>
      Math.round((manifest.cells[i].endSeconds - manifest.cells[i].startSeconds) * 1000);
    verifier.addContent({ workId, cellHashes, cellDurationMs: cellMs });
    const plays: AcceptedPlay[] = [];
    // the player side: PlayData per cell, a nonce solved while the cell plays
    const watch = (viewer: string, cells: number[], startMs: number) => {
      let t = startMs;
      for (const cellIndex of cells) {
        const play = createPlayData({
          account: viewer,
          workId,
          cellIndex,
          cellHash: cellHashes[cellIndex],
        });
        const challenge = verifier.issue(play, t);
        const { nonce } = solvePlayNonce(challenge, play);
        const playbackMs = cellMs(cellIndex);
        t += playbackMs + 100;
        const submission = {
          playData: play,
          playCode: challenge.playCode,
          nonce,
          nonceMs: Math.ceil(playbackMs * 0.8),
          playbackMs,
          storageProvider: storage.address,
        };
        const verdict = verifier.verify(submission, t);
        expect(
          verdict.accepted,
          verdict.accepted ? "" : `${verdict.reason}: ${verdict.detail}`,
        ).to.equal(true);
        if (verdict.accepted) plays.push(verdict.play);
        // the same PlayCode again is refused
        expect(verifier.verify(submission, t + 10).accepted).to.equal(false);
      }
    };
    const all = manifest.cells.map((_, i) => i);
    watch(viewers[0].address, all, inputs.genesisMs + 1_000);
    watch(viewers[1].address, all.slice(0, 2), inputs.genesisMs + 2_000);
    watch(viewers[2].address, all.slice(-1), inputs.genesisMs + 3_000);
    // a bot answering faster than the cell plays is refused
    const botPlay = createPlayData({
      account: viewers[2].address,
      workId,
      cellIndex: 0,
      cellHash: cellHashes[0],
    });
    const botChallenge = verifier.issue(botPlay, inputs.genesisMs + 30_000);
    const bot = verifier.verify(
      {
        playData: botPlay,
        playCode: botChallenge.playCode,
        nonce: solvePlayNonce(botChallenge, botPlay).nonce,
        nonceMs: 100,
        playbackMs: 100,
        storageProvider: storage.address,
      },
      inputs.genesisMs + 30_200,
    );
    expect(bot.accepted).to.equal(false);

    // the report, signed by two of the three verifiers
    const toEpoch = plays.reduce((m, p) => (p.epoch > m ? p.epoch : m), 0n);
    const built = buildEpochReport({
      ...inputs,
      plays,
      toEpoch,
      verifiers: s.d.verifiers.map((v) => v.address),
      supervisors: [supervisor.address],
    });
    const epochEnd = Math.ceil((inputs.genesisMs + Number(toEpoch + 1n) * inputs.epochMs) / 1000);
    if (epochEnd + 1 > (await networkHelpers.time.latest()))
      await networkHelpers.time.increaseTo(epochEnd + 1);
    const domain = povDomain(s.d.chainId, s.d.deployments.contracts.ProofOfView!.address);
    const quorum = [s.d.verifiers[0], s.d.verifiers[2]];
    const signatures = await Promise.all(
      quorum.map((v) => signEpochReport(v, domain, built.report)),
    );
    const operator = await s.client(s.d.verifiers[1]); // anyone may submit the signed report
    const settled = await operator.settlePovEpochs({ report: built.report, signatures });
    expect(settled.total).to.equal(built.report.total);
    expect(settled.emission).to.equal(built.emission);
    expect(settled.total).to.be.at.most(settled.emission);

    const early = await operator.activatePovRoot({}).catch((e: unknown) => e);
    expect((early as AuteurContractError).errorName).to.equal("ProofOfViewRootNotMature");
    await networkHelpers.time.increaseTo(settled.activeAt);
    expect((await operator.activatePovRoot({})).root).to.equal(built.report.root);

    // every account of every role claims with its own client; its balance moves by its total
    const roles = new Map<string, Set<PovRole>>();
    for (const e of built.earnings) {
      roles.set(e.account, (roles.get(e.account) ?? new Set()).add(e.role));
    }
    const byRole = new Map<PovRole, bigint>();
    const signerOf = new Map<string, Signer>(
      [creatorAccount, enhancer, storage, supervisor, ...viewers, ...s.d.verifiers].map((x) => [
        x.address,
        x,
      ]),
    );
    for (const [account, total] of built.totals) {
      const claimer = await s.client(signerOf.get(account)!);
      const before = await claimer.getTokenBalance({});
      const { paid } = await claimer.claimPovReward(claimArguments(built.tree!, account));
      const gained = (await claimer.getTokenBalance({})) - before;
      expect(paid).to.equal(total);
      expect(gained, `claim of ${account}`).to.equal(total);
      for (const e of built.earnings.filter((x) => x.account === account))
        byRole.set(e.role, (byRole.get(e.role) ?? 0n) + e.amount);
    }
    expect([...byRole.keys()].sort()).to.deep.equal(
      ["creator", "enhancer", "storageProvider", "supervisor", "verifier", "viewer"].sort(),
    );
    const content = built.report.contents[0];
    expect(byRole.get("creator")).to.equal(content.creator);
    expect(byRole.get("viewer")).to.equal(content.viewer);
    expect(byRole.get("enhancer")).to.equal(content.enhancer);
    expect(byRole.get("storageProvider")).to.equal(content.storageProvider);
    expect(byRole.get("verifier")).to.equal(content.verifier);
    expect(byRole.get("supervisor")).to.equal(content.supervisor);
    // nothing is paid twice
    const again = await (
      await s.client(viewers[0])
    ).claimPovReward(claimArguments(built.tree!, viewers[0].address));
    expect(again.paid).to.equal(0n);
    s.pov = { workId, built, nonce: settled.nonce, minted: settled.minted };
  });

  it("ads pay per view until the budget is spent; an escrowed order; a tip", async function () {
    if (s.pov === undefined) {
      console.log("  (skipped: the campaign runs on the video the Proof-of-View step registers)");
      this.skip();
    }
    const {
      advertiser: advertiserAccount,
      storage,
      platform,
      viewers,
      fan,
      creator,
    } = s.d.accounts;
    const workId = s.pov!.workId;
    const advertiser = await s.client(advertiserAccount);
    const operator = await s.client(s.d.verifiers[0]);

    const deposit = 20n * UNIT;
    const now = BigInt(await networkHelpers.time.latest());
    const { campaignId } = await advertiser.createCampaign({
      deposit: deposit - 5n * UNIT,
      pricePerView: UNIT / 10n,
      pricePerClick: UNIT / 2n,
      start: now,
      end: now + 7n * 86_400n,
      split: { creatorBps: 5000, viewerBps: 3000, storageBps: 1000, platformBps: 1000 },
      targetWorkIds: [workId],
    });
    const funded = await advertiser.fundCampaign({ campaignId, amount: 5n * UNIT });
    expect(funded.remaining).to.equal(deposit);
    const domain = adEscrowDomain(s.d.chainId, s.d.deployments.contracts.AdEscrow!.address);
    const periods = [
      { views: [40n, 25n, 15n], clicks: 4n }, // 8 + 2 = 10 of 20
      { views: [50n, 30n, 20n], clicks: 6n }, // 13 > 10 left: prorated, budget exhausted
      { views: [10n, 10n, 10n], clicks: 0n }, // refused: the campaign pays no more
    ];
    let balances: ReadonlyMap<string, bigint> | undefined;
    let tree: ReturnType<typeof buildAdSettlement>["viewerTree"] | undefined;
    const debited: bigint[] = [];
    const owed = new Map<string, bigint>(); // owner, storage, platform credits from the events
    for (const [i, p] of periods.entries()) {
      const c = await advertiser.getCampaign({ campaignId });
      const built = buildAdSettlement({
        campaign: c.state,
        period: BigInt(i + 1),
        deadline: BigInt(await networkHelpers.time.latest()) + 3600n,
        activity: [
          {
            workId,
            views: p.views.reduce((a, b) => a + b, 0n),
            clicks: p.clicks,
            storageProvider: storage.address,
            viewers: new Map(viewers.map((v, j) => [v.address, p.views[j]])),
          },
        ],
        previousViewerBalances: balances,
      });
      const signatures = await Promise.all(
        s.d.verifiers.slice(0, 2).map(async (v) => ({
          signer: v.address,
          signature: await v.signTypedData(domain, AD_SETTLEMENT_TYPES, built.report),
        })),
      );
      if (c.status !== "Active") {
        expect(i).to.equal(2);
        const refused = await operator
          .settleAdPeriod({ report: built.report, items: built.items, signatures })
          .catch((e: unknown) => e);
        expect((refused as AuteurContractError).errorName).to.equal("AdEscrowCampaignNotActive");
        break;
      }
      const settled = await operator.settleAdPeriod({
        report: built.report,
        items: built.items,
        signatures,
      });
      expect(settled.debited).to.equal(built.debited);
      expect(settled.prorated).to.equal(built.prorated);
      expect(settled.budgetExhausted).to.equal(i === 1);
      debited.push(settled.debited);
      for (const pay of settled.payments) {
        owed.set(pay.owner, (owed.get(pay.owner) ?? 0n) + pay.creatorAmount);
        owed.set(storage.address, (owed.get(storage.address) ?? 0n) + pay.storageAmount);
        owed.set(platform.address, (owed.get(platform.address) ?? 0n) + pay.platformAmount);
      }
      balances = built.viewerTree.balances;
      tree = built.viewerTree;
    }
    const spent = await advertiser.getCampaign({ campaignId });
    expect(spent.status).to.equal("Exhausted");
    expect(spent.remaining).to.equal(0n);
    expect(debited.reduce((a, b) => a + b, 0n)).to.equal(deposit);

    let viewerClaims = 0n;
    for (const v of viewers) {
      const viewer = await s.client(v);
      const { cumulativeAmount, proof } = tree!.claimOf(v.address);
      const before = await viewer.getTokenBalance({});
      const { amount } = await viewer.claimAdReward({ campaignId, cumulativeAmount, proof });
      expect(amount).to.equal(cumulativeAmount);
      expect((await viewer.getTokenBalance({})) - before).to.equal(amount);
      viewerClaims += amount;
    }
    expect(viewerClaims).to.equal(spent.viewerPool);
    for (const payee of [creator, storage, platform]) {
      const c = await s.client(payee);
      expect(await c.getCredit({ contract: "AdEscrow" })).to.equal(owed.get(payee.address));
      const out = await c.withdrawCredit({ contract: "AdEscrow" });
      expect(out.amount).to.equal(owed.get(payee.address));
    }
    const books = await advertiser.getCampaign({ campaignId });
    expect(books.deposited).to.equal(
      books.paidDirect + books.viewerPool + books.remaining + books.refunded,
    );
    expect(books.viewerClaimed).to.equal(viewerClaims);

    // an escrowed order: pay, ship, confirm, withdraw
    const buyer = await s.client(fan);
    const merchant = await s.client(creator);
    const price = 3n * UNIT;
    const { orderId } = await buyer.createOrder({
      merchant: creator.address,
      amount: price,
      orderRef: keccak256(toUtf8Bytes("poster #1")),
    });
    await merchant.markShipped({ orderId, trackingRef: keccak256(toUtf8Bytes("tracking 42")) });
    expect((await buyer.confirmReceipt({ orderId })).amount).to.equal(price);
    const before = await merchant.getTokenBalance({});
    expect((await merchant.withdrawCredit({ contract: "CommerceEscrow" })).amount).to.equal(price);
    expect((await merchant.getTokenBalance({})) - before).to.equal(price);
    expect((await buyer.getOrder({ orderId })).state).to.equal("Completed");

    // a tip to the video's owner (no NGO chosen: all of it)
    const tipped = await buyer.tip({ workId, amount: UNIT });
    expect(tipped).to.deep.include({ recipient: creator.address, toRecipient: UNIT, donation: 0n });
    s.ads = { campaignId, debited, viewerClaims };
  });

  it("indexes the chain and answers the integrator's queries as the SDK reads the chain", async function () {
    this.timeout(600_000); // a fresh clone builds the subgraph's mappings first
    ensureSubgraphBuilt();
    const contracts = Object.fromEntries(
      Object.entries(s.d.deployments.contracts).map(([name, c]) => [
        name,
        { address: c.address, blockNumber: c.blockNumber },
      ]),
    );
    const indexer = makeIndexer(connection.ethers.provider, contracts);
    const { events } = await indexer.sync();
    expect(events).to.be.greaterThan(0);
    const server = await serve(new QueryEndpoint(indexer.store), 0);
    try {
      const graph = createIndexerClient({ url: server.url });
      // an integrator's read-only client: the provider and the deployments file written by the deploy
      const reader = await createAuteurClient({
        provider: connection.ethers.provider,
        deploymentsDir: s.d.deploymentsDir,
      });
      expect(reader.address("AdEscrow")).to.equal(s.d.deployments.contracts.AdEscrow!.address);

      // works by owner: the RAW holder owns the photo with both versions
      const photo = s.photo!;
      const owned = (await graph.worksByOwner(s.d.accounts.rawHolder.address)) as {
        works: Json[];
      };
      expect(owned.works).to.have.length(1);
      const w = owned.works[0] as {
        id: string;
        contentSha256: string;
        versionCount: number;
        highestPixels: string;
        creator: { id: string };
        owner: { id: string };
        versions: { version: string; width: string; raw: boolean }[];
      };
      const chainWork = await reader.getWork({ workId: photo.workId });
      expect(w.id).to.equal(photo.workId.toString());
      expect(w.contentSha256).to.equal(photo.original.contentSha256);
      expect(w.owner.id).to.equal(chainWork.owner.toLowerCase());
      expect(w.creator.id).to.equal(chainWork.creator.toLowerCase());
      expect(Number(w.versionCount)).to.equal(chainWork.versionCount);
      expect(BigInt(w.highestPixels)).to.equal(chainWork.highestPixels);
      expect(w.versions.map((v) => [String(v.version), Number(v.width), v.raw])).to.deep.equal([
        ["0", photo.original.width, false],
        ["1", photo.hd.width, false],
        ["2", photo.raw.width, true],
      ]);
      const videoOwner = (await graph.worksByOwner(s.d.accounts.creator.address)) as {
        works: { id: string }[];
      };
      expect(videoOwner.works.map((x) => x.id)).to.deep.equal(
        s.pov === undefined ? [] : [s.pov.workId.toString()],
      );

      // licences of the work: what the sale moved, as the chain says
      const { licences } = (await graph.licencesOfWork(photo.workId)) as {
        licences: {
          buyer: { id: string };
          purchaseCount: number;
          purchases: {
            price: string;
            proceeds: string;
            donation: string;
            fuelFee: string;
            fuelBurned: boolean;
          }[];
        }[];
      };
      expect(licences).to.have.length(1);
      const buyerAddress = s.d.accounts.buyer.address;
      expect(licences[0].buyer.id).to.equal(buyerAddress.toLowerCase());
      expect(
        await reader.hasLicence({
          workId: photo.workId,
          account: buyerAddress,
          kind: "RoyaltyFree",
        }),
      ).to.equal(true);
      const sale = licences[0].purchases[0];
      const l = s.licence!;
      expect(BigInt(sale.price)).to.equal(l.price);
      expect(BigInt(sale.fuelFee)).to.equal(l.burned);
      expect(sale.fuelBurned).to.equal(true);
      expect(BigInt(sale.donation)).to.equal(l.donation);
      expect(BigInt(sale.proceeds)).to.equal(l.proceeds);

      // earnings per role of the settled report
      const pov = s.pov;
      const ads = s.ads;
      if (pov === undefined || ads === undefined) return; // the video steps were skipped (no ffmpeg)
      const { epoch } = (await graph.earningsForEpoch(pov.nonce)) as {
        epoch: {
          minted: string;
          emission: string;
          status: string;
          contents: Record<string, string | { id: string }>[];
        };
      };
      expect(BigInt(epoch.minted)).to.equal(pov.minted);
      expect(BigInt(epoch.emission)).to.equal(pov.built.emission);
      expect(epoch.contents).to.have.length(1);
      const row = epoch.contents[0];
      const reported = pov.built.report.contents[0];
      expect((row.work as { id: string }).id).to.equal(pov.workId.toString());
      for (const role of [
        "creator",
        "viewer",
        "enhancer",
        "storageProvider",
        "verifier",
        "supervisor",
      ] as const) {
        expect(BigInt(row[role] as string), role).to.equal(reported[role]);
      }
      const state = await reader.getPovSettlementState({});
      expect(state.activeRoot).to.equal(pov.built.report.root);

      // campaign spend: deposited = debited + remaining + refunded
      const { campaign } = (await graph.campaignSpend(ads.campaignId)) as {
        campaign: {
          status: string;
          deposited: string;
          debited: string;
          remaining: string;
          refunded: string;
          viewerPool: string;
          viewerClaimed: string;
          settlements: { period: string; debited: string; prorated: boolean }[];
        };
      };
      const chainCampaign = await reader.getCampaign({ campaignId: ads.campaignId });
      expect(BigInt(campaign.deposited)).to.equal(chainCampaign.deposited);
      expect(BigInt(campaign.remaining)).to.equal(chainCampaign.remaining);
      expect(BigInt(campaign.refunded)).to.equal(chainCampaign.refunded);
      expect(BigInt(campaign.viewerPool)).to.equal(chainCampaign.viewerPool);
      expect(BigInt(campaign.viewerClaimed)).to.equal(chainCampaign.viewerClaimed);
      expect(BigInt(campaign.debited)).to.equal(ads.debited.reduce((a, b) => a + b, 0n));
      expect(
        campaign.settlements.map((x) => [x.period, BigInt(x.debited), x.prorated]),
      ).to.deep.equal(ads.debited.map((d, i) => [String(i + 1), d, i === 1]));
    } finally {
      await server.close();
    }
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
