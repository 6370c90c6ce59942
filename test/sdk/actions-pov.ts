/**
 * SDK Proof-of-View operations on the in-process chain: the creator's split and enhancers, the
 * report inputs read back, a quorum-signed settlement, root activation after the challenge window
 * and a claim; each with a decoded revert (not the creator, a bad split, a premature activation,
 * a report short of the quorum).
 */
import { expect } from "chai";
import { TypedDataEncoder, recoverAddress } from "ethers";
import { network } from "hardhat";
import {
  AuteurContractError,
  MediaType,
  readContract,
  type Upload,
} from "../../sdk/src/chain/index.js";
import { AuteurInputError } from "../../sdk/src/errors.js";
import {
  PovVerifier,
  buildEpochReport,
  claimArguments,
  epochReportDigest,
  epochReportTypedData,
  povDomain,
  signEpochReport,
  solvePlayNonce,
} from "../../sdk/src/pov/index.js";
import { sha256Hex } from "../registry/helpers.js";
import { CHALLENGE_WINDOW, deployStory } from "./actions-fixture.js";

const connection = await network.getOrCreate();
const { networkHelpers } = connection;

const CELLS = [sha256Hex("cell 0"), sha256Hex("cell 1")];

async function fixture() {
  const story = await deployStory(connection);
  const { creator, attester } = story.accounts;
  const client = await story.clientOf(creator);
  const video: Upload = {
    contentSha256: sha256Hex("pov action video"),
    pHash: 0x0123_4567_89ab_cdefn,
    width: 1280,
    height: 720,
    raw: false,
    manifest: sha256Hex(CELLS.join("")),
    mediaType: MediaType.Video,
    cellCount: CELLS.length,
    durationSeconds: 120,
  };
  const { workId } = await client.registerWork({ upload: video, attester });
  return { ...story, workId };
}

