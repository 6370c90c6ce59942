import { expect } from "chai";
import { network } from "hardhat";
import {
  WAD,
  halvingCumulative,
  linearRemaining,
  powerDecay,
  risingCost,
} from "../../sdk/src/pov/curves.js";

const { ethers } = await network.getOrCreate();

/** Deterministic sample points in [0, max]. */
function samples(seed: number, count: number, max: bigint): bigint[] {
  const out: bigint[] = [];
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 128n) - 1n);
    out.push(x % (max + 1n));
  }
  return out;
}

describe("EmissionCurves.sol and its TypeScript twin give identical integers", () => {
  async function deploy() {
    return ethers.deployContract("EmissionCurvesHarness");
  }

  it("PowerDecay at 120 points, ends included (imageone cap, k = 5, and k = 2)", async () => {
    const curves = await deploy();
    const S = 525_000_000n * WAD;
    const gs = [0n, 1n, S / 2n, S - 1n, S, ...samples(1, 56, S)];
    for (const k of [5n * WAD, 2n * WAD]) {
      const got = await Promise.all(gs.map((g) => curves.powerDecay(100n * WAD, k, S, g)));
      gs.forEach((g, i) =>
        expect(got[i], `k=${k} g=${g}`).to.equal(powerDecay(100n * WAD, k, S, g)),
      );
    }
  });

  it("LinearRemaining, Halving and RisingCost at sample points", async () => {
    const curves = await deploy();
    const S = 525_000_000n * WAD;
    for (const g of [0n, S - 1n, S, ...samples(2, 20, S)]) {
      expect(await curves.linearRemaining(7n * WAD, S, g)).to.equal(
        linearRemaining(7n * WAD, S, g),
      );
    }
    const schedule = { r0: 135n * WAD, halvingEpochs: 730_000n, maxHalvings: 1n };
    for (const e of [
      0n,
      729_999n,
      730_000n,
      730_001n,
      29_200_000n,
      ...samples(3, 10, 30_000_000n),
    ]) {
      expect(await curves.halvingCumulative(135n * WAD, 730_000n, 1n, e)).to.equal(
        halvingCumulative(schedule, e),
      );
    }
    for (const m of samples(4, 10, 10n ** 27n)) {
      expect(await curves.risingCost(2n * WAD, WAD / 1000n, m, m / 3n)).to.equal(
        risingCost(2n * WAD, WAD / 1000n, m, m / 3n),
      );
    }
  });
});
