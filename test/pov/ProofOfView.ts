/**
 * The whole Proof-of-View loop on the in-process chain with the real AuteurToken, AuthoritySet and
 * CopyrightRegistry: a video registered with an attestation, plays checked by the SDK verifier,
 * a report built by the SDK, signed by 2 of 3 verifiers, settled, challenged or activated, and
 * claimed by all six roles.
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
  epochReportDigest,
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

const { ethers, networkHelpers } = await network.getOrCreate();
const WAD = 10n ** 18n;
const WINDOW = 3600n;
const CELLS = 4;
const SHARES = { storageBps: 1000, verifierBps: 500, supervisorBps: 500 };

/** Sorted verifier wallets with a deterministic key. */
function verifierWallets() {
  return [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`pov-e2e-verifier-${i}`)), ethers.provider))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
}

async function deployLoop() {
  const [admin, attester, supervisor, creator, enhancer, provider, v1, v2, v3, treasury] =
    await ethers.getSigners();
  const verifiers = verifierWallets();
  const authority = (await ethers.deployContract("AuthoritySet", [
    0n,
    admin.address,
  ])) as unknown as AuthoritySet;
  await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address);
  await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor.address);
  for (const v of verifiers) await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);
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
      epochMillis: 43_200n,
      genesis: 0n,
      challengeWindow: WINDOW,
      ...SHARES,
      bounds: { minCreatorBps: 2000, minViewerBps: 1000, maxViewerBps: 6000, maxEnhancerBps: 3000 },
    },
    0n,
    admin.address,
  ])) as unknown as ProofOfView;
  await token.grantRole(await token.MINTER_ROLE(), await pov.getAddress());

  // the creator registers a 4-cell video with an attester's signature
  const cellBytes = Array.from(
    { length: CELLS },
    (_, i) => `video cell ${i}: one minute of frames`,
  );
  const cellHashes = cellBytes.map((b) => sha256Hex(b));
  const upload = {
    contentSha256: sha256Hex(cellBytes.join("")),
    pHash: 0x1234_5678_9abc_def0n,
    width: 1920,
    height: 1080,
    raw: false,
    manifest: sha256Hex("manifest of the video"),
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
  await registry.connect(creator).register(upload, creator.address, ZERO_HASH, deadline, signature);
  const workId = 1n;
  await pov
    .connect(creator)
    .setSplit(workId, { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 });
  await pov.connect(creator).setEnhancers(workId, [enhancer.address], [1]);

  const genesisMs = Number(await pov.GENESIS()) * 1000;
  return {
    admin,
    supervisor,
    creator,
    enhancer,
    provider,
    viewers: [v1, v2, v3],
    verifiers,
    authority,
    token,
    registry,
    pov,
    cellHashes,
    workId,
    chainId,
    genesisMs,
  };
}

/** The chain state from the fixture plus a fresh off-chain verifier (its memory is per test). */
async function setUp() {
  const chain = await networkHelpers.loadFixture(deployLoop);
  const verifier = new PovVerifier({
    key: keccak256(toUtf8Bytes("verifier PlayCode key")),
    genesisMs: chain.genesisMs,
    epochMs: 43_200,
    difficultyBits: 6,
  });
  verifier.addContent({
    workId: chain.workId,
    cellHashes: chain.cellHashes,
    cellDurationMs: 60_000,
  });
  return { ...chain, verifier };
}

type Loop = Awaited<ReturnType<typeof setUp>>;

/** Moves the chain past the end of `epoch` (never backwards). */
async function passEpoch(loop: Loop, epoch: bigint) {
  const target = Number(await loop.pov.GENESIS()) + Math.ceil((Number(epoch) + 1) * 43.2) + 1;
  if (target > (await networkHelpers.time.latest())) await networkHelpers.time.increaseTo(target);
}

