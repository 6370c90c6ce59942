/**
 * Gas of upload mining: UploadMiner claims on the imageone curve (PowerDecay, k = 5, cap
 * 525,000,000) and on LinearRemaining, with the real AuteurToken and CopyrightRegistry, plus the
 * cost of one curve evaluation inside a call.
 */
import { keccak256, toUtf8Bytes } from "ethers";
import { signBatch } from "../../../test/registry/helpers.js";
import type { GasContext } from "./context.js";

const WAD = 10n ** 18n;

export default async function measure(ctx: GasContext): Promise<Record<string, number>> {
  const { ethers, networkHelpers, signers, gasOf } = ctx;
  const [admin, attester, creator] = signers;
  const authority = await ethers.deployContract("AuthoritySet", [0n, admin.address]);
  await (await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address)).wait();
  const token = await ethers.deployContract("AuteurToken", [
    "ImageCoin",
    "IMG",
    21_000_000_000n * WAD,
    0n,
    admin.address,
    [admin.address],
    [20_475_000_000n * WAD],
  ]);
  const registry = await ethers.deployContract("CopyrightRegistry", [
    await authority.getAddress(),
    0n,
    admin.address,
    10,
    7 * 24 * 3600,
  ]);
  const deploy = async (curve: number) => {
    const miner = await ethers.deployContract("UploadMiner", [
      await token.getAddress(),
      await registry.getAddress(),
      curve,
      100n * WAD,
      5n * WAD,
      (525_000_000n * WAD) / 2n,
      0n,
      admin.address,
    ]);
    await (await token.grantRole(await token.MINTER_ROLE(), await miner.getAddress())).wait();
    return miner;
  };
  const power = await deploy(1);
  const linear = await deploy(0);
  const uploads = Array.from({ length: 4 }, (_, i) => ({
    contentSha256: keccak256(toUtf8Bytes(`gas photo ${i}`)),
    pHash: BigInt(keccak256(toUtf8Bytes(`photo phash ${i}`))) & ((1n << 64n) - 1n),
    width: 1600,
    height: 1200,
    raw: false,
    manifest: keccak256(toUtf8Bytes(`photo manifest ${i}`)),
    mediaType: 0,
    cellCount: 0,
    durationSeconds: 0,
  }));
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const sig = await signBatch({
    registry,
    chainId,
    attester,
    uploads,
    uploader: creator.address,
    deadline,
  });
  await (
    await registry.connect(creator).registerBatch(uploads, creator.address, deadline, sig)
  ).wait();
  const last = await registry.totalWorks();
  const out: Record<string, number> = {};
  out["UploadMiner.claim, PowerDecay, first reward (g = 0, creator holds no token)"] = await gasOf(
    power.claim(last - 3n),
  );
  out["UploadMiner.claim, PowerDecay, later reward (curve evaluated)"] = await gasOf(
    power.claim(last - 2n),
  );
  out["UploadMiner.claim, LinearRemaining, first reward"] = await gasOf(linear.claim(last - 1n));
  out["UploadMiner.claim, LinearRemaining, later reward"] = await gasOf(linear.claim(last));
  const harness = await ethers.deployContract("EmissionCurvesHarness");
  out["EmissionCurves.powerDecay, one evaluation (in-call gas)"] = Number(
    await harness.powerDecayGas(100n * WAD, 5n * WAD, 525_000_000n * WAD, 100_000_000n * WAD),
  );
  return out;
}
