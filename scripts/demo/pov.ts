/**
 * Demo step "pov": Proof-of-View. A creator registers a video of four VideoCells (attested),
 * enrols it with a split (creator 50 %, viewers 40 %, subtitles 10 %) and an enhancer; three
 * viewers watch cells while the SDK verifier issues PlayCodes and checks nonces and timing (a
 * too-fast play and a replay are refused); the SDK builds the epoch report, a 2-of-3 verifier
 * quorum signs it, ProofOfView settles it and mints the epochs' share; after the challenge window
 * every role claims with one proof, and a table shows who earned what and why.
 *
 * The fixture clip is seconds long, so its bytes are cut into four parts that stand in for
 * 1-minute VideoCells (their SHA-256 are real); the verifier's clock is simulated (60 s per cell)
 * while the chain's clock is moved past the settled epochs.
 */
import { readFile } from "node:fs/promises";
import { Wallet, formatUnits, keccak256, toUtf8Bytes } from "ethers";
import type { DemoContext } from "../demo.js";
import { ProofOfViewOnCoreModule } from "../../deploy/ignition/Rewards.js";
import {
  PovVerifier,
  buildEpochReport,
  claimPovRewards,
  orderSignatures,
  povDomain,
  signEpochReport,
  solvePlayNonce,
  type AcceptedPlay,
  type PlayData,
} from "../../sdk/src/pov/index.js";
import { MediaType, ZERO_HASH, sha256Hex, signRegistration } from "../../test/registry/helpers.js";

export const title =
  "Proof-of-View: plays, verifier checks, a 2-of-3 quorum settles an epoch, every role claims";

/** The video the demo registers (a shared fixture). */
export const VIDEO = "fixtures/video/doorknob-hd-no-bar.mp4";
const CELLS = 4;
const CELL_MS = 60_000;