/** Plays `cells` cells by `viewer` starting at `t0` (verifier clock), returns the accepted plays. */
function watch(loop: Loop, viewer: string, cells: number[], t0: number): AcceptedPlay[] {
  const accepted: AcceptedPlay[] = [];
  let t = t0;
  for (const cellIndex of cells) {
    const play: PlayData = {
      account: viewer,
      workId: loop.workId,
      cellIndex,
      cellHash: loop.cellHashes[cellIndex],
    };
    const challenge = loop.verifier.issue(play, t);
    const { nonce } = solvePlayNonce(challenge, play);
    t += 61_000;
    const verdict = loop.verifier.verify(
      {
        playData: play,
        playCode: challenge.playCode,
        nonce,
        nonceMs: 45_000,
        playbackMs: 60_000,
        storageProvider: loop.provider.address,
      },
      t,
    );
    if (!verdict.accepted) throw new Error(`${verdict.reason}: ${verdict.detail}`);
    accepted.push(verdict.play);
  }
  return accepted;
}

async function contentsOf(loop: Loop, fromEpoch: bigint): Promise<ReportContent[]> {
  const [split] = await loop.pov.splitAt(loop.workId, fromEpoch);
  const [accounts, weights] = await loop.pov.enhancersOf(loop.workId);
  return [
    {
      workId: loop.workId,
      creator: await loop.registry.creatorOf(loop.workId),
      split: {
        creatorBps: Number(split.creatorBps),
        viewerBps: Number(split.viewerBps),
        enhancerBps: Number(split.enhancerBps),
      },
      enhancers: accounts.map((a, i) => ({ account: a, weight: weights[i] })),
    },
  ];
}

/** Signs with the first two verifiers (a 2-of-3 quorum) and settles. */
async function settle(loop: Loop, report: EpochReport) {
  const domain = povDomain(loop.chainId, await loop.pov.getAddress());
  const sigs = await Promise.all(
    loop.verifiers.slice(0, 2).map((w) => signEpochReport(w, domain, report)),
  );
  expect(await loop.pov.reportDigest(report)).to.equal(epochReportDigest(domain, report));
  return loop.pov.settle(report, orderSignatures(sigs));
}

