/**
 * UploadMiner against the real CopyrightRegistry and AuteurToken: attested registrations claim
 * `rate(generated)` once for their creator, on the imageone curve.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type {
  AuteurToken,
  AuthoritySet,
  CopyrightRegistry,
  UploadMiner,
} from "../../types/ethers-contracts/index.js";
import { WAD, powerDecay } from "../../sdk/src/pov/curves.js";
import { ZERO_HASH, imageUpload, signRegistration } from "../registry/helpers.js";

const { ethers, networkHelpers } = await network.getOrCreate();
const CAP = 525_000_000n * WAD;

async function deployMining() {
  const [admin, attester, alice, bob] = await ethers.getSigners();
  const authority = (await ethers.deployContract("AuthoritySet", [
    0n,
    admin.address,
  ])) as unknown as AuthoritySet;
  await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address);
  const token = (await ethers.deployContract("AuteurToken", [
    "ImageCoin",
    "IMG",
    21_000_000_000n * WAD,
    0n,
    admin.address,
    [admin.address],
    [21_000_000_000n * WAD - CAP],
  ])) as unknown as AuteurToken;
  const registry = (await ethers.deployContract("CopyrightRegistry", [
    await authority.getAddress(),
    0n,
    admin.address,
    10,
    7n * 24n * 3600n,
  ])) as unknown as CopyrightRegistry;
  const miner = (await ethers.deployContract("UploadMiner", [
    await token.getAddress(),
    await registry.getAddress(),
    1, // PowerDecay
    100n * WAD,
    5n * WAD,
    CAP,
    0n,
    admin.address,
  ])) as unknown as UploadMiner;
  await token.grantRole(await token.MINTER_ROLE(), await miner.getAddress());
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const register = async (uploader: typeof alice, seed: string, pHash: bigint) => {
    const upload = imageUpload(seed, { pHash });
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const signature = await signRegistration({
      registry,
      chainId,
      attester,
      upload,
      uploader: uploader.address,
      deadline,
    });
    await registry
      .connect(uploader)
      .register(upload, uploader.address, ZERO_HASH, deadline, signature);
    return registry.totalWorks();
  };
  return { admin, alice, bob, token, registry, miner, register };
}

describe("UploadMiner with the real registry and token", () => {
  it("mints the curve's rate at `generated` to each creator, once per registered work", async () => {
    const { alice, bob, token, miner, register } = await networkHelpers.loadFixture(deployMining);
    const w1 = await register(alice, "first photo", 0x0123_4567_89ab_cdefn);
    const w2 = await register(bob, "second photo", 0xfedc_ba98_7654_3210n);
    await expect(miner.connect(bob).claim(w1))
      .to.emit(miner, "UploadRewarded")
      .withArgs(w1, alice.address, bob.address, 100n * WAD, 0n, 100n * WAD);
    expect(await token.balanceOf(alice.address)).to.equal(100n * WAD);
    const second = powerDecay(100n * WAD, 5n * WAD, CAP, 100n * WAD);
    await miner.claim(w2);
    expect(await token.balanceOf(bob.address)).to.equal(second);
    expect(await miner.generated()).to.equal(100n * WAD + second);
    await expect(miner.claim(w1))
      .to.be.revertedWithCustomError(miner, "UploadMinerAlreadyClaimed")
      .withArgs(w1, 100n * WAD);
    await expect(miner.claim(99n))
      .to.be.revertedWithCustomError(miner, "UploadMinerWorkNotActive")
      .withArgs(99n);
  });
});
