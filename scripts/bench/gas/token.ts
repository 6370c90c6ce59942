/**
 * Gas of the token area: ERC-20 / KIP-7 transfers, permit, delegated transfer, mint by a minter,
 * burn, vesting releases, and quorum checks with 3, 5 and 7 verifier signatures. Deploys the
 * imageone preset (it has both a lock and a step vesting wallet) through the AuteurCore module.
 */
import { deployCore } from "../../../deploy/core.js";
import { vestingWalletId } from "../../../deploy/ignition/AuteurCore.js";
import { loadPreset, MONTH_SECONDS } from "../../../deploy/presets.js";
import type { GasContext } from "./context.js";

export default async function measure(ctx: GasContext): Promise<Record<string, number>> {
  const { ethers, networkHelpers, signers, gasOf } = ctx;
  const [admin, , holder, spender, newcomer, minter] = signers;
  const preset = loadPreset("imageone");
  const beneficiaries: Record<string, string> = {};
  for (const t of preset.tranches) beneficiaries[t.id] = holder.address;
  beneficiaries.team = signers[6].address;
  beneficiaries.cornerstone = signers[7].address;
  const core = await deployCore(ctx.connection, preset, { beneficiaries, records: false });
  const token = await ethers.getContractAt("AuteurToken", core.addresses.AuteurToken);
  const tokenAddress = core.addresses.AuteurToken;
  const out: Record<string, number> = {};
  const unit = 10n ** 18n;

  out["transfer (to a new holder)"] = await gasOf(
    token.connect(holder).transfer(newcomer.address, 100n * unit),
  );
  out["transfer (to an existing holder)"] = await gasOf(
    token.connect(holder).transfer(newcomer.address, 100n * unit),
  );

  // permit, then the delegated transfer it allows
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const signature = await holder.signTypedData(
    { name: preset.tokenName, version: "1", chainId, verifyingContract: tokenAddress },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: holder.address, spender: spender.address, value: 50n * unit, nonce: 0n, deadline },
  );
  const { v, r, s } = ethers.Signature.from(signature);
  out["permit"] = await gasOf(
    token.connect(spender).permit(holder.address, spender.address, 50n * unit, deadline, v, r, s),
  );
  out["transferFrom (delegated transfer, after permit)"] = await gasOf(
    token.connect(spender).transferFrom(holder.address, newcomer.address, 10n * unit),
  );

  // KIP-7
  const receiver = await ethers.deployContract("KIP7ReceiverHarness", [0]);
  out["safeTransfer (KIP-7, to a receiver contract)"] = await gasOf(
    token.connect(holder)["safeTransfer(address,uint256)"](await receiver.getAddress(), unit),
  );
  out["safeTransfer (KIP-7, to an account)"] = await gasOf(
    token.connect(holder)["safeTransfer(address,uint256)"](newcomer.address, unit),
  );

  // supply (holders not delegated yet, so no vote checkpoints)
  await token.connect(admin).grantRole(await token.MINTER_ROLE(), minter.address);
  out["mint by minter"] = await gasOf(token.connect(minter).mint(newcomer.address, 1_000n * unit));
  out["burn (first burn of the token)"] = await gasOf(token.connect(newcomer).burn(unit));
  out["burn (later burn)"] = await gasOf(token.connect(newcomer).burn(unit));

  // votes
  out["delegate (first, self)"] = await gasOf(token.connect(holder).delegate(holder.address));
  await token.connect(newcomer).delegate(newcomer.address);
  out["transfer (both sides delegated)"] = await gasOf(
    token.connect(holder).transfer(newcomer.address, unit),
  );
  out["mint by minter (to a delegated holder)"] = await gasOf(
    token.connect(minter).mint(newcomer.address, unit),
  );

  // vesting releases
  const start = core.vestingStart;
  const step = await ethers.getContractAt(
    "AuteurStepVestingWallet",
    core.addresses[vestingWalletId("cornerstone")],
  );
  const lock = await ethers.getContractAt(
    "AuteurVestingWallet",
    core.addresses[vestingWalletId("team")],
  );
  await networkHelpers.time.increaseTo(start + 6n * MONTH_SECONDS);
  out["vesting release (step wallet, first step)"] = await gasOf(
    step["release(address)"](tokenAddress),
  );
  await networkHelpers.time.increaseTo(start + 7n * MONTH_SECONDS);
  out["vesting release (step wallet, later step)"] = await gasOf(
    step["release(address)"](tokenAddress),
  );
  await networkHelpers.time.increaseTo(start + 24n * MONTH_SECONDS);
  out["vesting release (lock wallet, all at once)"] = await gasOf(
    lock["release(address)"](tokenAddress),
  );

  // quorum checks: 7 verifiers, threshold set to the number of signatures
  const authority = await ethers.getContractAt("AuthoritySet", core.addresses.AuthoritySet);
  const harness = await ethers.deployContract("QuorumHarness", [core.addresses.AuthoritySet]);
  const verifiers = Array.from(
    { length: 7 },
    (_, i) => new ethers.Wallet(ethers.keccak256(ethers.toUtf8Bytes(`gas-verifier-${i}`))),
  ).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const VERIFIER_ROLE = ethers.id("VERIFIER_ROLE");
  for (const w of verifiers) await authority.connect(admin).grantRole(VERIFIER_ROLE, w.address);
  const digest = ethers.keccak256(ethers.toUtf8Bytes("gas snapshot digest"));
  for (const n of [3, 5, 7]) {
    await authority.connect(admin).setQuorumThreshold(n);
    const sigs = verifiers.slice(0, n).map((w) => w.signingKey.sign(digest).serialized);
    out[`requireQuorum, ${n} signers (tx through QuorumHarness)`] = await gasOf(
      harness.check(digest, sigs),
    );
  }
  return out;
}