describe("SDK actions: Proof-of-View operations", function () {
  it("sets the split and enhancers, settles a signed report, a supervisor rejects it, it settles again, the root is activated and claimed", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const { creator, enhancer, storage, supervisor, viewers } = s.accounts;
    const c = await s.clientOf(creator);

    const split = await c.setPovSplit({
      workId: s.workId,
      creatorBps: 5000,
      viewerBps: 4000,
      enhancerBps: 1000,
    });
    expect(split.receipt.status).to.equal(1);
    const enh = await c.setPovEnhancers({
      workId: s.workId,
      enhancers: [{ account: enhancer.address, weight: 1 }],
    });
    expect(enh.accounts).to.deep.equal([enhancer.address]);
    expect(enh.weights).to.deep.equal([1n]);

    // the first split enrols the work for every settlement (later ones apply from the next epoch)
    expect(split.effectiveFromEpoch).to.equal(0n);
    const inputs = await c.getPovReportInputs({ workIds: [s.workId] });
    expect(inputs.fromEpoch).to.equal(0n);
    expect(inputs.contents[0]).to.deep.include({ workId: s.workId, creator: creator.address });
    expect(inputs.contents[0].split).to.deep.equal({
      creatorBps: 5000,
      viewerBps: 4000,
      enhancerBps: 1000,
    });
    expect(inputs.challengeWindow).to.equal(CHALLENGE_WINDOW);

    // one play in epoch 0, checked by the SDK verifier
    const verifier = new PovVerifier({
      key: sha256Hex("pov action key"),
      genesisMs: inputs.genesisMs,
      epochMs: inputs.epochMs,
      difficultyBits: 4,
    });
    verifier.addContent({ workId: s.workId, cellHashes: CELLS, cellDurationMs: 60_000 });
    const start = inputs.genesisMs;
    const play = {
      account: viewers[0].address,
      workId: s.workId,
      cellIndex: 0,
      cellHash: CELLS[0],
    };
    const challenge = verifier.issue(play, start + 1);
    const { nonce } = solvePlayNonce(challenge, play);
    const verdict = verifier.verify(
      {
        playData: play,
        playCode: challenge.playCode,
        nonce,
        nonceMs: 45_000,
        playbackMs: 60_000,
        storageProvider: storage.address,
      },
      start + 61_001,
    );
    expect(verdict.accepted).to.equal(true);
    if (!verdict.accepted) return;
    const toEpoch = verdict.play.epoch;
    const built = buildEpochReport({
      ...inputs,
      plays: [verdict.play],
      toEpoch,
      verifiers: s.verifiers.map((v) => v.address),
      supervisors: [supervisor.address],
    });
    const endOfEpoch =
      Math.ceil((inputs.genesisMs + Number(toEpoch + 1n) * inputs.epochMs) / 1000) + 1;
    if (endOfEpoch > (await networkHelpers.time.latest()))
      await networkHelpers.time.increaseTo(endOfEpoch);
    const domain = povDomain(s.chainId, s.deployments.contracts.ProofOfView!.address);

    // what a wallet signs over JSON-RPC (eth_signTypedData_v4) is the digest the contract checks
    const td = epochReportTypedData(domain, built.report);
    const payload = TypedDataEncoder.getPayload(td.domain, td.types, { ...td.message });
    const walletSignature = (await connection.ethers.provider.send("eth_signTypedData_v4", [
      creator.address,
      JSON.stringify(payload),
    ])) as string;
    const contractDigest = await readContract<string>(c, "ProofOfView", "reportDigest", [
      built.report,
    ]);
    expect(contractDigest).to.equal(epochReportDigest(domain, built.report));
    expect(recoverAddress(contractDigest, walletSignature)).to.equal(creator.address);

    // one signature is short of the 2-of-3 quorum: decoded
    const one = await signEpochReport(s.verifiers[0], domain, built.report);
    const short = await c
      .settlePovEpochs({ report: built.report, signatures: [one] })
      .catch((e: unknown) => e);
    expect(short).to.be.instanceOf(AuteurContractError);
    expect((short as AuteurContractError).errorName).to.match(/^AuthoritySet/);

    const first = await c.settlePovEpochs({
      report: built.report,
      signatures: await Promise.all(
        [s.verifiers[2], s.verifiers[1]].map((v) => signEpochReport(v, domain, built.report)),
      ),
    });
    expect(first.total).to.equal(built.report.total);
    expect(first.minted).to.equal(built.report.total);
    expect(first.root).to.equal(built.report.root);
    expect(first.signers).to.equal(2n);

    // only a supervisor rejects a pending root; the rejected amount waits in reserve
    const notSupervisor = await c.rejectPovRoot({ nonce: first.nonce }).catch((e: unknown) => e);
    expect((notSupervisor as AuteurContractError).errorName).to.equal("ProofOfViewNotSupervisor");
    expect((notSupervisor as AuteurContractError).hints[0]).to.match(/supervisor/);
    const sup = await s.clientOf(supervisor);
    const rejected = await sup.rejectPovRoot({ nonce: first.nonce });
    expect(rejected).to.deep.include({ nonce: first.nonce, fromEpoch: 0n, amount: first.minted });
    const reopened = await c.getPovSettlementState({});
    expect(reopened).to.deep.include({ nextEpoch: 0n, pendingActiveAt: 0n });

    // the quorum signs the report again under the next nonce: the reserve pays, nothing new is minted
    const again = buildEpochReport({
      ...(await c.getPovReportInputs({ workIds: [s.workId] })),
      plays: [verdict.play],
      toEpoch,
      verifiers: s.verifiers.map((v) => v.address),
      supervisors: [supervisor.address],
    });
    expect(again.report.nonce).to.equal(reopened.nextNonce);
    const sigs = await Promise.all(
      [s.verifiers[2], s.verifiers[1]].map((v) => signEpochReport(v, domain, again.report)),
    );
    const settled = await c.settlePovEpochs({ report: again.report, signatures: sigs });
    expect(settled.total).to.equal(built.report.total);
    expect(settled.minted).to.equal(0n);

    const early = await c.activatePovRoot({}).catch((e: unknown) => e);
    expect((early as AuteurContractError).errorName).to.equal("ProofOfViewRootNotMature");
    expect((early as AuteurContractError).args.activeAt).to.equal(settled.activeAt);
    expect((early as AuteurContractError).hints[0]).to.match(/activatePovRoot.*activeAt/);

    await networkHelpers.time.increaseTo(settled.activeAt);
    const activated = await c.activatePovRoot({});
    expect(activated).to.deep.include({ nonce: settled.nonce, root: again.report.root });
    expect((await c.getPovSettlementState({})).activeRoot).to.equal(again.report.root);

    const viewer = await s.clientOf(viewers[0]);
    const before = await viewer.getTokenBalance({});
    const { paid } = await viewer.claimPovReward(claimArguments(again.tree!, viewers[0].address));
    expect(paid).to.equal(again.totals.get(viewers[0].address));
    expect((await viewer.getTokenBalance({})) - before).to.equal(paid);
  });

  it("refuses a stranger's split, a split that does not add up, a zero enhancer weight and an activation with nothing pending", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const stranger = await s.clientOf(s.accounts.viewers[1]);
    const refused = await stranger
      .setPovSplit({ workId: s.workId, creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 })
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AuteurContractError);
    const err = refused as AuteurContractError;
    expect(err.errorName).to.equal("ProofOfViewNotCreator");
    expect(err.args.caller).to.equal(s.accounts.viewers[1].address);
    expect(err.args.creator).to.equal(s.accounts.creator.address);

    const creator = await s.clientOf(s.accounts.creator);
    const bad = await creator
      .setPovSplit({ workId: s.workId, creatorBps: 5000, viewerBps: 4000, enhancerBps: 0 })
      .catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(AuteurInputError);
    expect((bad as AuteurInputError).code).to.equal("POV_SPLIT_INVALID");

    const noWeight = await creator
      .setPovEnhancers({
        workId: s.workId,
        enhancers: [{ account: s.accounts.enhancer.address, weight: 0 }],
      })
      .catch((e: unknown) => e);
    expect(noWeight).to.be.instanceOf(AuteurContractError);
    expect((noWeight as AuteurContractError).errorName).to.equal("ProofOfViewInvalidEnhancers");
    expect((noWeight as AuteurContractError).args.index).to.equal(0n);

    const nothingPending = await creator.activatePovRoot({}).catch((e: unknown) => e);
    expect((nothingPending as AuteurContractError).errorName).to.equal("ProofOfViewNoPendingRoot");

    const notEnrolled = await creator
      .getPovReportInputs({ workIds: [s.workId] })
      .catch((e: unknown) => e);
    expect((notEnrolled as AuteurInputError).code).to.equal("POV_NOT_ENROLLED");
  });
});
