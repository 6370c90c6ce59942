/**
 * AuteurToken from TypeScript: EIP-2612 permit, ERC-5805 vote delegation (direct and by
 * signature), KIP-7 safe transfers against receiver contracts, and the interface ids computed from
 * the selectors.
 */
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.getOrCreate();

const CAP = ethers.parseEther("1000000");
const KIP7_RECEIVED = ethers.id("onKIP7Received(address,address,uint256,bytes)").slice(0, 10);

/** XOR of the 4-byte selectors of `signatures`: an ERC-165 / KIP-13 interface id. */
function interfaceId(signatures: string[]): string {
  const id = signatures.reduce((acc, sig) => acc ^ BigInt(ethers.id(sig).slice(0, 10)), 0n);
  return `0x${id.toString(16).padStart(8, "0")}`;
}

async function deployToken() {
  const [admin, alice, bob, spender] = await ethers.getSigners();
  const token = await ethers.deployContract("AuteurToken", [
    "Auteur Test",
    "AUT",
    CAP,
    86_400,
    admin.address,
    [alice.address, bob.address],
    [ethers.parseEther("1000"), ethers.parseEther("500")],
  ]);
  const accept = await ethers.deployContract("KIP7ReceiverHarness", [0]);
  const wrongAnswer = await ethers.deployContract("KIP7ReceiverHarness", [1]);
  const refuse = await ethers.deployContract("KIP7ReceiverHarness", [2]);
  const { chainId } = await ethers.provider.getNetwork();
  return { token, admin, alice, bob, spender, accept, wrongAnswer, refuse, chainId };
}