export default async function run(ctx: DemoContext): Promise<void> {
  const { ethers, log, signers } = ctx;
  const registryState = ctx.state.registry as { registry: string } | undefined;
  if (ctx.deployment === undefined || registryState === undefined) {
    throw new Error(
      'The pov step needs the core and the registry: run the "token" and "registry" steps first (npm run demo)',
    );
  }
  const core = ctx.deployment.addresses;
  const { networkHelpers } = ctx.connection;
  const [admin] = signers;
  const attester = signers[15];
  const supervisor = signers[16];
  const creator = signers[10];
  const enhancer = signers[11];
  const storage = signers[12];
  const viewers = [signers[13], signers[14], signers[9]];
  const names = new Map<string, string>([
    [creator.address, "creator"],
    [enhancer.address, "subtitler"],
    [storage.address, "storage node"],
    [supervisor.address, "supervisor"],
    ...viewers.map((v, i) => [v.address, `viewer ${i + 1}`] as [string, string]),
  ]);

  const { proofOfView } = await ctx.connection.ignition.deploy(ProofOfViewOnCoreModule, {
    parameters: {
      AuteurProofOfViewOnCore: {
        authoritySet: core.AuthoritySet,
        token: core.AuteurToken,
        registry: registryState.registry,
        challengeWindow: 600n,
      },
    },
    displayUi: false,
  });
  const pov = await ethers.getContractAt("ProofOfView", await proofOfView.getAddress());
  const token = await ethers.getContractAt("AuteurToken", core.AuteurToken);
  const authority = await ethers.getContractAt("AuthoritySet", core.AuthoritySet);
  const reg = await ethers.getContractAt("CopyrightRegistry", registryState.registry);
  log.info(
    `ProofOfView ${await pov.getAddress()} (135 per 43.2 s epoch, challenge window 10 min), minter of ${await token.symbol()}`,
  );

  // three verifiers with known keys; the default quorum is more than half: 2 of 3
  const verifierWallets = [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`demo pov verifier ${i}`)), ethers.provider))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  for (const [i, w] of verifierWallets.entries()) {
    await (
      await authority.connect(admin).grantRole(await authority.VERIFIER_ROLE(), w.address)
    ).wait();
    names.set(w.address, `verifier ${i + 1}`);
  }
  const threshold = Number(await authority.quorumThreshold());
  log.info(`Verifiers: ${await authority.verifierCount()}, quorum ${threshold}`);

  // 1. the creator registers the video (attested) and enrols it
  const bytes = await readFile(VIDEO);
  const size = Math.ceil(bytes.length / CELLS);
  const cellHashes = Array.from({ length: CELLS }, (_, i) =>
    sha256Hex(bytes.subarray(i * size, (i + 1) * size)),
  );
  const upload = {
    contentSha256: sha256Hex(bytes),
    pHash: 0x9c3e_61f0_a5d2_4b87n,
    width: 1280,
    height: 720,
    raw: false,
    manifest: sha256Hex(cellHashes.join("")),
    mediaType: MediaType.Video,
    cellCount: CELLS,
    durationSeconds: CELLS * 60,
  };
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signature = await signRegistration({
    registry: reg,
    chainId,
    attester,
    upload,
    uploader: creator.address,
    deadline,
  });
  const receipt = await (
    await reg.connect(creator).register(upload, creator.address, ZERO_HASH, deadline, signature)
  ).wait();
  const registered = receipt!.logs
    .map((l) => reg.interface.parseLog(l))
    .find((e) => e?.name === "WorkRegistered");
  if (!registered) throw new Error("the registration emitted no WorkRegistered event");
  const workId = registered.args.workId as bigint;
  await (
    await pov
      .connect(creator)
      .setSplit(workId, { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 })
  ).wait();
  await (await pov.connect(creator).setEnhancers(workId, [enhancer.address], [1])).wait();
  log.info(
    `Video work #${workId}: ${CELLS} VideoCells, split creator 50 % / viewers 40 % / subtitles 10 % (after storage 10 %, verifiers 5 %, supervisors 5 %)`,
  );

  // 2. plays checked by the verifier (simulated clock from the epoch clock's genesis)
  const genesisMs = Number(await pov.GENESIS()) * 1000;
  const verifier = new PovVerifier({
    key: keccak256(toUtf8Bytes("demo PlayCode key")),
    genesisMs,
    epochMs: 43_200,
    difficultyBits: 8,
  });
  verifier.addContent({ workId, cellHashes, cellDurationMs: CELL_MS });
  const plays: AcceptedPlay[] = [];
  const refused: string[] = [];
  const watch = (viewer: string, cells: number[], start: number) => {
    let t = start;
    for (const cellIndex of cells) {
      const play: PlayData = {
        account: viewer,
        workId,
        cellIndex,
        cellHash: cellHashes[cellIndex],
      };
      const challenge = verifier.issue(play, t);
      const { nonce } = solvePlayNonce(challenge, play);
      t += CELL_MS + 1_000;
      const submission = {
        playData: play,
        playCode: challenge.playCode,
        nonce,
        nonceMs: 45_000,
        playbackMs: CELL_MS,
        storageProvider: storage.address,
      };
      const verdict = verifier.verify(submission, t);
      if (verdict.accepted) plays.push(verdict.play);
      const replay = verifier.verify(submission, t + 5);
      if (!replay.accepted && refused.length < 1)
        refused.push(`replay of ${names.get(viewer)}'s cell ${cellIndex}: ${replay.reason}`);
    }
  };
  watch(viewers[0].address, [0, 1, 2, 3], genesisMs + 1_000);
  watch(viewers[1].address, [0, 1], genesisMs + 20_000);
  watch(viewers[2].address, [3], genesisMs + 30_000);
  // a bot that answers after 20 s
  const botPlay: PlayData = {
    account: viewers[2].address,
    workId,
    cellIndex: 0,
    cellHash: cellHashes[0],
  };
  const botChallenge = verifier.issue(botPlay, genesisMs + 200_000);
  const botNonce = solvePlayNonce(botChallenge, botPlay).nonce;
  const bot = verifier.verify(
    {
      playData: botPlay,
      playCode: botChallenge.playCode,
      nonce: botNonce,
      nonceMs: 15_000,
      playbackMs: 20_000,
      storageProvider: storage.address,
    },
    genesisMs + 220_000,
  );
  if (!bot.accepted) refused.push(`viewer 3's cell 0 after 20 s: ${bot.reason} (${bot.detail})`);
  log.info(`Plays accepted: ${plays.length}; refused: ${refused.join("; ")}`);

  // 3. report, quorum, settlement
  const toEpoch = plays.reduce((m, p) => (p.epoch > m ? p.epoch : m), 0n);
  const [split] = await pov.splitAt(workId, 0n);
  const [enhancers, weights] = await pov.enhancersOf(workId);
  const [storageBps, verifierBps, supervisorBps] = await pov.protocolShares();
  const [, nonce] = await pov.settlementState();
  const built = buildEpochReport({
    plays,
    fromEpoch: 0n,
    toEpoch,
    nonce,
    schedule: {
      r0: await pov.EPOCH_REWARD(),
      halvingEpochs: await pov.HALVING_EPOCHS(),
      maxHalvings: await pov.MAX_HALVINGS(),
    },
    protocolShares: {
      storageBps: Number(storageBps),
      verifierBps: Number(verifierBps),
      supervisorBps: Number(supervisorBps),
    },
    contents: [
      {
        workId,
        creator: await reg.creatorOf(workId),
        split: {
          creatorBps: Number(split.creatorBps),
          viewerBps: Number(split.viewerBps),
          enhancerBps: Number(split.enhancerBps),
        },
        enhancers: enhancers.map((a, i) => ({ account: a, weight: weights[i] })),
      },
    ],
    verifiers: verifierWallets.map((w) => w.address),
    supervisors: [supervisor.address],
  });
  const epochEnd = Number(await pov.GENESIS()) + Math.ceil((Number(toEpoch) + 1) * 43.2) + 1;
  if (epochEnd > (await networkHelpers.time.latest()))
    await networkHelpers.time.increaseTo(epochEnd);
  const domain = povDomain(chainId, await pov.getAddress());
  const sigs = await Promise.all(
    verifierWallets.slice(0, threshold).map((w) => signEpochReport(w, domain, built.report)),
  );
  const settleReceipt = await (
    await pov.connect(admin).settle(built.report, orderSignatures(sigs))
  ).wait();
  const fmt = (v: bigint) =>
    Number(formatUnits(v, 18)).toLocaleString("en-US", { maximumFractionDigits: 4 });
  log.info(
    `Epochs 0..${toEpoch} settled by ${threshold} of ${verifierWallets.length} verifiers (gas ${settleReceipt!.gasUsed}): ` +
      `${fmt(built.report.total)} of the ${fmt(built.emission)} scheduled minted; epochs without views mint nothing`,
  );

  // 4. claims after the challenge window
  await networkHelpers.time.increase(601);
  const now = BigInt(await networkHelpers.time.latest()) + 1n;
  const rows: Record<string, string>[] = [];
  for (const [account, total] of built.totals) {
    const before = await token.balanceOf(account);
    const { paid } = await claimPovRewards(pov.connect(admin), built.tree!, account, now);
    const gained = (await token.balanceOf(account)) - before;
    if (gained !== paid || paid !== total)
      throw new Error(`claim of ${account} paid ${gained}, expected ${total}`);
    const lines = built.earnings.filter((e) => e.account === account);
    rows.push({
      who: names.get(account) ?? account.slice(0, 10),
      role: [...new Set(lines.map((l) => l.role))].join(" + "),
      why: lines.map((l) => l.basis).join("; "),
      earned: fmt(total),
    });
  }
  log.table(rows, { earned: "right" });
  log.info(
    `ProofOfView holds ${fmt(await token.balanceOf(await pov.getAddress()))} after every claim`,
  );
  ctx.state.pov = {
    proofOfView: await pov.getAddress(),
    workId,
    root: built.report.root,
    earnings: built.earnings,
    names,
    epochs: `Epochs 0..${toEpoch}`,
  };
}
