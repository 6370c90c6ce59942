/**
 * The SDK's `claimPovReward` action on the in-process chain: a settled and activated epoch report
 * (built with `@auteur/sdk/pov`, signed by a 2-of-3 verifier quorum), a viewer's claim through
 * `createAuteurClient`, then what the action does with an identical second claim (nothing to pay,
 * no transaction; the contract's own answer to it decoded as a typed error) and with a bad proof.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes, type Signer } from "ethers";
import {
  AuteurContractError,
  createAuteurClient,
  MediaType,
  type Deployments,
} from "../../sdk/src/chain/index.js";
import { sendContract } from "../../sdk/src/chain/client.js";
import {
  CHAINFLIX_HALVING,
  buildEpochReport,
  claimArguments,
  orderSignatures,
  povDomain,
  signEpochReport,
  type AcceptedPlay,
} from "../../sdk/src/pov/index.js";
import { ZERO_HASH, sha256Hex, signRegistration } from "../registry/helpers.js";
import type {
  AuteurToken,
  AuthoritySet,
  CopyrightRegistry,
  ProofOfView,
} from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.getOrCreate();
const WAD = 10n ** 18n;

async function settledEpoch() {
  const [admin, attester, supervisor, creator, storage, viewer, other] = await ethers.getSigners();
  const verifiers = [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`claim-action-verifier-${i}`))))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
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
    [admin.address],
    [WAD],
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
      challengeWindow: 600n,
      storageBps: 1000,
      verifierBps: 500,
      supervisorBps: 500,
      bounds: { minCreatorBps: 2000, minViewerBps: 1000, maxViewerBps: 6000, maxEnhancerBps: 3000 },
    },
    0n,
    admin.address,
  ])) as unknown as ProofOfView;
  await token.grantRole(await token.MINTER_ROLE(), await pov.getAddress());

  const cellHashes = [0, 1].map((i) => sha256Hex(`claim test cell ${i}`));
  const upload = {
    contentSha256: sha256Hex("claim test video"),
    pHash: 0x1111_2222_3333_4444n,
    width: 1920,
    height: 1080,
    raw: false,
    manifest: sha256Hex(cellHashes.join("")),
    mediaType: MediaType.Video,
    cellCount: 2,
    durationSeconds: 120,
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
    .setSplit(workId, { creatorBps: 6000, viewerBps: 4000, enhancerBps: 0 });

  // two accepted plays in epoch 0 (the verifier's checks are covered by sdk/src/pov tests)
  const plays: AcceptedPlay[] = [0, 1].map((cellIndex) => ({
    account: viewer.address,
    workId,
    cellIndex,
    epoch: 0n,
    storageProvider: storage.address,
    playCode: keccak256(toUtf8Bytes(`play ${cellIndex}`)),
  }));
  const built = buildEpochReport({
    plays,
    fromEpoch: 0n,
    toEpoch: 0n,
    nonce: 0n,
    schedule: CHAINFLIX_HALVING,
    protocolShares: { storageBps: 1000, verifierBps: 500, supervisorBps: 500 },
    contents: [
      {
        workId,
        creator: creator.address,
        split: { creatorBps: 6000, viewerBps: 4000, enhancerBps: 0 },
      },
    ],
    verifiers: verifiers.slice(0, 2).map((v) => v.address),
    supervisors: [supervisor.address],
  });
  await networkHelpers.time.increaseTo(Number(await pov.GENESIS()) + 45);
  const domain = povDomain(chainId, await pov.getAddress());
  const sigs = await Promise.all(
    verifiers.slice(0, 2).map((v) => signEpochReport(v, domain, built.report)),
  );
  await pov.settle(built.report, orderSignatures(sigs));
  await networkHelpers.time.increase(601);
  await pov.activateRoot();

  const rec = async (c: { getAddress(): Promise<string> }) => ({
    address: await c.getAddress(),
    blockNumber: 0,
    txHash: "0x",
  });
  const deployments: Deployments = {
    chainId: Number(chainId),
    contracts: {
      AuthoritySet: await rec(authority),
      AuteurToken: await rec(token),
      CopyrightRegistry: await rec(registry),
      ProofOfView: await rec(pov),
    },
  };
  const clientOf = (signer: Signer) => createAuteurClient({ signer, deployments });
  return { token, pov, viewer, other, creator, built, clientOf };
}

describe("SDK claimPovReward on the in-process chain", function () {
  it("pays the viewer once, then nothing; the contract's refusal is a typed error", async function () {
    const { token, viewer, built, clientOf } = await networkHelpers.loadFixture(settledEpoch);
    const client = await clientOf(viewer);
    const args = claimArguments(built.tree!, viewer.address);
    expect(args.cumulativeAmount).to.equal(built.totals.get(viewer.address));
    expect(args.cumulativeAmount > 0n).to.equal(true);

    const before = await token.balanceOf(viewer.address);
    const first = await client.claimPovReward(args);
    expect(first.paid).to.equal(args.cumulativeAmount);
    expect(first.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect((await token.balanceOf(viewer.address)) - before).to.equal(args.cumulativeAmount);

    // the identical claim: the action sees nothing is due and sends nothing
    const second = await client.claimPovReward(args);
    expect(second).to.deep.equal({ paid: 0n });
    expect((await token.balanceOf(viewer.address)) - before).to.equal(args.cumulativeAmount);

    // sent anyway, the contract refuses it and the SDK decodes the refusal with its values
    let refused: unknown;
    try {
      await sendContract(client, "ProofOfView", "claim", [
        viewer.address,
        args.cumulativeAmount,
        args.proof,
      ]);
    } catch (e) {
      refused = e;
    }
    expect(refused).to.be.instanceOf(AuteurContractError);
    const err = refused as AuteurContractError;
    expect(err.errorName).to.equal("CumulativeClaimNothingToClaim");
    expect(err.args.account).to.equal(viewer.address);
    expect(err.args.claimed).to.equal(args.cumulativeAmount);
  });

  it("refuses a bad proof with a typed error and pays nothing", async function () {
    const { token, viewer, creator, other, built, clientOf } =
      await networkHelpers.loadFixture(settledEpoch);
    const client = await clientOf(other);
    const viewerArgs = claimArguments(built.tree!, viewer.address);
    const creatorArgs = claimArguments(built.tree!, creator.address);
    const before = await token.balanceOf(viewer.address);
    for (const bad of [
      // a higher amount than the tree gives
      { ...viewerArgs, cumulativeAmount: viewerArgs.cumulativeAmount + 1n },
      // another account's proof
      { ...viewerArgs, proof: creatorArgs.proof },
    ]) {
      let refused: unknown;
      try {
        await client.claimPovReward(bad);
      } catch (e) {
        refused = e;
      }
      expect(refused).to.be.instanceOf(AuteurContractError);
      const err = refused as AuteurContractError;
      expect(err.errorName).to.equal("CumulativeClaimInvalidProof");
      expect(err.args.account).to.equal(viewer.address);
      expect(err.args.cumulativeAmount).to.equal(bad.cumulativeAmount);
      expect(err.hints.length).to.be.greaterThan(0);
    }
    expect(await token.balanceOf(viewer.address)).to.equal(before);
    // the good proof sent by a third party (a fee payer) pays the viewer
    const paid = await client.claimPovReward(viewerArgs);
    expect(paid.paid).to.equal(viewerArgs.cumulativeAmount);
    expect((await token.balanceOf(viewer.address)) - before).to.equal(viewerArgs.cumulativeAmount);
  });
});
