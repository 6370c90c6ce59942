/**
 * ProofOfView mappings on the in-process chain with the real AuteurToken, AuthoritySet and
 * CopyrightRegistry: plays checked by the SDK verifier, reports built by the SDK and signed by a
 * 2-of-3 verifier quorum, one root rejected by a supervisor, the corrected report activated and
 * claimed by all six roles, a second report claimed cumulatively, admin parameter changes and a
 * pause. Every handler's entity is checked field by field against the chain.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import type {
  AuteurToken,
  AuthoritySet,
  CopyrightRegistry,
  ProofOfView,
} from "../../types/ethers-contracts/index.js";
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
  type EpochReport,
  type PlayData,
  type ReportContent,
} from "../../sdk/src/pov/index.js";
import { MediaType, ZERO_HASH, sha256Hex, signRegistration } from "../registry/helpers.js";
import { toPlain } from "../../subgraph/harness/index.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const WAD = 10n ** 18n;
const WINDOW = 3600n;
const EPOCH_MS = 43_200;
const CELLS = 4;
/** the constructor's shares; the admin then sets SHARES before any settlement */
const INITIAL_SHARES = { storageBps: 800, verifierBps: 400, supervisorBps: 300 };
const SHARES = { storageBps: 1000, verifierBps: 500, supervisorBps: 500 };
const BOUNDS = {
  minCreatorBps: 2000,
  minViewerBps: 1000,
  maxViewerBps: 6000,
  maxEnhancerBps: 3000,
};
const REASON = ethers.encodeBytes32String("bot views");

/** Accounts as the subgraph stores them. */
const lc = (a: string) => a.toLowerCase();

function verifierWallets() {
  return [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`subgraph-pov-verifier-${i}`)), ethers.provider))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
}

/** Sum of a field over the indexed entities of a type. */
function sumOf(rows: Iterable<Record<string, unknown>>, field: string): bigint {
  let total = 0n;
  for (const r of rows) total += r[field] as bigint;
  return total;
}