describe("AuteurToken (TypeScript)", function () {
  describe("permit (EIP-2612)", function () {
    it("sets an allowance from a signature, then transferFrom spends it", async function () {
      const { token, alice, spender, bob, chainId } = await networkHelpers.loadFixture(deployToken);
      const value = ethers.parseEther("25");
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const nonce = await token.nonces(alice.address);
      const signature = await alice.signTypedData(
        { name: "Auteur Test", version: "1", chainId, verifyingContract: await token.getAddress() },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: alice.address, spender: spender.address, value, nonce, deadline },
      );
      const { v, r, s } = ethers.Signature.from(signature);
      await expect(
        token.connect(bob).permit(alice.address, spender.address, value, deadline, v, r, s),
      )
        .to.emit(token, "Approval")
        .withArgs(alice.address, spender.address, value);
      expect(await token.nonces(alice.address)).to.equal(nonce + 1n);
      await expect(
        token.connect(bob).permit(alice.address, spender.address, value, deadline, v, r, s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      await expect(
        token.connect(spender).transferFrom(alice.address, bob.address, value),
      ).to.changeTokenBalances(ethers, token, [alice, bob], [-value, value]);
    });

    it("refuses an expired permit", async function () {
      const { token, alice, spender, chainId } = await networkHelpers.loadFixture(deployToken);
      const deadline = BigInt(await networkHelpers.time.latest()) - 1n;
      const signature = await alice.signTypedData(
        { name: "Auteur Test", version: "1", chainId, verifyingContract: await token.getAddress() },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: alice.address, spender: spender.address, value: 1n, nonce: 0n, deadline },
      );
      const { v, r, s } = ethers.Signature.from(signature);
      await expect(token.permit(alice.address, spender.address, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });
  });

  describe("votes (ERC-5805)", function () {
    it("counts votes only after delegation and follows transfers", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(deployToken);
      expect(await token.getVotes(alice.address)).to.equal(0n);
      await expect(token.connect(alice).delegate(alice.address))
        .to.emit(token, "DelegateChanged")
        .withArgs(alice.address, ethers.ZeroAddress, alice.address);
      expect(await token.getVotes(alice.address)).to.equal(ethers.parseEther("1000"));
      await token.connect(bob).delegate(bob.address);
      const block = await ethers.provider.getBlockNumber();
      await token.connect(alice).transfer(bob.address, ethers.parseEther("400"));
      expect(await token.getVotes(alice.address)).to.equal(ethers.parseEther("600"));
      expect(await token.getVotes(bob.address)).to.equal(ethers.parseEther("900"));
      await networkHelpers.mine();
      expect(await token.getPastVotes(alice.address, block)).to.equal(ethers.parseEther("1000"));
      expect(await token.getPastTotalSupply(block)).to.equal(ethers.parseEther("1500"));
      expect(await token.clock()).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      expect(await token.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
    });

    it("delegates by signature", async function () {
      const { token, alice, bob, chainId } = await networkHelpers.loadFixture(deployToken);
      const expiry = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const signature = await alice.signTypedData(
        { name: "Auteur Test", version: "1", chainId, verifyingContract: await token.getAddress() },
        {
          Delegation: [
            { name: "delegatee", type: "address" },
            { name: "nonce", type: "uint256" },
            { name: "expiry", type: "uint256" },
          ],
        },
        { delegatee: bob.address, nonce: 0n, expiry },
      );
      const { v, r, s } = ethers.Signature.from(signature);
      await token.connect(bob).delegateBySig(bob.address, 0n, expiry, v, r, s);
      expect(await token.delegates(alice.address)).to.equal(bob.address);
      expect(await token.getVotes(bob.address)).to.equal(ethers.parseEther("1000"));
    });
  });

  describe("KIP-7", function () {
    it("advertises ERC-165 / KIP-13 and the KIP-7 ids computed from the selectors", async function () {
      const { token } = await networkHelpers.loadFixture(deployToken);
      const kip13 = interfaceId(["supportsInterface(bytes4)"]);
      const kip7 = interfaceId([
        "totalSupply()",
        "balanceOf(address)",
        "transfer(address,uint256)",
        "allowance(address,address)",
        "approve(address,uint256)",
        "transferFrom(address,address,uint256)",
        "safeTransfer(address,uint256)",
        "safeTransfer(address,uint256,bytes)",
        "safeTransferFrom(address,address,uint256)",
        "safeTransferFrom(address,address,uint256,bytes)",
      ]);
      const metadata = interfaceId(["name()", "symbol()", "decimals()"]);
      const burnable = interfaceId(["burn(uint256)", "burnFrom(address,uint256)"]);
      expect([kip13, kip7, metadata, burnable]).to.deep.equal([
        "0x01ffc9a7",
        "0x65787371",
        "0xa219a025",
        "0x3b5a0bf8",
      ]);
      expect(KIP7_RECEIVED).to.equal("0x9d188c22");
      for (const id of [kip13, kip7, metadata, burnable]) {
        expect(await token.supportsInterface(id), id).to.equal(true);
      }
      expect(await token.supportsInterface("0xffffffff")).to.equal(false);
      expect(await token.supportsInterface(interfaceId(["mint(address,uint256)"]))).to.equal(false);
    });

    it("calls onKIP7Received with operator, sender, amount and data", async function () {
      const { token, alice, bob, accept } = await networkHelpers.loadFixture(deployToken);
      const to = await accept.getAddress();
      const amount = ethers.parseEther("3");
      await expect(
        token.connect(alice)["safeTransfer(address,uint256,bytes)"](to, amount, "0xc0ffee"),
      )
        .to.emit(accept, "Received")
        .withArgs(alice.address, alice.address, amount, "0xc0ffee", amount);
      await token.connect(alice).approve(bob.address, amount);
      await expect(
        token.connect(bob)["safeTransferFrom(address,address,uint256)"](alice.address, to, amount),
      )
        .to.emit(accept, "Received")
        .withArgs(bob.address, alice.address, amount, "0x", 2n * amount);
      expect(await accept.calls()).to.equal(2n);
    });

    it("sends to accounts without code like a plain transfer", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(deployToken);
      await expect(
        token.connect(alice)["safeTransfer(address,uint256)"](bob.address, 7n),
      ).to.changeTokenBalances(ethers, token, [alice, bob], [-7n, 7n]);
    });

    it("refuses non-receivers, wrong answers, and bubbles a receiver's error", async function () {
      const { token, alice, wrongAnswer, refuse } = await networkHelpers.loadFixture(deployToken);
      const nonReceiver = await token.getAddress(); // a contract without onKIP7Received
      await expect(token.connect(alice)["safeTransfer(address,uint256)"](nonReceiver, 1n))
        .to.be.revertedWithCustomError(token, "AuteurTokenInvalidKIP7Receiver")
        .withArgs(nonReceiver);
      const wrong = await wrongAnswer.getAddress();
      await expect(token.connect(alice)["safeTransfer(address,uint256,bytes)"](wrong, 1n, "0x"))
        .to.be.revertedWithCustomError(token, "AuteurTokenInvalidKIP7Receiver")
        .withArgs(wrong);
      await expect(
        token.connect(alice)["safeTransfer(address,uint256)"](await refuse.getAddress(), 5n),
      )
        .to.be.revertedWithCustomError(refuse, "KIP7ReceiverHarnessRefused")
        .withArgs(alice.address, alice.address, 5n);
      expect(await token.balanceOf(wrong)).to.equal(0n);
    });
  });

  describe("burn and mint", function () {
    it("counts burns and mints only through MINTER_ROLE", async function () {
      const { token, admin, alice } = await networkHelpers.loadFixture(deployToken);
      const MINTER_ROLE = await token.MINTER_ROLE();
      expect(MINTER_ROLE).to.equal(ethers.id("MINTER_ROLE"));
      await expect(token.connect(alice).burn(10n))
        .to.emit(token, "Burned")
        .withArgs(alice.address, 10n, 10n);
      await expect(token.connect(alice).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, MINTER_ROLE);
      await token.connect(admin).grantRole(MINTER_ROLE, admin.address);
      await expect(token.mint(alice.address, 4n))
        .to.emit(token, "Minted")
        .withArgs(admin.address, alice.address, 4n, ethers.parseEther("1500") - 6n);
      expect(await token.totalBurned()).to.equal(10n);
      expect(await token.totalMinted()).to.equal(ethers.parseEther("1500") + 4n);
    });
  });
});
