/**
 * deployments/<chainId>.json: creation lookup on a real chain and the merge rules later deploy
 * steps rely on.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { findCreations, readDeployment, recordContracts } from "../../deploy/deployments.js";

const { ethers, networkHelpers } = await network.getOrCreate();

async function deployTwo() {
  const [admin] = await ethers.getSigners();
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  const a = await ethers.deployContract("KIP7ReceiverHarness", [0]);
  await admin.sendTransaction({ to: admin.address, value: 1n }); // a non-creation in between
  const b = await ethers.deployContract("AuthoritySet", [0, admin.address]);
  return {
    fromBlock,
    a: await a.getAddress(),
    b: await b.getAddress(),
    txA: a.deploymentTransaction()!.hash,
  };
}

describe("deployments records", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "auteur-deployments-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds each contract's creation block and transaction", async function () {
    const { fromBlock, a, b, txA } = await networkHelpers.loadFixture(deployTwo);
    const found = await findCreations(ethers.provider, { A: a, B: b }, fromBlock);
    expect(found.A.address).to.equal(a);
    expect(found.A.txHash).to.equal(txA);
    expect(found.A.blockNumber).to.equal(fromBlock);
    expect(found.B.blockNumber).to.equal(fromBlock + 2);
  });

  it("keeps known records of reused contracts and fails on unknown ones", async function () {
    const { fromBlock, a, b } = await networkHelpers.loadFixture(deployTwo);
    const known = { A: { address: a, blockNumber: 1, txHash: "0x01" } };
    const found = await findCreations(ethers.provider, { A: a, B: b }, fromBlock + 1, known);
    expect(found.A).to.deep.equal(known.A);
    expect(found.B.address).to.equal(b);
    await expect(findCreations(ethers.provider, { A: a }, fromBlock + 1)).to.be.rejectedWith(
      /No creation transaction for A/,
    );
  });

  it("merges contracts of the same preset and replaces another preset's record", function () {
    const base = { chainId: 5, network: "x", preset: "chainflix", deployer: "0xd" };
    recordContracts(base, { Zeta: { address: "0x2", blockNumber: 9, txHash: "0xb" } }, dir);
    const merged = recordContracts(
      base,
      { Alpha: { address: "0x1", blockNumber: 7, txHash: "0xa" } },
      dir,
    );
    expect(Object.keys(merged.contracts)).to.deep.equal(["Alpha", "Zeta"]);
    expect(merged.startBlock).to.equal(7);
    expect(readDeployment(5, dir)).to.deep.equal(merged);
    const text = readFileSync(join(dir, "5.json"), "utf8");
    expect(text.endsWith("\n")).to.equal(true);

    const other = recordContracts(
      { ...base, preset: "imira" },
      { Beta: { address: "0x3", blockNumber: 11, txHash: "0xc" } },
      dir,
    );
    expect(Object.keys(other.contracts)).to.deep.equal(["Beta"]);
    expect(other.preset).to.equal("imira");
    expect(readDeployment(6, dir)).to.equal(undefined);
  });
});