describe("subgraph: ProofOfView settlements, rejection and claims", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function story() {
    const startBlock = await ethers.provider.getBlockNumber();
    const [admin, attester, supervisor, creator, enhancer, storage, v1, v2, v3, treasury] =
      await ethers.getSigners();
    const verifiers = verifierWallets();
    const authority = (await ethers.deployContract("AuthoritySet", [
      0n,
      admin.address,
    ])) as unknown as AuthoritySet;
    await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address);
    await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor.address);
    for (const v of verifiers)
      await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);
    const token = (await ethers.deployContract("AuteurToken", [
      "Chainflix",
      "CFX",
      5_020_275_000n * WAD,
      0n,
      admin.address,
      [treasury.address],
      [3_000_000_000n * WAD],
    ])) as unknown as AuteurToken;
    const registry = (await ethers.deployContract("CopyrightRegistry", [
      await authority.getAddress(),
      0n,
      admin.address,
      10,
      7n * 24n * 3600n,
    ])) as unknown as CopyrightRegistry;
    const pov = (await ethers.deployContract("ProofOfView", [
      {
        token: await token.getAddress(),
        authority: await authority.getAddress(),
        registry: await registry.getAddress(),
        epochReward: CHAINFLIX_HALVING.r0,
        halvingEpochs: CHAINFLIX_HALVING.halvingEpochs,
        maxHalvings: CHAINFLIX_HALVING.maxHalvings,
        epochMillis: BigInt(EPOCH_MS),
        genesis: 0n,
        challengeWindow: 2n * WINDOW,
        ...INITIAL_SHARES,
        bounds: { ...BOUNDS, maxEnhancerBps: 2500 },
      },
      0n,
      admin.address,
    ])) as unknown as ProofOfView;
    await token.grantRole(await token.MINTER_ROLE(), await pov.getAddress());

    // admin parameter changes, then a pause the indexer sees before the unpause
    const sharesTx = (await (
      await pov.setProtocolShares(SHARES.storageBps, SHARES.verifierBps, SHARES.supervisorBps)
    ).wait())!;
    const boundsTx = (await (await pov.setSplitBounds(BOUNDS)).wait())!;
    const windowTx = (await (await pov.setChallengeWindow(WINDOW)).wait())!;
    await (await pov.pause()).wait();
    await (await pov.grantRole(ethers.id("OPERATOR_ROLE"), storage.address)).wait();
    await (await pov.revokeRole(ethers.id("OPERATOR_ROLE"), storage.address)).wait();

    // the creator registers a 4-cell video and enrols it
    const cellHashes = Array.from({ length: CELLS }, (_, i) => sha256Hex(`pov cell ${i}`));
    const upload = {
      contentSha256: sha256Hex(cellHashes.join("")),
      pHash: 0x0123_4567_89ab_cdefn,
      width: 1920,
      height: 1080,
      raw: false,
      manifest: sha256Hex("manifest of the pov video"),
      mediaType: MediaType.Video,
      cellCount: CELLS,
      durationSeconds: CELLS * 60,
    };
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const signature = await signRegistration({
      registry,
      chainId,
      attester,
      upload,
      uploader: creator.address,
      deadline,
    });
    await registry
      .connect(creator)
      .register(upload, creator.address, ZERO_HASH, deadline, signature);
    const workId = 1n;
    await pov
      .connect(creator)
      .setSplit(workId, { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 });
    await pov.connect(creator).setEnhancers(workId, [enhancer.address], [1]);

    const indexer = makeIndexer(ethers.provider, {
      ProofOfView: { address: await pov.getAddress(), blockNumber: startBlock },
    });
    await indexer.sync();
    const whilePaused = indexer.store.load("ProofOfView", await pov.getAddress())!;
    const unpauseTx = (await (await pov.unpause()).wait())!;

    // plays checked by the SDK verifier
    const genesisMs = Number(await pov.GENESIS()) * 1000;
    const verifier = new PovVerifier({
      key: keccak256(toUtf8Bytes("subgraph pov PlayCode key")),
      genesisMs,
      epochMs: EPOCH_MS,
      difficultyBits: 6,
    });
    verifier.addContent({ workId, cellHashes, cellDurationMs: 60_000 });
    function watch(viewer: string, cells: number[], t0: number): AcceptedPlay[] {
      const accepted: AcceptedPlay[] = [];
      let t = t0;
      for (const cellIndex of cells) {
        const play: PlayData = {
          account: viewer,
          workId,
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
            storageProvider: storage.address,
          },
          t,
        );
        if (!verdict.accepted) throw new Error(`${verdict.reason}: ${verdict.detail}`);
        accepted.push(verdict.play);
      }
      return accepted;
    }
    async function passEpoch(epoch: bigint) {
      const target =
        Number(await pov.GENESIS()) + Math.ceil(((Number(epoch) + 1) * EPOCH_MS) / 1000) + 1;
      if (target > (await networkHelpers.time.latest()))
        await networkHelpers.time.increaseTo(target);
    }
    async function contentsAt(fromEpoch: bigint): Promise<ReportContent[]> {
      const [split] = await pov.splitAt(workId, fromEpoch);
      const [accounts, weights] = await pov.enhancersOf(workId);
      return [
        {
          workId,
          creator: creator.address,
          split: {
            creatorBps: Number(split.creatorBps),
            viewerBps: Number(split.viewerBps),
            enhancerBps: Number(split.enhancerBps),
          },
          enhancers: accounts.map((a, i) => ({ account: a, weight: weights[i] })),
        },
      ];
    }
    const domain = povDomain(chainId, await pov.getAddress());
    async function settle(report: EpochReport) {
      // a 2-of-3 quorum: the first two verifiers sign
      const sigs = await Promise.all(
        verifiers.slice(0, 2).map((w) => signEpochReport(w, domain, report)),
      );
      return (await (await pov.settle(report, orderSignatures(sigs))).wait())!;
    }

    const [a, b, c] = [v1, v2, v3].map((v) => v.address);
    const t0 = genesisMs + 1_000;
    const plays = [
      ...watch(a, [0, 1, 2, 3], t0),
      ...watch(b, [0, 1], t0 + 5_000),
      ...watch(c, [2], t0 + 9_000),
    ];
    const toEpoch = plays.reduce((m, p) => (p.epoch > m ? p.epoch : m), 0n);
    const base = {
      fromEpoch: 0n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: SHARES,
      contents: await contentsAt(0n),
      verifiers: verifiers.map((v) => v.address),
      supervisors: [supervisor.address],
    };
    await passEpoch(toEpoch);

    // nonce 0: only a's first two plays; the supervisor rejects it in its window
    const rejectedToEpoch = plays[1].epoch;
    const rejected = buildEpochReport({
      ...base,
      plays: plays.slice(0, 2),
      toEpoch: rejectedToEpoch,
      nonce: 0n,
    });
    const settled0 = await settle(rejected.report);
    const rejectTx = (await (await pov.connect(supervisor).rejectRoot(0n, REASON)).wait())!;

    // nonce 1: every play; partly covered by the reserve the rejection left
    const first = buildEpochReport({ ...base, plays, toEpoch, nonce: 1n });
    const settled1 = await settle(first.report);
    await indexer.sync();
    const pendingEpoch = indexer.store.load("Epoch", "1")!;

    await networkHelpers.time.increase(Number(WINDOW));
    const now = BigInt(await networkHelpers.time.latest()) + 1n;
    const claims1: { account: string; receipt: Awaited<ReturnType<typeof settle>> }[] = [];
    for (const account of first.totals.keys()) {
      await claimPovRewards(pov, first.tree!, account, now);
      // the claim is the last transaction (the first claim activates the root before it)
      const block = await ethers.provider.getBlock("latest");
      const receipt = (await ethers.provider.getTransactionReceipt(block!.transactions[0]))!;
      claims1.push({ account, receipt: receipt as never });
    }

    // nonce 2: viewer b watches two more cells; b claims only the difference
    const next = toEpoch + 1n;
    const plays2 = watch(b, [2, 3], genesisMs + Number(next) * EPOCH_MS + 10);
    const to2 = plays2.reduce((m, p) => (p.epoch > m ? p.epoch : m), next);
    const second = buildEpochReport({
      ...base,
      plays: plays2,
      fromEpoch: next,
      toEpoch: to2,
      nonce: 2n,
      contents: await contentsAt(next),
      previousTotals: first.totals,
    });
    await passEpoch(to2);
    const settled2 = await settle(second.report);
    await networkHelpers.time.increase(Number(WINDOW));
    const now2 = BigInt(await networkHelpers.time.latest()) + 1n;
    await claimPovRewards(pov, second.tree!, b, now2);
    const bBlock = await ethers.provider.getBlock("latest");
    const claimB2 = (await ethers.provider.getTransactionReceipt(bBlock!.transactions[0]))!;

    await indexer.sync();
    return {
      indexer,
      pov,
      token,
      admin,
      creator,
      enhancer,
      storage,
      supervisor,
      verifiers,
      viewers: [a, b, c],
      workId,
      whilePaused,
      pendingEpoch,
      sharesTx,
      boundsTx,
      windowTx,
      unpauseTx,
      rejected,
      first,
      second,
      settled0,
      settled1,
      settled2,
      rejectTx,
      claims1,
      claimB2,
    };
  }

  it("records each settled report as an Epoch with every field", async function () {
    const s = await networkHelpers.loadFixture(story);
    const parse = (r: typeof s.settled1, name: string) =>
      r.logs.map((l) => s.pov.interface.parseLog(l)).find((l) => l?.name === name)!.args;
    const block1 = await ethers.provider.getBlock(s.settled1.blockNumber);
    const e1 = parse(s.settled1, "EpochsSettled");
    expect(s.indexer.store.load("Epoch", "1")).to.deep.equal({
      id: "1",
      nonce: 1n,
      fromEpoch: 0n,
      toEpoch: s.first.report.toEpoch,
      root: s.first.report.root,
      total: s.first.report.total,
      emission: s.first.emission,
      // the rejected report's amount was already minted: only the difference is new
      minted: s.first.report.total - s.rejected.report.total,
      allocated: s.first.report.total,
      contentCount: 1n,
      activeAt: BigInt(block1!.timestamp) + WINDOW,
      signers: 2n,
      status: "ACTIVE",
      settledAt: BigInt(block1!.timestamp),
      transactionHash: s.settled1.hash,
    });
    expect(e1.minted).to.equal(s.first.report.total - s.rejected.report.total);
    expect(e1.emission).to.equal(s.first.emission);

    const e2 = s.indexer.store.load("Epoch", "2")!;
    expect(e2).to.deep.include({
      nonce: 2n,
      fromEpoch: s.first.report.toEpoch + 1n,
      toEpoch: s.second.report.toEpoch,
      root: s.second.report.root,
      total: s.second.report.total,
      minted: s.second.report.total,
      allocated: s.first.report.total + s.second.report.total,
      status: "ACTIVE",
      signers: 2n,
    });
    const [allocated] = await s.pov.books();
    expect(e2.allocated).to.equal(allocated);
    // a snapshot indexed between settlement and activation saw the root pending
    expect(s.pendingEpoch).to.deep.include({ status: "PENDING", nonce: 1n });
  });

  it("records the rejected root with its supervisor and reason", async function () {
    const s = await networkHelpers.loadFixture(story);
    const block0 = await ethers.provider.getBlock(s.settled0.blockNumber);
    expect(s.indexer.store.load("Epoch", "0")).to.deep.equal({
      id: "0",
      nonce: 0n,
      fromEpoch: 0n,
      toEpoch: s.rejected.report.toEpoch,
      root: s.rejected.report.root,
      total: s.rejected.report.total,
      emission: s.rejected.emission,
      minted: s.rejected.report.total,
      allocated: s.rejected.report.total,
      contentCount: 1n,
      activeAt: BigInt(block0!.timestamp) + WINDOW,
      signers: 2n,
      status: "REJECTED",
      rejectedBy: lc(s.supervisor.address),
      rejectReason: REASON,
      settledAt: BigInt(block0!.timestamp),
      transactionHash: s.settled0.hash,
    });
    expect(s.indexer.store.load("Account", s.supervisor.address)).to.not.equal(null);
  });

  it("records every content's per-role amounts exactly as reported", async function () {
    const s = await networkHelpers.loadFixture(story);
    for (const [nonce, built] of [
      [0n, s.rejected],
      [1n, s.first],
      [2n, s.second],
    ] as const) {
      const c = built.report.contents[0];
      const id = `${nonce}-${c.workId}`;
      expect(s.indexer.store.load("ContentEarning", id), id).to.deep.equal({
        id,
        epoch: nonce.toString(),
        work: "1",
        fromEpoch: built.report.fromEpoch,
        toEpoch: built.report.toEpoch,
        creator: c.creator,
        viewer: c.viewer,
        enhancer: c.enhancer,
        storageProvider: c.storageProvider,
        verifier: c.verifier,
        supervisor: c.supervisor,
      });
      const sum = c.creator + c.viewer + c.enhancer + c.storageProvider + c.verifier + c.supervisor;
      expect(sum).to.equal(built.report.total);
    }
  });

  it("records every claim of all six roles; per-account totals equal claimed()", async function () {
    const s = await networkHelpers.loadFixture(story);
    const roles = new Set(s.first.earnings.map((e) => e.role));
    expect(roles.size).to.equal(6);
    for (const { account, receipt } of s.claims1) {
      const log = receipt.logs.find(
        (l) => l.topics[0] === s.pov.interface.getEvent("Claimed")!.topicHash,
      )!;
      const block = await ethers.provider.getBlock(receipt.blockNumber);
      const id = eventEntityId(receipt.hash, log.index);
      expect(s.indexer.store.load("Claim", id)).to.deep.equal({
        id,
        account: lc(account),
        claimant: lc(account),
        caller: lc(s.admin.address),
        amount: s.first.totals.get(account),
        cumulativeAmount: s.first.totals.get(account),
        blockNumber: BigInt(receipt.blockNumber),
        timestamp: BigInt(block!.timestamp),
        transactionHash: receipt.hash,
      });
    }
    const b = s.viewers[1];
    const log = s.claimB2.logs.find(
      (l) => l.topics[0] === s.pov.interface.getEvent("Claimed")!.topicHash,
    )!;
    expect(s.indexer.store.load("Claim", eventEntityId(s.claimB2.hash, log.index))).to.deep.include(
      {
        account: lc(b),
        amount: s.second.totals.get(b)! - s.first.totals.get(b)!,
        cumulativeAmount: s.second.totals.get(b),
      },
    );

    const claimants = [...s.indexer.store.all("PovClaimant")].map(toPlain);
    for (const claimant of claimants) {
      const address = claimant.id as string;
      expect(claimant.claimed, address).to.equal(await s.pov.claimed(address));
      expect(claimant.account).to.equal(address);
    }
    expect(claimants.map((c) => c.id).sort()).to.deep.equal(
      [...s.first.totals.keys()].map(lc).sort(),
    );
    expect(s.indexer.store.load("PovClaimant", b)).to.include({ claimCount: 2 });
    expect(s.indexer.store.load("PovClaimant", s.viewers[0])).to.include({ claimCount: 1 });
  });

  it("keeps the contract's parameters and totals equal to the chain's", async function () {
    const s = await networkHelpers.loadFixture(story);
    const [allocated] = await s.pov.books();
    const totalClaimed = sumOf([...s.indexer.store.all("Claim")].map(toPlain), "amount");
    const minted = s.first.report.total + s.second.report.total;
    const window = await s.pov.challengeWindow();
    const shares = await s.pov.protocolShares();
    const bounds = await s.pov.splitBounds();
    expect(s.indexer.store.load("ProofOfView", await s.pov.getAddress())).to.deep.equal({
      id: lc(await s.pov.getAddress()),
      storageBps: Number(shares.storageBps),
      verifierBps: Number(shares.verifierBps),
      supervisorBps: Number(shares.supervisorBps),
      minCreatorBps: Number(bounds.minCreatorBps),
      minViewerBps: Number(bounds.minViewerBps),
      maxViewerBps: Number(bounds.maxViewerBps),
      maxEnhancerBps: Number(bounds.maxEnhancerBps),
      challengeWindow: window,
      paused: false,
      settlementCount: 3,
      totalMinted: minted,
      totalAllocated: allocated,
      totalClaimed,
    });
    expect(SHARES.storageBps).to.equal(Number(shares.storageBps));
    // what was minted and not yet claimed is exactly what the contract holds
    expect(minted - totalClaimed).to.equal(await s.token.balanceOf(await s.pov.getAddress()));
    expect(s.whilePaused).to.deep.include({
      paused: true,
      storageBps: SHARES.storageBps,
      maxEnhancerBps: BOUNDS.maxEnhancerBps,
      challengeWindow: WINDOW,
      settlementCount: 0,
    });
    const days = [...s.indexer.store.all("ProtocolDayData")].map(toPlain);
    expect(sumOf(days, "povClaimed")).to.equal(totalClaimed);
  });

  it("records the video's split, enhancers and role changes", async function () {
    const s = await networkHelpers.loadFixture(story);
    const [split] = await s.pov.splitAt(s.workId, 0n);
    expect(s.indexer.store.load("ContentSplit", "1")).to.deep.include({
      creator: lc(s.creator.address),
      creatorBps: Number(split.creatorBps),
      viewerBps: Number(split.viewerBps),
      enhancerBps: Number(split.enhancerBps),
      enhancers: [lc(s.enhancer.address)],
      enhancerWeights: [1n],
    });
    const memberships = [...s.indexer.store.all("RoleMembership")].map(toPlain);
    expect(memberships).to.have.length(2);
    expect(memberships[0]).to.deep.include({
      contract: lc(await s.pov.getAddress()),
      roleName: "DEFAULT_ADMIN_ROLE",
      account: lc(s.admin.address),
      active: true,
    });
    expect(memberships[1]).to.deep.include({
      roleName: "OPERATOR_ROLE",
      account: lc(s.storage.address),
      active: false,
    });
    const changes = [...s.indexer.store.all("RoleChange")].map(toPlain);
    expect(changes.map((c) => [c.roleName, c.granted])).to.deep.equal([
      ["DEFAULT_ADMIN_ROLE", true],
      ["OPERATOR_ROLE", true],
      ["OPERATOR_ROLE", false],
    ]);
  });
});
