/**
 * The whole-protocol deploy (deploy/core.ts with scope "protocol", what `deploy/deploy.ts` and
 * `auteur deploy` run): every contract of a preset wired together, MINTER_ROLE for exactly the
 * preset's minters, and a requested admin that is not the deployer taking over every contract by
 * the two-step transfer.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployCore } from "../../deploy/core.js";
import { loadPreset } from "../../deploy/presets.js";

const connection = await network.getOrCreate();
const { ethers, networkHelpers } = connection;

const WAD = 10n ** 18n;
const TWO_STEP = [
  "AuthoritySet",
  "AuteurToken",
  "CopyrightRegistry",
  "LicenseMarket",
  "AdEscrow",
  "CommerceEscrow",
];

describe("deploy: the whole protocol of a preset", function () {
  async function imageoneWithOtherAdmin() {
    const signers = await ethers.getSigners();
    const admin = signers[7];
    const core = await deployCore(connection, loadPreset("imageone"), {
      scope: "protocol",
      admin: admin.address,
      adminDelay: 3_600,
      deploymentId: "protocol-imageone",
    });
    return { core, admin, deployer: signers[0] };
  }

  it("deploys every contract of imageone, with the upload miner as its only minter", async function () {
    const { core } = await networkHelpers.loadFixture(imageoneWithOtherAdmin);
    const a = core.addresses;
    for (const name of [...TWO_STEP, "UploadMiner", "Tips"]) {
      expect(a[name], name).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(await ethers.provider.getCode(a[name]), name).to.not.equal("0x");
      expect(core.records[name]?.address, name).to.equal(a[name]);
    }
    // imageone has an upload-mining reserve and no Proof-of-View emission
    expect(a).to.not.have.property("ProofOfView");
    const token = await ethers.getContractAt("AuteurToken", a.AuteurToken);
    const minter = await token.MINTER_ROLE();
    expect(await token.hasRole(minter, a.UploadMiner)).to.equal(true);
    expect(await token.hasRole(minter, core.deployer)).to.equal(false);
    const miner = await ethers.getContractAt("UploadMiner", a.UploadMiner);
    expect(await miner.cap()).to.equal(525_000_000n * WAD);
    // contracts are wired to each other, not to stray addresses
    const market = await ethers.getContractAt("LicenseMarket", a.LicenseMarket);
    expect(await market.registry()).to.equal(a.CopyrightRegistry);
    expect(await market.auteurToken()).to.equal(a.AuteurToken);
    const ads = await ethers.getContractAt("AdEscrow", a.AdEscrow);
    expect(await ads.isTokenAllowed(a.AuteurToken)).to.equal(true);
  });

  it("hands every two-step admin to the requested admin, who accepts after the delay", async function () {
    const { core, admin, deployer } = await networkHelpers.loadFixture(imageoneWithOtherAdmin);
    expect(core.adminTransfers.sort()).to.deep.equal([...TWO_STEP, "UploadMiner"].sort());
    for (const name of core.adminTransfers) {
      const c = await ethers.getContractAt("AuthoritySet", core.addresses[name]);
      expect(await c.defaultAdmin(), name).to.equal(deployer.address);
      const [pending] = await c.pendingDefaultAdmin();
      expect(pending, name).to.equal(admin.address);
    }
    const token = await ethers.getContractAt("AuteurToken", core.addresses.AuteurToken);
    await expect(token.connect(admin).acceptDefaultAdminTransfer())
      .to.be.revertedWithCustomError(token, "AccessControlEnforcedDefaultAdminDelay")
      .withArgs((v: bigint) => v > 0n);
    await networkHelpers.time.increase(3_601);
    for (const name of core.adminTransfers) {
      const c = await ethers.getContractAt("AuthoritySet", core.addresses[name]);
      await c.connect(admin).acceptDefaultAdminTransfer();
      expect(await c.defaultAdmin(), name).to.equal(admin.address);
    }
    // the genesis tranches went to the requested admin (the default beneficiary), not the deployer
    for (const row of core.allocation) expect(row.beneficiary).to.equal(admin.address);
  });

  it("deploys livevideo's fixed supply with no minter at all", async function () {
    const core = await deployCore(connection, loadPreset("livevideo"), {
      scope: "protocol",
      deploymentId: "protocol-livevideo",
    });
    expect(core.addresses).to.not.have.property("UploadMiner");
    expect(core.addresses).to.not.have.property("ProofOfView");
    expect(core.adminTransfers).to.deep.equal([]);
    const token = await ethers.getContractAt("AuteurToken", core.addresses.AuteurToken);
    expect(await token.isFixedSupply()).to.equal(true);
    expect(await ethers.provider.getCode(core.addresses.Tips)).to.not.equal("0x");
  });
});
