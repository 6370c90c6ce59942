import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { AuthoritySet } from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.getOrCreate();

const VERIFIER_ROLE = ethers.id("VERIFIER_ROLE");
const ATTESTER_ROLE = ethers.id("ATTESTER_ROLE");
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Signs a raw digest (no EIP-191 prefix), as a verifier signing an EIP-712 digest does. */
function signDigest(
  wallet: { signingKey: { sign(d: string): { serialized: string } } },
  digest: string,
) {
  return wallet.signingKey.sign(digest).serialized;
}

/** Verifier wallets sorted by address, as requireQuorum expects their signatures. */
function sortedWallets(count: number) {
  const wallets = Array.from(
    { length: count },
    (_, i) => new ethers.Wallet(ethers.keccak256(ethers.toUtf8Bytes(`verifier-${i}`))),
  );
  return wallets.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
}

async function deployAuthority() {
  const [admin, other] = await ethers.getSigners();
  const authority = (await ethers.deployContract("AuthoritySet", [
    3600n,
    admin.address,
  ])) as unknown as AuthoritySet;
  const verifiers = sortedWallets(5);
  for (const v of verifiers) await authority.grantRole(VERIFIER_ROLE, v.address);
  const digest = ethers.keccak256(ethers.toUtf8Bytes("epoch 1 report"));
  return { authority, admin, other: other as HardhatEthersSigner, verifiers, digest };
}

