import { expect } from "chai";
import { network } from "hardhat";
import { ensureSubgraphBuilt, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

describe("subgraph: AuteurToken", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function deployToken() {
    const [admin, alice, bob, carol] = await ethers.getSigners();
    const token = await ethers.deployContract("AuteurToken", [
      "Auteur",
      "AUT",
      10_000n,
      0,
      admin.address,
      [alice.address, bob.address],
      [600n, 400n],
    ]);
    const deployBlock = (await token.deploymentTransaction()!.wait())!.blockNumber;
    return { token, admin, alice, bob, carol, deployBlock };
  }

  it("indexes genesis transfers and supply", async function () {
    const { token, alice, bob, deployBlock } = await networkHelpers.loadFixture(deployToken);
    const indexer = makeIndexer(ethers.provider, {
      AuteurToken: { address: await token.getAddress(), blockNumber: deployBlock },
    });
    await indexer.sync();
    const t = indexer.store.load("Token", (await token.getAddress()).toLowerCase());
    expect(t).to.include({ totalMinted: 1000n, totalSupply: 1000n, cap: 10_000n, holderCount: 2 });
    expect(indexer.store.load("TokenHolder", alice.address)?.balance).to.equal(600n);
    expect(indexer.store.load("TokenHolder", bob.address)?.balance).to.equal(400n);
  });
});
