/**
 * Every preset deploys through the AuteurCore Ignition module; balances and vesting over time
 * (time travel) match the preset to the wei.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployCore } from "../../deploy/core.js";
import { vestingWalletId } from "../../deploy/ignition/AuteurCore.js";
import {
  listPresets,
  loadPreset,
  vestedAfter,
  walletSchedule,
  type ResolvedPreset,
  type ResolvedTranche,
} from "../../deploy/presets.js";

const connection = await network.getOrCreate();
const { ethers, networkHelpers } = connection;
const MINTER_ROLE = ethers.id("MINTER_ROLE");

/** Times (seconds after the vesting start) where a schedule changes, with one second before each. */
function milestones(t: ResolvedTranche): bigint[] {
  const s = walletSchedule(t.vesting!);
  const points = new Set<bigint>([s.cliffSeconds, s.durationSeconds]);
  if (s.stepSeconds !== undefined) {
    for (let at = s.cliffSeconds + s.stepSeconds; at < s.durationSeconds; at += s.stepSeconds) {
      points.add(at);
    }
  }
  if (s.contract === "AuteurVestingWallet" && s.cliffSeconds < s.durationSeconds) {
    points.add((s.cliffSeconds + s.durationSeconds) / 2n);
  }
  return [...points]
    .flatMap((p) => (p > 0n ? [p - 1n, p] : [p]))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

for (const name of listPresets()) {
  const preset: ResolvedPreset = loadPreset(name);

  describe(`preset ${name} deployed through Ignition`, function () {
    async function deployPreset() {
      const signers = await ethers.getSigners();
      const [admin] = signers;
      const beneficiaries: Record<string, string> = {};
      preset.tranches.forEach((t, i) => {
        beneficiaries[t.id] = signers[i + 1].address;
      });
      const latest = await ethers.provider.getBlock("latest");
      const vestingStart = BigInt(latest!.timestamp) + 3_600n;
      const core = await deployCore(connection, preset, { beneficiaries, vestingStart });
      const token = await ethers.getContractAt("AuteurToken", core.addresses.AuteurToken);
      return { core, token, admin, signers, beneficiaries, vestingStart };
    }

    it("mints the genesis allocation to the wei and nothing more", async function () {
      const { core, token, beneficiaries } = await networkHelpers.loadFixture(deployPreset);
      expect(await token.name()).to.equal(preset.tokenName);
      expect(await token.symbol()).to.equal(preset.symbol);
      expect(await token.cap()).to.equal(preset.cap);
      expect(await token.totalSupply()).to.equal(preset.genesisSupply);
      expect(await token.genesisSupply()).to.equal(preset.genesisSupply);
      expect(await token.isFixedSupply()).to.equal(preset.fixedSupply);
      for (const t of preset.tranches) {
        const holder =
          t.vesting === undefined ? beneficiaries[t.id] : core.addresses[vestingWalletId(t.id)];
        expect(await token.balanceOf(holder), t.id).to.equal(t.genesis);
        if (t.vesting !== undefined) {
          expect(await token.balanceOf(beneficiaries[t.id]), `${t.id} beneficiary`).to.equal(0n);
        }
      }
      const sum = preset.tranches.reduce((s, t) => s + t.genesis, 0n);
      expect(sum).to.equal(preset.genesisSupply);
    });

    it("records every contract with its creation block and transaction", async function () {
      const { core } = await networkHelpers.loadFixture(deployPreset);
      const vesting = preset.tranches
        .filter((t) => t.vesting !== undefined)
        .map((t) => vestingWalletId(t.id));
      expect(Object.keys(core.records).sort()).to.deep.equal(
        ["AuteurToken", "AuthoritySet", ...vesting].sort(),
      );
      for (const [contractName, r] of Object.entries(core.records)) {
        const receipt = await ethers.provider.getTransactionReceipt(r.txHash);
        expect(receipt?.contractAddress, contractName).to.equal(r.address);
        expect(receipt?.blockNumber, contractName).to.equal(r.blockNumber);
      }
    });

    if (preset.fixedSupply) {
      it("is fixed-supply: MINTER_ROLE can never be granted", async function () {
        const { token, admin } = await networkHelpers.loadFixture(deployPreset);
        await expect(token.grantRole(MINTER_ROLE, admin.address))
          .to.be.revertedWithCustomError(token, "AuteurTokenFixedSupply")
          .withArgs(MINTER_ROLE, admin.address);
      });
    } else {
      it("leaves exactly the room the later minters need", async function () {
        const { token, admin, signers } = await networkHelpers.loadFixture(deployPreset);
        const minter = signers[signers.length - 1];
        await token.connect(admin).grantRole(MINTER_ROLE, minter.address);
        await expect(token.connect(minter).mint(minter.address, preset.mintLater + 1n))
          .to.be.revertedWithCustomError(token, "ERC20ExceededCap")
          .withArgs(preset.cap + 1n, preset.cap);
        await expect(token.connect(minter).mint(minter.address, preset.mintLater))
          .to.emit(token, "Minted")
          .withArgs(minter.address, minter.address, preset.mintLater, preset.cap);
      });
    }

    for (const tranche of preset.tranches.filter((t) => t.vesting !== undefined)) {
      it(`vests ${tranche.id} over time exactly as the preset says`, async function () {
        const { core, token, beneficiaries, vestingStart } =
          await networkHelpers.loadFixture(deployPreset);
        const wallet = await ethers.getContractAt(
          "AuteurVestingWallet",
          core.addresses[vestingWalletId(tranche.id)],
        );
        const beneficiary = beneficiaries[tranche.id];
        expect(await wallet.owner()).to.equal(beneficiary);
        expect(await wallet.start()).to.equal(vestingStart);
        expect(await wallet.end()).to.equal(
          vestingStart + walletSchedule(tranche.vesting!).durationSeconds,
        );
        const tokenAddress = await token.getAddress();
        for (const at of milestones(tranche)) {
          // The release happens exactly `at` seconds after the start.
          await networkHelpers.time.setNextBlockTimestamp(vestingStart + at);
          await wallet["release(address)"](tokenAddress);
          const expected = vestedAfter(tranche.genesis, tranche.vesting, at);
          expect(await token.balanceOf(beneficiary), `${tranche.id} at +${at}s`).to.equal(expected);
          expect(await token.balanceOf(await wallet.getAddress())).to.equal(
            tranche.genesis - expected,
          );
        }
        expect(await token.balanceOf(beneficiary)).to.equal(tranche.genesis);
      });
    }
  });
}