describe("AuthoritySet", function () {
  it("defaults the threshold to more than half of the verifiers and follows the set", async function () {
    const { authority, verifiers } = await networkHelpers.loadFixture(deployAuthority);
    expect(await authority.verifierCount()).to.equal(5n);
    expect(await authority.quorumThreshold()).to.equal(3n);
    await expect(authority.revokeRole(VERIFIER_ROLE, verifiers[0].address))
      .to.emit(authority, "VerifierSetChanged")
      .withArgs(verifiers[0].address, false, 4n, 3n);
    await authority.revokeRole(VERIFIER_ROLE, verifiers[1].address);
    expect(await authority.quorumThreshold()).to.equal(2n);
  });

  it("accepts exactly at the threshold and refuses one below", async function () {
    const { authority, verifiers, digest } = await networkHelpers.loadFixture(deployAuthority);
    const three = verifiers.slice(0, 3).map((v) => signDigest(v, digest));
    expect(await authority.requireQuorum(digest, three)).to.equal(3n);
    await expect(authority.requireQuorum(digest, three.slice(0, 2)))
      .to.be.revertedWithCustomError(authority, "AuthoritySetQuorumNotReached")
      .withArgs(2n, 3n);
  });

  it("refuses duplicates and unsorted signers", async function () {
    const { authority, verifiers, digest } = await networkHelpers.loadFixture(deployAuthority);
    const [a, b] = verifiers;
    const sigA = signDigest(a, digest);
    const sigB = signDigest(b, digest);
    await expect(authority.requireQuorum(digest, [sigA, sigA, sigB]))
      .to.be.revertedWithCustomError(authority, "AuthoritySetSignersNotSorted")
      .withArgs(1n, a.address, a.address);
    await expect(authority.requireQuorum(digest, [sigB, sigA, signDigest(verifiers[2], digest)]))
      .to.be.revertedWithCustomError(authority, "AuthoritySetSignersNotSorted")
      .withArgs(1n, b.address, a.address);
  });

  it("refuses a non-member and a removed member", async function () {
    const { authority, verifiers, digest } = await networkHelpers.loadFixture(deployAuthority);
    const outsider = new ethers.Wallet(ethers.id("outsider"));
    const signers = [...verifiers.slice(0, 2), outsider].sort((x, y) =>
      BigInt(x.address) < BigInt(y.address) ? -1 : 1,
    );
    const index = signers.indexOf(outsider);
    await expect(
      authority.requireQuorum(
        digest,
        signers.map((s) => signDigest(s, digest)),
      ),
    )
      .to.be.revertedWithCustomError(authority, "AuthoritySetNotVerifier")
      .withArgs(BigInt(index), outsider.address);

    const three = verifiers.slice(0, 3);
    await authority.revokeRole(VERIFIER_ROLE, three[1].address);
    await expect(
      authority.requireQuorum(
        digest,
        three.map((s) => signDigest(s, digest)),
      ),
    )
      .to.be.revertedWithCustomError(authority, "AuthoritySetNotVerifier")
      .withArgs(1n, three[1].address);
  });

  it("refuses signatures over another digest (another chain id in the EIP-712 domain)", async function () {
    const { authority, verifiers } = await networkHelpers.loadFixture(deployAuthority);
    const types = { Report: [{ name: "epoch", type: "uint256" }] };
    const here = {
      name: "Auteur",
      version: "1",
      chainId: 31337,
      verifyingContract: await authority.getAddress(),
    };
    const elsewhere = { ...here, chainId: 1 };
    const digestHere = ethers.TypedDataEncoder.hash(here, types, { epoch: 1 });
    const sigs = await Promise.all(
      verifiers.slice(0, 3).map((v) => v.signTypedData(elsewhere, types, { epoch: 1 })),
    );
    // Signatures made for chain 1 recover to unrelated addresses for this chain's digest.
    await expect(authority.requireQuorum(digestHere, sigs)).to.be.revertedWithCustomError(
      authority,
      "AuthoritySetNotVerifier",
    );
    const good = await Promise.all(
      verifiers.slice(0, 3).map((v) => v.signTypedData(here, types, { epoch: 1 })),
    );
    expect(await authority.requireQuorum(digestHere, good)).to.equal(3n);
  });

  it("rejects malleable (high-s), malformed and zero signatures", async function () {
    const { authority, verifiers, digest } = await networkHelpers.loadFixture(deployAuthority);
    const sig = ethers.Signature.from(signDigest(verifiers[0], digest));
    const highS = ethers.concat([
      sig.r,
      ethers.toBeHex(SECP256K1_N - BigInt(sig.s), 32),
      ethers.toBeHex(sig.v === 27 ? 28 : 27, 1),
    ]);
    const rest = verifiers.slice(1, 3).map((v) => signDigest(v, digest));
    await expect(authority.requireQuorum(digest, [highS, ...rest]))
      .to.be.revertedWithCustomError(authority, "AuthoritySetInvalidSignature")
      .withArgs(0n);
    await expect(authority.requireQuorum(digest, [ethers.ZeroHash, ...rest]))
      .to.be.revertedWithCustomError(authority, "AuthoritySetInvalidSignature")
      .withArgs(0n);
    await expect(
      authority.requireQuorum(digest, [
        ethers.concat([ethers.ZeroHash, ethers.ZeroHash, "0x1b"]),
        ...rest,
      ]),
    )
      .to.be.revertedWithCustomError(authority, "AuthoritySetInvalidSignature")
      .withArgs(0n);
  });

  it("lets the admin configure the threshold within the set and protects it on removal", async function () {
    const { authority, admin, other, verifiers } =
      await networkHelpers.loadFixture(deployAuthority);
    await expect(authority.connect(other).setQuorumThreshold(2n)).to.be.revertedWithCustomError(
      authority,
      "AccessControlUnauthorizedAccount",
    );
    await expect(authority.setQuorumThreshold(6n))
      .to.be.revertedWithCustomError(authority, "AuthoritySetInvalidThreshold")
      .withArgs(6n, 5n);
    await expect(authority.connect(admin).setQuorumThreshold(5n))
      .to.emit(authority, "QuorumThresholdChanged")
      .withArgs(0n, 5n, 5n);
    await expect(authority.revokeRole(VERIFIER_ROLE, verifiers[0].address))
      .to.be.revertedWithCustomError(authority, "AuthoritySetThresholdUnreachable")
      .withArgs(5n, 4n);
    await authority.setQuorumThreshold(0n);
    expect(await authority.quorumThreshold()).to.equal(3n);
  });

  it("checks attesters and exposes role membership", async function () {
    const { authority, verifiers, digest } = await networkHelpers.loadFixture(deployAuthority);
    const attester = new ethers.Wallet(ethers.id("attester"));
    await expect(authority.requireAttester(digest, signDigest(attester, digest)))
      .to.be.revertedWithCustomError(authority, "AuthoritySetNotAttester")
      .withArgs(attester.address);
    await authority.grantRole(ATTESTER_ROLE, attester.address);
    expect(await authority.requireAttester(digest, signDigest(attester, digest))).to.equal(
      attester.address,
    );
    expect(await authority.isAttester(attester.address)).to.equal(true);
    expect(await authority.isVerifier(verifiers[0].address)).to.equal(true);
    expect(await authority.isSupervisor(attester.address)).to.equal(false);
    expect(await authority.configuredThreshold()).to.equal(0n);
  });

  it("transfers the default admin in two steps after the delay", async function () {
    const { authority, admin, other } = await networkHelpers.loadFixture(deployAuthority);
    await authority.beginDefaultAdminTransfer(other.address);
    await expect(
      authority.connect(other).acceptDefaultAdminTransfer(),
    ).to.be.revertedWithCustomError(authority, "AccessControlEnforcedDefaultAdminDelay");
    await networkHelpers.time.increase(3601);
    await authority.connect(other).acceptDefaultAdminTransfer();
    expect(await authority.defaultAdmin()).to.equal(other.address);
    expect(await authority.hasRole(ethers.ZeroHash, admin.address)).to.equal(false);
  });
});