describe("Proof-of-View end to end: plays -> verifier -> report -> quorum -> settlement -> claims", () => {
  it("pays all six roles exactly their report totals, once, with cumulative claims across reports", async () => {
    const loop = await setUp();
    const { pov, token, verifier } = loop;
    const [a, b, c] = loop.viewers.map((v) => v.address);

    // epochs 0..9 of the verifier clock: three viewers, 4 + 2 + 1 cells
    const t0 = loop.genesisMs + 1_000;
    const plays = [
      ...watch(loop, a, [0, 1, 2, 3], t0),
      ...watch(loop, b, [0, 1], t0 + 5_000),
      ...watch(loop, c, [2], t0 + 9_000),
    ];
    // a replay and a forged code never become plays
    const replay = verifier.verify(
      {
        playData: { account: c, workId: loop.workId, cellIndex: 2, cellHash: loop.cellHashes[2] },
        playCode: plays[6].playCode,
        nonce: 0n,
        nonceMs: 45_000,
        playbackMs: 60_000,
        storageProvider: loop.provider.address,
      },
      t0 + 400_000,
    );
    expect(replay.accepted).to.equal(false);
    const toEpoch = plays.reduce((m, p) => (p.epoch > m ? p.epoch : m), 0n);
    const verifierAddresses = loop.verifiers.map((v) => v.address);
    const built = buildEpochReport({
      plays,
      fromEpoch: 0n,
      toEpoch,
      nonce: 0n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: SHARES,
      contents: await contentsOf(loop, 0n),
      verifiers: verifierAddresses,
      supervisors: [loop.supervisor.address],
    });
    expect(built.report.total <= built.emission).to.equal(true);

    // the chain must be past toEpoch
    await passEpoch(loop, toEpoch);
    const supplyBefore = await token.totalSupply();
    await expect(settle(loop, built.report))
      .to.emit(pov, "EpochsSettled")
      .and.to.emit(pov, "ContentSettled");
    expect(await token.totalSupply()).to.equal(supplyBefore + built.report.total);

    // claims wait for the challenge window
    await expect(pov.claim(a, built.totals.get(a)!, [])).to.be.revertedWithCustomError(
      pov,
      "ProofOfViewNoActiveRoot",
    );
    await networkHelpers.time.increase(Number(WINDOW));
    const roles = new Map<string, string>();
    for (const e of built.earnings)
      roles.set(e.account, [roles.get(e.account), e.role].filter(Boolean).join("+"));
    expect(new Set(built.earnings.map((e) => e.role)).size).to.equal(6);
    const now = BigInt(await networkHelpers.time.latest()) + 1n;
    let paid = 0n;
    let activatedOnce = false;
    for (const [account, total] of built.totals) {
      const before = await token.balanceOf(account);
      const result = await claimPovRewards(pov, built.tree!, account, now);
      activatedOnce ||= result.activated;
      expect(result.paid).to.equal(total);
      expect((await token.balanceOf(account)) - before).to.equal(total);
      paid += total;
    }
    expect(activatedOnce).to.equal(true);
    expect(paid).to.equal(built.report.total);
    expect(await token.balanceOf(await pov.getAddress())).to.equal(0n);
    // nothing twice
    const again = await claimPovRewards(pov, built.tree!, a, now);
    expect(again.paid).to.equal(0n);

    // second report: only viewer b watches; a's total is unchanged, b is paid the difference
    const next = toEpoch + 1n;
    const t1 = loop.genesisMs + Number(next) * 43_200 + 10;
    const plays2 = watch(loop, b, [2, 3], t1);
    const to2 = plays2.reduce((m, p) => (p.epoch > m ? p.epoch : m), next);
    const built2 = buildEpochReport({
      plays: plays2,
      fromEpoch: next,
      toEpoch: to2,
      nonce: 1n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: SHARES,
      contents: await contentsOf(loop, next),
      verifiers: verifierAddresses,
      supervisors: [loop.supervisor.address],
      previousTotals: built.totals,
    });
    await passEpoch(loop, to2);
    await settle(loop, built2.report);
    await networkHelpers.time.increase(Number(WINDOW));
    const now2 = BigInt(await networkHelpers.time.latest()) + 1n;
    const bBefore = await token.balanceOf(b);
    const r = await claimPovRewards(pov, built2.tree!, b, now2);
    expect(r.paid).to.equal(built2.totals.get(b)! - built.totals.get(b)!);
    expect((await token.balanceOf(b)) - bBefore).to.equal(r.paid);
    expect((await claimPovRewards(pov, built2.tree!, a, now2)).paid).to.equal(0n);
    expect(await pov.claimed(b)).to.equal(built2.totals.get(b));
  });

  it("a supervisor rejects a root in its window; the corrected report reuses what was minted", async () => {
    const loop = await setUp();
    const { pov, token } = loop;
    const plays = watch(loop, loop.viewers[0].address, [0, 1], loop.genesisMs + 1_000);
    const toEpoch = plays[1].epoch;
    const params = {
      plays,
      fromEpoch: 0n,
      toEpoch,
      nonce: 0n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: SHARES,
      contents: await contentsOf(loop, 0n),
      verifiers: loop.verifiers.map((v) => v.address),
      supervisors: [loop.supervisor.address],
    };
    const built = buildEpochReport(params);
    await passEpoch(loop, toEpoch);
    await settle(loop, built.report);
    const minted = await token.totalSupply();
    await expect(
      pov.connect(loop.supervisor).rejectRoot(0n, ethers.encodeBytes32String("bot views")),
    )
      .to.emit(pov, "RootRejected")
      .withArgs(
        0n,
        loop.supervisor.address,
        built.report.root,
        0n,
        built.report.total,
        ethers.encodeBytes32String("bot views"),
      );
    // the same plays minus one, re-reported with the next nonce
    const corrected = buildEpochReport({ ...params, plays: plays.slice(0, 1), nonce: 1n });
    await settle(loop, corrected.report);
    expect(await token.totalSupply()).to.equal(minted); // covered by the reserve
    const [allocated, reserve] = await pov.books();
    expect(allocated).to.equal(corrected.report.total);
    expect(reserve).to.equal(built.report.total - corrected.report.total);
  });
});
