/**
 * The demo's whole story on one in-process chain, every contract indexed together: a photo is
 * registered, gets a higher-resolution version and passes to a RAW uploader; a licence is sold
 * (fuel fee burned, a share donated to an NGO); upload mining pays the photo's creator; a video's
 * Proof-of-View epoch is settled by a 2-of-3 verifier quorum and claimed by all six roles; an ad
 * campaign pays per view until its budget runs out and the viewers claim; an escrowed order is
 * released; a tip is sent. The indexed totals must reconcile with the chain's own state.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import type { ProofOfView, Tips, UploadMiner } from "../../types/ethers-contracts/index.js";
import {
  CHAINFLIX_HALVING,
  PovVerifier,
  buildEpochReport,
  claimPovRewards,
  orderSignatures,
  povDomain,
  signEpochReport,
  solvePlayNonce,
  type AcceptedPlay,
} from "../../sdk/src/pov/index.js";
import { INTEGRATOR_QUERIES, QueryEndpoint, toPlain } from "../../subgraph/harness/index.js";
import { deployAdsArea, openCampaign, settlePeriod } from "../ads/fixture.js";
import { TOKEN_UNIT, WINDOW } from "../registry/fixture.js";
import {
  ZERO_HASH,
  flipBits,
  imageUpload,
  sha256Hex,
  signRegistration,
} from "../registry/helpers.js";
import { ensureSubgraphBuilt, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const EPOCH_MS = 43_200;
const POV_WINDOW = 3600n;
const SHARES = { storageBps: 1000, verifierBps: 500, supervisorBps: 500 };
const PRICE = 1000n * TOKEN_UNIT;
const ORDER = 300n * TOKEN_UNIT;
const TIP = 50n * TOKEN_UNIT;
const lc = (a: string) => a.toLowerCase();

type Row = Record<string, unknown>;
const sum = (rows: Row[], field: string) => rows.reduce((t, r) => t + (r[field] as bigint), 0n);
const count = (rows: Row[], field: string) => rows.reduce((t, r) => t + (r[field] as number), 0);

describe("subgraph: the full story, indexed totals reconciled with the chain", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function story() {
    const startBlock = await ethers.provider.getBlockNumber();
    const a = await deployAdsArea(ethers, networkHelpers);
    const { admin, attester, supervisor, alice, bob, carol, ngo, registry, market, auteur } = a;
    const signers = await ethers.getSigners();
    const merchant = signers[13];
    const enhancer = signers[14];
    // a third verifier: the default quorum is then 2 of 3
    const third = new Wallet(keccak256(toUtf8Bytes("story third verifier")), ethers.provider);
    await (await a.authority.grantRole(await a.authority.VERIFIER_ROLE(), third.address)).wait();
    const verifiers = [...a.verifiers, third].sort((x, y) =>
      BigInt(x.address) < BigInt(y.address) ? -1 : 1,
    );
    expect(await a.authority.quorumThreshold()).to.equal(2n);

    async function register(
      upload: ReturnType<typeof imageUpload>,
      uploader: string,
      matched = ZERO_HASH,
    ) {
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signature = await signRegistration({
        registry,
        chainId: a.chainId,
        attester,
        upload,
        uploader,
        deadline,
        matchedSha256: matched,
      });
      return (await (
        await registry.register(upload, uploader, matched, deadline, signature)
      ).wait())!;
    }

    // 1. registry: alice's photo (work 2; the fixture's video is work 1), a bigger version, a
    // RAW copy by carol that takes ownership after the dispute window
    const photo = imageUpload("story-photo");
    await register(photo, alice.address);
    const photoId = 2n;
    await register(
      imageUpload("story-photo-2400", {
        pHash: flipBits(photo.pHash, 1),
        width: 2400,
        height: 1800,
      }),
      alice.address,
      photo.contentSha256,
    );
    await register(
      imageUpload("story-photo-raw", {
        pHash: flipBits(photo.pHash, 2),
        width: 4000,
        height: 3000,
        raw: true,
      }),
      carol.address,
      photo.contentSha256,
    );
    await networkHelpers.time.increase(WINDOW + 1n);
    await (await registry.finaliseClaim(photoId)).wait();

    // 2. licence: carol donates 10 % to the NGO, bob buys in AuteurToken (fuel fee burned)
    await (await registry.connect(carol).setDonation(ngo.address, 1000)).wait();
    await (
      await market.connect(carol).setOffer(photoId, 0, 1, await auteur.getAddress(), PRICE, 0)
    ).wait();
    await (await auteur.connect(bob).approve(await market.getAddress(), PRICE)).wait();
    await (await market.connect(bob).buy(photoId, 0, 1, await auteur.getAddress(), PRICE)).wait();
    await (await market.connect(carol).withdraw(await auteur.getAddress())).wait();
    await (await market.connect(ngo).withdraw(await auteur.getAddress())).wait();

    // 3. upload mining pays the photo's creator
    const miner = (await ethers.deployContract("UploadMiner", [
      await auteur.getAddress(),
      await registry.getAddress(),
      0,
      100n * TOKEN_UNIT,
      0n,
      1_000_000n * TOKEN_UNIT,
      0n,
      admin.address,
    ])) as unknown as UploadMiner;
    await (await auteur.grantRole(await auteur.MINTER_ROLE(), await miner.getAddress())).wait();
    await (await miner.claim(photoId)).wait();

    // 4. Proof-of-View on the video (work 1): plays, a 2-of-3 quorum, claims by all six roles
    const pov = (await ethers.deployContract("ProofOfView", [
      {
        token: await auteur.getAddress(),
        authority: await a.authority.getAddress(),
        registry: await registry.getAddress(),
        epochReward: CHAINFLIX_HALVING.r0,
        halvingEpochs: CHAINFLIX_HALVING.halvingEpochs,
        maxHalvings: CHAINFLIX_HALVING.maxHalvings,
        epochMillis: BigInt(EPOCH_MS),
        genesis: 0n,
        challengeWindow: POV_WINDOW,
        ...SHARES,
        bounds: {
          minCreatorBps: 2000,
          minViewerBps: 1000,
          maxViewerBps: 6000,
          maxEnhancerBps: 3000,
        },
      },
      0n,
      admin.address,
    ])) as unknown as ProofOfView;
    await (await auteur.grantRole(await auteur.MINTER_ROLE(), await pov.getAddress())).wait();
    const videoId = 1n;
    await (
      await pov
        .connect(alice)
        .setSplit(videoId, { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 })
    ).wait();
    await (await pov.connect(alice).setEnhancers(videoId, [enhancer.address], [1])).wait();
    const genesisMs = Number(await pov.GENESIS()) * 1000;
    const cellHashes = [0, 1, 2].map((i) => sha256Hex(`story video cell ${i}`));
    const verifier = new PovVerifier({
      key: keccak256(toUtf8Bytes("story PlayCode key")),
      genesisMs,
      epochMs: EPOCH_MS,
      difficultyBits: 6,
    });
    verifier.addContent({ workId: videoId, cellHashes, cellDurationMs: 60_000 });
    const watch = (viewer: string, cells: number[], t0: number): AcceptedPlay[] => {
      let t = t0;
      return cells.map((cellIndex) => {
        const play = {
          account: viewer,
          workId: videoId,
          cellIndex,
          cellHash: cellHashes[cellIndex],
        };
        const challenge = verifier.issue(play, t);
        const { nonce } = solvePlayNonce(challenge, play);
        t += 61_000;
        const verdict = verifier.verify(
          {
            playData: play,
            playCode: challenge.playCode,
            nonce,
            nonceMs: 45_000,
            playbackMs: 60_000,
            storageProvider: a.storage.address,
          },
          t,
        );
        if (!verdict.accepted) throw new Error(`${verdict.reason}: ${verdict.detail}`);
        return verdict.play;
      });
    };
    const [v1, v2, v3] = a.viewers.map((v) => v.address);
    const plays = [
      ...watch(v1, [0, 1, 2], genesisMs + 1_000),
      ...watch(v2, [0, 1], genesisMs + 4_000),
      ...watch(v3, [2], genesisMs + 7_000),
    ];
    const toEpoch = plays.reduce((m, p) => (p.epoch > m ? p.epoch : m), 0n);
    const [split] = await pov.splitAt(videoId, 0n);
    const built = buildEpochReport({
      plays,
      fromEpoch: 0n,
      toEpoch,
      nonce: 0n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: SHARES,
      contents: [
        {
          workId: videoId,
          creator: alice.address,
          split: {
            creatorBps: Number(split.creatorBps),
            viewerBps: Number(split.viewerBps),
            enhancerBps: Number(split.enhancerBps),
          },
          enhancers: [{ account: enhancer.address, weight: 1n }],
        },
      ],
      verifiers: verifiers.map((v) => v.address),
      supervisors: [supervisor.address],
    });
    const target =
      Number(await pov.GENESIS()) + Math.ceil(((Number(toEpoch) + 1) * EPOCH_MS) / 1000) + 1;
    if (target > (await networkHelpers.time.latest())) await networkHelpers.time.increaseTo(target);
    const domain = povDomain(a.chainId, await pov.getAddress());
    const sigs = await Promise.all(
      [verifiers[0], verifiers[2]].map((w) => signEpochReport(w, domain, built.report)),
    );
    await (await pov.settle(built.report, orderSignatures(sigs))).wait();
    await networkHelpers.time.increase(Number(POV_WINDOW));
    const now = BigInt(await networkHelpers.time.latest()) + 1n;
    for (const account of built.totals.keys())
      await claimPovRewards(pov, built.tree!, account, now);

    // 5. ads: a campaign on the video pays per view until its budget runs out; viewers claim and
    // the creator, storage provider and platform withdraw
    const deposit = 5n * TOKEN_UNIT;
    const { campaignId } = await openCampaign(a, networkHelpers, deposit);
    const p1 = await settlePeriod(a, networkHelpers, campaignId, 1n, [100n, 120n, 80n], 2n);
    await (await p1.tx).wait();
    const p2 = await settlePeriod(a, networkHelpers, campaignId, 2n, [200n, 100n, 100n], 0n, p1.s);
    await (await p2.tx).wait();
    for (const v of a.viewers) {
      const { cumulativeAmount, proof } = p2.s.viewerTree.claimOf(v.address);
      await (await a.escrow.claimViewer(campaignId, v.address, cumulativeAmount, proof)).wait();
    }
    for (const who of [alice, a.storage, a.platform])
      await (await a.escrow.connect(who).withdraw(await auteur.getAddress())).wait();

    // 6. an escrowed order: paid, shipped, confirmed, withdrawn by the merchant
    await (await auteur.connect(bob).approve(await a.commerce.getAddress(), ORDER)).wait();
    await (
      await a.commerce
        .connect(bob)
        .createOrder(merchant.address, await auteur.getAddress(), ORDER, sha256Hex("story order"))
    ).wait();
    await (await a.commerce.connect(merchant).markShipped(1n, sha256Hex("story tracking"))).wait();
    await (await a.commerce.connect(bob).confirmReceipt(1n)).wait();
    await (await a.commerce.connect(merchant).withdraw(await auteur.getAddress())).wait();

    // 7. a tip on the photo: its owner carol, 10 % to her NGO
    const tips = (await ethers.deployContract("Tips", [
      await auteur.getAddress(),
      await registry.getAddress(),
    ])) as unknown as Tips;
    await (await auteur.connect(bob).approve(await tips.getAddress(), TIP)).wait();
    await (await tips.connect(bob).tipWork(photoId, TIP, sha256Hex("bravo"))).wait();

    const at = async (c: { getAddress(): Promise<string> }) => ({
      address: await c.getAddress(),
      blockNumber: startBlock,
    });
    const indexer = makeIndexer(ethers.provider, {
      AuteurToken: await at(auteur),
      AuthoritySet: await at(a.authority),
      CopyrightRegistry: await at(registry),
      LicenseMarket: await at(market),
      UploadMiner: await at(miner),
      ProofOfView: await at(pov),
      AdEscrow: await at(a.escrow),
      CommerceEscrow: await at(a.commerce),
      Tips: await at(tips),
    });
    await indexer.sync();
    const rows = (type: string) => [...indexer.store.all(type)].map(toPlain);
    return {
      ...a,
      merchant,
      enhancer,
      verifiers,
      miner,
      pov,
      tips,
      indexer,
      rows,
      built,
      campaignId,
      deposit,
      photoId,
      videoId,
    };
  }

  it("keeps every token holder's balance and votes, the supply, minted and burned equal to the chain's", async function () {
    const s = await networkHelpers.loadFixture(story);
    const holders = s.rows("TokenHolder");
    expect(holders.length).to.be.greaterThan(10);
    for (const h of holders) {
      const address = h.id as string;
      expect(h.balance, address).to.equal(await s.auteur.balanceOf(address));
      expect(h.votes, address).to.equal(await s.auteur.getVotes(address));
    }
    const token = s.indexer.store.load("Token", await s.auteur.getAddress())!;
    expect(token.totalSupply).to.equal(await s.auteur.totalSupply());
    expect(token.totalMinted).to.equal(await s.auteur.totalMinted());
    expect(token.totalBurned).to.equal(await s.auteur.totalBurned());
    expect(sum(holders, "balance")).to.equal(token.totalSupply);
    expect(token.holderCount).to.equal(holders.filter((h) => (h.balance as bigint) > 0n).length);
    // every mint after genesis came from upload mining or Proof-of-View
    const miner = s.indexer.store.load("UploadMiner", await s.miner.getAddress())!;
    const pov = s.indexer.store.load("ProofOfView", await s.pov.getAddress())!;
    expect(token.totalMinted).to.equal(
      (token.genesisSupply as bigint) +
        (miner.totalRewarded as bigint) +
        (pov.totalMinted as bigint),
    );
    expect(sum(s.rows("Mint"), "amount")).to.equal(
      (miner.totalRewarded as bigint) + (pov.totalMinted as bigint),
    );
    // the only burn is the licence's fuel fee
    const market = s.indexer.store.load("Market", await s.market.getAddress())!;
    expect(market.totalFuelBurned).to.be.greaterThan(0n);
    expect(token.totalBurned).to.equal(market.totalFuelBurned);
    expect(sum(s.rows("Burn"), "amount")).to.equal(token.totalBurned);
  });

  it("follows the photo from registration to its RAW owner and its sale", async function () {
    const s = await networkHelpers.loadFixture(story);
    const work = s.indexer.store.load("Work", s.photoId.toString())!;
    expect(work.owner).to.equal(lc(await s.registry.ownerOf(s.photoId)));
    expect(work).to.deep.include({ owner: lc(s.carol.address), versionCount: 2, status: "ACTIVE" });
    const registry = s.indexer.store.load("Registry", await s.registry.getAddress())!;
    expect(registry.workCount).to.equal(2);
    expect(s.indexer.store.count("Work")).to.equal(2);
    const purchase = s.rows("LicencePurchase");
    expect(purchase).to.have.length(1);
    const p = purchase[0];
    expect(p).to.deep.include({ price: PRICE, fuelBurned: true, ngo: lc(s.ngo.address) });
    expect(
      (p.proceeds as bigint) +
        (p.donation as bigint) +
        (p.paymentFee as bigint) +
        (p.fuelFee as bigint),
    ).to.equal(PRICE);
    // the seller and the NGO withdrew exactly their credits
    const withdrawals = s
      .rows("Withdrawal")
      .filter((w) => w.contract === lc(s.market.target as string));
    expect(withdrawals.map((w) => [w.account, w.amount])).to.deep.equal([
      [lc(s.carol.address), p.proceeds],
      [lc(s.ngo.address), p.donation],
    ]);
    const ngo = s.indexer.store.load("Ngo", s.ngo.address)!;
    // Ngo.totalReceived counts licence donations (any sale token), tipsReceived AuteurToken tips
    expect(ngo.totalReceived).to.equal(p.donation);
    const tipShare = sum(s.rows("Tip"), "donationAmount");
    expect(tipShare).to.equal(TIP / 10n);
    expect(ngo.tipsReceived).to.equal(tipShare);
    expect(ngo.tipCount).to.equal(s.rows("Tip").filter((t) => t.ngo !== null).length);
    expect(await s.auteur.balanceOf(s.ngo.address)).to.equal((p.donation as bigint) + tipShare);
  });

  it("pays Proof-of-View to all six roles; per-account claims equal claimed() and the report", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(new Set(s.built.earnings.map((e) => e.role)).size).to.equal(6);
    const claimants = s.rows("PovClaimant");
    expect(claimants).to.have.length(s.built.totals.size);
    for (const c of claimants) {
      const address = c.id as string;
      expect(c.claimed, address).to.equal(await s.pov.claimed(address));
      expect(c.claimed, address).to.equal(s.built.totals.get(ethers.getAddress(address)));
    }
    const epoch = s.indexer.store.load("Epoch", "0")!;
    expect(epoch).to.deep.include({ status: "ACTIVE", signers: 2n, total: s.built.report.total });
    const pov = s.indexer.store.load("ProofOfView", await s.pov.getAddress())!;
    expect(pov.totalClaimed).to.equal(s.built.report.total);
    expect(pov.totalMinted).to.equal(s.built.report.total);
    expect(await s.auteur.balanceOf(await s.pov.getAddress())).to.equal(0n);
    // the integrator's "earnings per role" answer adds up to the report
    const r = await new QueryEndpoint(s.indexer.store).execute(
      INTEGRATOR_QUERIES.earningsForEpoch,
      {
        epoch: "0",
      },
    );
    expect(r.errors).to.equal(undefined);
    const contents = (r.data as { epoch: { contents: Record<string, string>[] } }).epoch.contents;
    const c = s.built.report.contents[0];
    expect(contents).to.have.length(1);
    expect(contents[0]).to.deep.include({
      creator: c.creator.toString(),
      viewer: c.viewer.toString(),
      enhancer: c.enhancer.toString(),
      storageProvider: c.storageProvider.toString(),
      verifier: c.verifier.toString(),
      supervisor: c.supervisor.toString(),
    });
  });

  it("reconciles the campaign's budget, payments and viewer claims with the escrow", async function () {
    const s = await networkHelpers.loadFixture(story);
    const chain = await s.escrow.campaignOf(s.campaignId);
    const campaign = s.indexer.store.load("Campaign", s.campaignId.toString())!;
    expect(campaign).to.deep.include({
      status: "EXHAUSTED",
      deposited: s.deposit,
      remaining: chain.remaining,
      viewerPool: chain.viewerPool,
      viewerClaimed: chain.viewerClaimed,
      refunded: 0n,
    });
    expect(chain.remaining).to.equal(0n);
    const payments = s.rows("AdWorkPayment");
    expect(sum(payments, "amount")).to.equal(campaign.debited);
    expect(campaign.debited).to.equal(s.deposit);
    expect(sum(s.rows("ViewerClaim"), "amount")).to.equal(chain.viewerClaimed);
    expect(chain.viewerClaimed).to.equal(chain.viewerPool);
    const escrow = s.indexer.store.load("AdEscrow", await s.escrow.getAddress())!;
    expect(escrow).to.deep.include({
      totalDeposited: s.deposit,
      totalDebited: s.deposit,
      totalRefunded: 0n,
    });
    // creator, storage and platform withdrew their shares; viewers were paid by their claims:
    // the escrow keeps nothing of this campaign
    const withdrawn = sum(
      s.rows("Withdrawal").filter((w) => w.contract === lc(s.escrow.target as string)),
      "amount",
    );
    expect(withdrawn + (chain.viewerClaimed as bigint)).to.equal(s.deposit);
    expect(await s.auteur.balanceOf(await s.escrow.getAddress())).to.equal(0n);
  });

  it("records the order and the tip with the money that moved", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.indexer.store.load("Order", "1")).to.deep.include({
      state: "COMPLETED",
      amount: ORDER,
      merchantAmount: ORDER,
      buyerAmount: 0n,
      merchant: lc(s.merchant.address),
    });
    expect(s.indexer.store.load("Escrow", await s.commerce.getAddress())).to.deep.include({
      orderCount: 1,
      totalPaid: ORDER,
      totalReleased: ORDER,
      totalRefunded: 0n,
    });
    expect(await s.auteur.balanceOf(await s.commerce.getAddress())).to.equal(0n);
    const tips = s.rows("Tip");
    expect(tips).to.have.length(1);
    expect(tips[0]).to.deep.include({
      recipient: lc(s.carol.address),
      amount: TIP,
      recipientAmount: TIP - TIP / 10n,
      donationAmount: TIP / 10n,
    });
  });

  it("sums the daily stats to the protocol's totals", async function () {
    const s = await networkHelpers.loadFixture(story);
    const days = s.rows("ProtocolDayData");
    expect(days.length).to.be.greaterThan(1); // the story spans the dispute window
    const token = s.indexer.store.load("Token", await s.auteur.getAddress())!;
    const registry = s.indexer.store.load("Registry", await s.registry.getAddress())!;
    const market = s.indexer.store.load("Market", await s.market.getAddress())!;
    const miner = s.indexer.store.load("UploadMiner", await s.miner.getAddress())!;
    const ads = s.indexer.store.load("AdEscrow", await s.escrow.getAddress())!;
    const pov = s.indexer.store.load("ProofOfView", await s.pov.getAddress())!;
    const escrow = s.indexer.store.load("Escrow", await s.commerce.getAddress())!;
    expect(sum(days, "transferCount")).to.equal(token.transferCount);
    expect(sum(days, "transferVolume")).to.equal(sum(s.rows("Transfer"), "amount"));
    expect(sum(days, "minted")).to.equal(await s.auteur.totalMinted());
    expect(sum(days, "burned")).to.equal(await s.auteur.totalBurned());
    expect(count(days, "worksRegistered")).to.equal(registry.workCount);
    expect(count(days, "versionsAdded")).to.equal(registry.versionCount);
    expect(count(days, "licencesSold")).to.equal(market.salesCount);
    expect(sum(days, "licenceVolume")).to.equal(PRICE);
    expect(sum(days, "fuelBurned")).to.equal(market.totalFuelBurned);
    expect(count(days, "ordersPaid")).to.equal(escrow.orderCount);
    expect(sum(days, "miningRewards")).to.equal(miner.totalRewarded);
    expect(sum(days, "adSpend")).to.equal(ads.totalDebited);
    expect(sum(days, "povClaimed")).to.equal(pov.totalClaimed);
    expect(sum(days, "tipVolume")).to.equal(TIP);
    for (const d of days) expect(Number(d.id) * 86400).to.equal(d.date);
  });

  it("keeps the verifier set and the token's minters equal to the chain's", async function () {
    const s = await networkHelpers.loadFixture(story);
    expect(s.indexer.store.load("AuthoritySet", await s.authority.getAddress())).to.deep.include({
      verifierCount: await s.authority.verifierCount(),
      configuredThreshold: 0n,
      threshold: await s.authority.quorumThreshold(),
    });
    expect(await s.authority.verifierCount()).to.equal(3n);
    const role = await s.auteur.MINTER_ROLE();
    const token = lc(await s.auteur.getAddress());
    const minters = s.rows("RoleMembership").filter((m) => m.contract === token && m.role === role);
    expect(minters.map((m) => [m.account, m.roleName, m.active])).to.have.deep.members([
      [lc(await s.miner.getAddress()), "MINTER_ROLE", true],
      [lc(await s.pov.getAddress()), "MINTER_ROLE", true],
    ]);
    for (const m of minters)
      expect(await s.auteur.hasRole(role, m.account as string)).to.equal(m.active);
  });

  it("answers holder and claimant queries over GraphQL as the chain says", async function () {
    const s = await networkHelpers.loadFixture(story);
    const r = await new QueryEndpoint(s.indexer.store).execute(
      `{ tokenHolders(first: 5, orderBy: balance, orderDirection: desc, where: { balance_gt: "0" }) { id balance account { id } }
         povClaimants(orderBy: claimed, orderDirection: desc) { id claimed claimCount claims { amount } } }`,
    );
    expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    const data = r.data as {
      tokenHolders: { id: string; balance: string; account: { id: string } }[];
      povClaimants: {
        id: string;
        claimed: string;
        claimCount: number;
        claims: { amount: string }[];
      }[];
    };
    expect(data.tokenHolders).to.have.length(5);
    let previous: bigint | undefined;
    for (const h of data.tokenHolders) {
      expect(BigInt(h.balance)).to.equal(await s.auteur.balanceOf(h.id));
      expect(h.account.id).to.equal(h.id);
      if (previous !== undefined) expect(BigInt(h.balance) <= previous).to.equal(true);
      previous = BigInt(h.balance);
    }
    for (const c of data.povClaimants) {
      expect(BigInt(c.claimed)).to.equal(await s.pov.claimed(c.id));
      expect(c.claims.reduce((t, x) => t + BigInt(x.amount), 0n)).to.equal(BigInt(c.claimed));
      expect(c.claimCount).to.equal(c.claims.length);
    }
  });
});
