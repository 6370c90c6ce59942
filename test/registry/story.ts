/**
 * The registry and market story, end to end through TypeChain types: register a photo, add a
 * higher-resolution version, transfer by a RAW upload, suspend and reinstate, buy each licence kind
 * (royalty-free in AuteurToken with the fuel fee burned, rights-managed in another token, view
 * access to a film in the native coin and to a season of a series), donate, withdraw.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { deployRegistryArea, FUEL_BPS, OTHER_FEE_BPS, TOKEN_UNIT, WINDOW } from "./fixture.js";
import {
  flipBits,
  imageUpload,
  MediaType,
  sha256Hex,
  signBatch,
  signRegistration,
  uploadTuple,
  ZERO_HASH,
  type Upload,
} from "./helpers.js";

const { ethers, networkHelpers } = await network.getOrCreate();
const LicenceKind = { RoyaltyFree: 0, RightsManaged: 1, View: 2 } as const;

async function storyFixture() {
  const area = await deployRegistryArea(ethers);
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const register = async (upload: Upload, uploader: string, matchedSha256 = ZERO_HASH) => {
    const signature = await signRegistration({
      registry: area.registry,
      chainId: area.chainId,
      attester: area.attester,
      upload,
      uploader,
      matchedSha256,
      deadline,
    });
    return area.registry.register(upload, uploader, matchedSha256, deadline, signature);
  };
  return { ...area, deadline, register };
}

describe("CopyrightRegistry and LicenseMarket story", function () {
  it("registers a photo with its certificate and refuses the same file twice", async function () {
    const { registry, register, alice, bob, attester } =
      await networkHelpers.loadFixture(storyFixture);
    const photo = imageUpload("photo");
    const tx = register(photo, alice.address);
    const at = BigInt((await networkHelpers.time.latest()) + 1);
    await expect(tx)
      .to.emit(registry, "WorkRegistered")
      .withArgs(1n, alice.address, photo.contentSha256, uploadTuple(photo), at, attester.address);
    await expect(tx).to.emit(registry, "Transfer").withArgs(ethers.ZeroAddress, alice.address, 1n);
    expect(await registry.ownerOf(1n)).to.equal(alice.address);
    expect(await registry.isActive(1n)).to.equal(true);
    expect(await registry.registeredAt(1n)).to.equal(at);

    const cid = CID.createV1(0x71, Digest.create(0x12, ethers.getBytes(photo.manifest)));
    expect(await registry.tokenURI(1n)).to.equal(`ipfs://${cid.toString()}`);

    await expect(register({ ...photo, manifest: sha256Hex("another manifest") }, bob.address))
      .to.be.revertedWithCustomError(registry, "CopyrightRegistryDuplicateHash")
      .withArgs(photo.contentSha256, 1n);
  });

  it("adds a higher-resolution version, then transfers ownership by a RAW upload after the window", async function () {
    const { registry, register, alice, bob, attester } =
      await networkHelpers.loadFixture(storyFixture);
    const photo = imageUpload("photo");
    await register(photo, alice.address);

    const hd = imageUpload("photo-hd", {
      pHash: flipBits(photo.pHash, 5),
      width: 3200,
      height: 2400,
    });
    await expect(register(hd, alice.address, photo.contentSha256))
      .to.emit(registry, "VersionAdded")
      .withArgs(
        1n,
        1n,
        hd.contentSha256,
        alice.address,
        photo.contentSha256,
        uploadTuple(hd),
        5n,
        3200n * 2400n,
        attester.address,
      );

    const small = imageUpload("photo-small", { width: 800, height: 600 });
    await expect(register(small, bob.address, photo.contentSha256))
      .to.be.revertedWithCustomError(registry, "CopyrightRegistryResolutionNotHigher")
      .withArgs(1n, 800n * 600n, 3200n * 2400n, false);

    const raw = imageUpload("photo-raw", {
      pHash: flipBits(photo.pHash, 2),
      width: 3200,
      height: 2400,
      raw: true,
    });
    const claimTx = register(raw, bob.address, hd.contentSha256);
    const readyAt = BigInt((await networkHelpers.time.latest()) + 1) + WINDOW;
    await expect(claimTx)
      .to.emit(registry, "OwnershipClaimed")
      .withArgs(1n, bob.address, alice.address, 2n, readyAt);
    await expect(registry.finaliseClaim(1n)).to.be.revertedWithCustomError(
      registry,
      "CopyrightRegistryDisputeWindowOpen",
    );
    await networkHelpers.time.increaseTo(readyAt);
    await expect(registry.finaliseClaim(1n))
      .to.emit(registry, "OwnershipClaimFinalised")
      .withArgs(1n, alice.address, bob.address);
    expect(await registry.ownerOf(1n)).to.equal(bob.address);
    expect(await registry.creatorOf(1n)).to.equal(alice.address);
    const work = await registry.workOf(1n);
    expect(work.versionCount).to.equal(2n);
    expect(work.highestPixels).to.equal(3200n * 2400n);
  });

  it("lets a supervisor reject a RAW claim in the window, and suspend then reinstate a work", async function () {
    const { registry, market, auteur, register, alice, bob, supervisor } =
      await networkHelpers.loadFixture(storyFixture);
    const photo = imageUpload("photo");
    await register(photo, alice.address);
    await register(imageUpload("raw", { raw: true }), bob.address, photo.contentSha256);
    await expect(registry.connect(supervisor).rejectClaim(1n, 12))
      .to.emit(registry, "OwnershipClaimRejected")
      .withArgs(1n, bob.address, supervisor.address, 12n);

    const auteurAddr = await auteur.getAddress();
    await market.connect(alice).setOffer(1n, LicenceKind.RoyaltyFree, 1, auteurAddr, TOKEN_UNIT, 0);
    await expect(registry.connect(supervisor).suspend(1n, 4))
      .to.emit(registry, "WorkSuspended")
      .withArgs(1n, supervisor.address, 4n);
    await auteur.connect(bob).approve(await market.getAddress(), TOKEN_UNIT);
    await expect(market.connect(bob).buy(1n, LicenceKind.RoyaltyFree, 1, auteurAddr, TOKEN_UNIT))
      .to.be.revertedWithCustomError(market, "LicenseMarketWorkInactive")
      .withArgs(1n);
    await expect(registry.connect(alice).transferFrom(alice.address, bob.address, 1n))
      .to.be.revertedWithCustomError(registry, "CopyrightRegistryWorkSuspended")
      .withArgs(1n);
    await registry.connect(supervisor).reinstate(1n, 5);
    await market.connect(bob).buy(1n, LicenceKind.RoyaltyFree, 1, auteurAddr, TOKEN_UNIT);
    expect(await market.hasLicence(1n, bob.address, LicenceKind.RoyaltyFree)).to.equal(true);
  });

  it("sells each licence kind, burns the AuteurToken fuel fee, routes the donation, and pays out by withdrawal", async function () {
    const a = await networkHelpers.loadFixture(storyFixture);
    const { registry, market, auteur, other, register, alice, bob, carol, ngo, treasury } = a;
    await register(imageUpload("photo"), alice.address);
    await registry.connect(alice).setDonation(ngo.address, 1000);
    const marketAddr = await market.getAddress();
    const auteurAddr = await auteur.getAddress();
    const otherAddr = await other.getAddress();
    const price = 100n * TOKEN_UNIT;

    // Royalty-free in AuteurToken: 1 % burned, 10 % of the rest to the NGO.
    await market.connect(alice).setOffer(1n, LicenceKind.RoyaltyFree, 2, auteurAddr, price, 0);
    await auteur.connect(bob).approve(marketAddr, price);
    const burnedBefore = await auteur.totalBurned();
    const fuel = (price * BigInt(FUEL_BPS)) / 10_000n;
    const donation = ((price - fuel) * 1000n) / 10_000n;
    await expect(market.connect(bob).buy(1n, LicenceKind.RoyaltyFree, 2, auteurAddr, price))
      .to.emit(market, "LicencePurchased")
      .withArgs(1n, bob.address, alice.address, LicenceKind.RoyaltyFree, 2n, 2n ** 64n - 1n, [
        auteurAddr,
        price,
        price - fuel - donation,
        ngo.address,
        donation,
        0n,
        fuel,
        true,
      ]);
    expect((await auteur.totalBurned()) - burnedBefore).to.equal(fuel);
    expect(await market.hasLicence(1n, bob.address, LicenceKind.RoyaltyFree)).to.equal(true);

    // Rights-managed in another token: 3 % payment fee and 1 % fuel to the treasury; expires.
    await market
      .connect(alice)
      .setOffer(1n, LicenceKind.RightsManaged, 7, otherAddr, price, 86_400n);
    await other.connect(carol).approve(marketAddr, price);
    await market.connect(carol).buy(1n, LicenceKind.RightsManaged, 7, otherAddr, price);
    expect(await market.hasLicence(1n, carol.address, LicenceKind.RightsManaged)).to.equal(true);
    const fees = (price * BigInt(OTHER_FEE_BPS + FUEL_BPS)) / 10_000n;
    expect(await market.creditOf(treasury.address, otherAddr)).to.equal(fees);
    await networkHelpers.time.increase(86_401);
    expect(await market.hasLicence(1n, carol.address, LicenceKind.RightsManaged)).to.equal(false);

    // View access to a film in the native coin.
    await market
      .connect(alice)
      .setOffer(1n, LicenceKind.View, 0, ethers.ZeroAddress, 10n ** 16n, 0);
    await market
      .connect(carol)
      .buy(1n, LicenceKind.View, 0, ethers.ZeroAddress, 10n ** 16n, { value: 10n ** 16n });
    expect(await market.hasLicence(1n, carol.address, LicenceKind.View)).to.equal(true);

    // A season of a series: the series work groups two episode works.
    const video = (seed: string, cells: number) =>
      imageUpload(seed, {
        mediaType: MediaType.Video,
        width: 1920,
        height: 1080,
        cellCount: cells,
        durationSeconds: cells * 60,
      });
    const uploads = [video("series", 1), video("ep1", 44), video("ep2", 45)];
    const signature = await signBatch({
      registry,
      chainId: a.chainId,
      attester: a.attester,
      uploads,
      uploader: alice.address,
      deadline: a.deadline + 10n ** 6n,
    });
    await registry.registerBatch(uploads, alice.address, a.deadline + 10n ** 6n, signature);
    await market.connect(alice).groupEpisodes(2n, 1, [3n, 4n]);
    await market.connect(alice).setOffer(2n, LicenceKind.View, 1, auteurAddr, 5n * TOKEN_UNIT, 0);
    await auteur.connect(carol).approve(marketAddr, 5n * TOKEN_UNIT);
    await market.connect(carol).buy(2n, LicenceKind.View, 1, auteurAddr, 5n * TOKEN_UNIT);
    expect(await market.hasLicence(4n, carol.address, LicenceKind.View)).to.equal(true);
    expect(await market.hasLicence(4n, bob.address, LicenceKind.View)).to.equal(false);

    // Pull payments: seller, NGO and treasury withdraw what was credited; the market keeps nothing.
    for (const [who, token] of [
      [alice, auteurAddr],
      [ngo, auteurAddr],
      [alice, otherAddr],
      [ngo, otherAddr],
      [treasury, otherAddr],
    ] as const) {
      const credit = await market.creditOf(who.address, token);
      await expect(market.connect(who).withdraw(token))
        .to.emit(market, "Withdrawn")
        .withArgs(who.address, token, credit);
      await expect(market.connect(who).withdraw(token)).to.be.revertedWithCustomError(
        market,
        "LicenseMarketNothingToWithdraw",
      );
      expect(credit > 0n).to.equal(true);
    }
    expect(await auteur.balanceOf(marketAddr)).to.equal(0n);
    expect(await other.balanceOf(marketAddr)).to.equal(0n);
    const nativeCredit = await market.creditOf(alice.address, ethers.ZeroAddress);
    await expect(market.connect(alice).withdraw(ethers.ZeroAddress)).to.changeEtherBalance(
      ethers,
      alice,
      nativeCredit,
    );
  });
});
