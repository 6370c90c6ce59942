import { expect } from "chai";
import { AuteurInputError } from "../errors.js";
import {
  CHAINFLIX_HALVING,
  LN2_36,
  ONE36,
  WAD,
  expNeg36,
  halvingCumulative,
  halvingEmission,
  halvingRate,
  linearRemaining,
  ln36,
  powerDecay,
  risingCost,
  risingPrice,
} from "./curves.js";
import {
  SCALE60,
  refExp60,
  refLinearRemaining60,
  refLn60,
  refPowerDecay60,
} from "./curves.reference.js";

/** Deterministic 64-bit xorshift so the sampled points are the same on every run. */
function* points(seed: bigint, count: number, max: bigint): Generator<bigint> {
  let x = seed;
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < count; i++) {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    const wide = (x << 192n) | (x << 128n) | (x << 64n) | x;
    yield wide % (max + 1n);
  }
}

const IMAGEONE_CAP = 525_000_000n * WAD;
const RELATIVE_BOUND_DEN = 10n ** 12n; // asserted max relative error 1e-12

/** Asserts the library contract: exact value rounded down, or one wei below it. */
function expectWithinOneWei(got: bigint, ref60: bigint, what: string): void {
  // ref60 is the exact value in 1e-60 wei, truncated: got <= exact and exact - got < 1 wei + 1e-30 relative
  const got60 = got * SCALE60;
  const slack = ref60 / 10n ** 30n + 1n;
  expect(got60 <= ref60 + slack, `${what}: ${got} above the exact value ${ref60}e-60`).to.equal(
    true,
  );
  expect(
    ref60 - got60 < SCALE60 + slack,
    `${what}: ${got} more than one wei below ${ref60}e-60`,
  ).to.equal(true);
  if (ref60 >= 10n ** 12n * SCALE60) {
    const diff = ref60 > got60 ? ref60 - got60 : got60 - ref60;
    expect(diff * RELATIVE_BOUND_DEN <= ref60, `${what}: relative error above 1e-12`).to.equal(
      true,
    );
  }
}

describe("pov/curves (twin of EmissionCurves.sol)", () => {
  describe("constants", () => {
    it("LN2_36 is ln 2 truncated to 36 decimals", () => {
      const ln2 = refLn60(2n, 1n);
      expect(LN2_36).to.equal(ln2 / 10n ** 24n);
    });
  });

  describe("ln36 / expNeg36 against the 60-decimal reference", () => {
    it("ln36 is within 1e-34 of ln(x) for x from 1 to 1e20", () => {
      const xs = [1n, 2n, 3n, 5n, 7n, 10n, 1000n, 10n ** 20n].map((v) => v * ONE36);
      xs.push(
        ONE36 + 1n,
        2n * ONE36 - 1n,
        5n * ONE36 + 123456789n,
        ...points(7n, 40, 10n ** 40n).map((v) => ONE36 + v),
      );
      for (const x of xs) {
        const ref = refLn60(x, ONE36);
        const got = ln36(x) * 10n ** 24n;
        const diff = ref > got ? ref - got : got - ref;
        expect(diff <= 10n ** 26n, `ln36(${x}) = ${got} vs ${ref}`).to.equal(true);
      }
    });

    it("expNeg36 is within 1e-33 relative of e^-y for y in [0, 83]", () => {
      const ys = [0n, 1n, LN2_36, LN2_36 - 1n, LN2_36 + 1n, ONE36, 10n * ONE36, 83n * ONE36];
      ys.push(...points(11n, 60, 83n * ONE36));
      for (const y of ys) {
        const exact60 = (SCALE60 * SCALE60) / refExp60(y * 10n ** 24n);
        const got60 = expNeg36(y) * 10n ** 24n;
        const diff = exact60 > got60 ? exact60 - got60 : got60 - exact60;
        // relative 1e-33 plus the 1e-36 quantum of the result
        expect(diff <= exact60 / 10n ** 33n + 2n * 10n ** 24n, `expNeg36(${y})`).to.equal(true);
        expect(got60 <= exact60 + exact60 / 10n ** 33n, `expNeg36(${y}) rounds down`).to.equal(
          true,
        );
      }
    });

    it("expNeg36 is 0 from 120 ln 2 on and rejects negative input", () => {
      expect(expNeg36(120n * LN2_36)).to.equal(0n);
      expect(expNeg36(119n * LN2_36)).to.equal(ONE36 >> 119n); // 2^-119 = 1.5e-36: one quantum
      expect(() => expNeg36(-1n)).to.throw(AuteurInputError);
      expect(() => ln36(ONE36 - 1n)).to.throw(AuteurInputError);
    });
  });

  describe("PowerDecay", () => {
    const c = 100n * WAD;
    const k = 5n * WAD;

    it("is c at g = 0, 0 at g = S and beyond, and c/k at g = S/2", () => {
      expect(powerDecay(c, k, IMAGEONE_CAP, 0n)).to.equal(c);
      expect(powerDecay(c, k, IMAGEONE_CAP, IMAGEONE_CAP)).to.equal(0n);
      expect(powerDecay(c, k, IMAGEONE_CAP, IMAGEONE_CAP + 1n)).to.equal(0n);
      // g / (S - g) = 1 at g = S / 2: rate = c / 5 = 20 tokens, exact up to one wei
      const half = powerDecay(c, k, IMAGEONE_CAP, IMAGEONE_CAP / 2n);
      expect(20n * WAD - half <= 1n).to.equal(true);
    });

    it("equals the equivalent form c * (1/k)^(S/(S-g)) * k within the stated bound", () => {
      // k^(-g/(S-g)) = k * k^(-S/(S-g)); the reference evaluates the right side independently
      const S = 1000n * WAD;
      for (const g of [1n, 250n * WAD, 500n * WAD, 900n * WAD]) {
        const y = (refLn60(k, WAD) * S) / (S - g);
        const ref60 = (c * 5n * SCALE60 * SCALE60) / refExp60(y);
        expectWithinOneWei(powerDecay(c, k, S, g), ref60, `g=${g}`);
      }
    });

    it("stays within one wei (and 1e-12 relative) of the reference at 400 points, ends included", () => {
      const cases: Array<[bigint, bigint, bigint]> = [
        [100n * WAD, 5n * WAD, IMAGEONE_CAP],
        [1n * WAD, 5n * WAD, IMAGEONE_CAP],
        [10n ** 30n, 5n * WAD, 10n ** 27n],
        [7n * WAD, 2n * WAD + 1n, 21n * 10n ** 9n * WAD],
        [123456789n, (15n * WAD) / 10n, 10n ** 6n],
      ];
      let checked = 0;
      for (const [cc, kk, S] of cases) {
        const gs = [
          0n,
          1n,
          2n,
          S / 1000n,
          S / 10n,
          S / 2n,
          S - S / 10n,
          S - S / 1000n,
          S - 2n,
          S - 1n,
          S,
        ];
        gs.push(...points(cc ^ S, 69, S));
        for (const g of gs) {
          expectWithinOneWei(
            powerDecay(cc, kk, S, g),
            refPowerDecay60(cc, kk, S, g),
            `c=${cc} k=${kk} S=${S} g=${g}`,
          );
          checked++;
        }
      }
      expect(checked).to.equal(400);
    });

    it("never increases with g", () => {
      let previous = powerDecay(100n * WAD, k, IMAGEONE_CAP, 0n);
      for (const g of [...points(3n, 200, IMAGEONE_CAP)].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      )) {
        const rate = powerDecay(100n * WAD, k, IMAGEONE_CAP, g);
        expect(rate <= previous).to.equal(true);
        previous = rate;
      }
    });

    it("rejects k <= 1 and an empty supply", () => {
      expect(() => powerDecay(c, WAD, IMAGEONE_CAP, 1n)).to.throw(AuteurInputError, /out of range/);
      expect(() => powerDecay(c, k, 0n, 0n)).to.throw(AuteurInputError);
    });
  });

  describe("LinearRemaining", () => {
    it("is exact (rounded down) at 200 points, ends included", () => {
      const c = 100n * WAD;
      const gs = [0n, 1n, IMAGEONE_CAP / 2n, IMAGEONE_CAP - 1n, IMAGEONE_CAP, IMAGEONE_CAP + 5n];
      gs.push(...points(5n, 194, IMAGEONE_CAP));
      for (const g of gs) {
        const ref60 = refLinearRemaining60(c, IMAGEONE_CAP, g);
        expect(linearRemaining(c, IMAGEONE_CAP, g)).to.equal(ref60 / SCALE60);
      }
      expect(linearRemaining(c, IMAGEONE_CAP, 0n)).to.equal(c);
      expect(linearRemaining(c, IMAGEONE_CAP, IMAGEONE_CAP / 2n)).to.equal(50n * WAD);
    });
  });

  describe("Halving (chainflix preset)", () => {
    const year = 730_000n; // 730,000 epochs of 43.2 s = 31,536,000 s = 365 days
    it("a year is 730,000 epochs of 43.2 seconds", () => {
      expect((year * 432n) / 10n).to.equal(365n * 24n * 3600n);
    });
    it("mints 98,550,000 in year 1 and 49,275,000 in year 2", () => {
      expect(halvingCumulative(CHAINFLIX_HALVING, year)).to.equal(98_550_000n * WAD);
      expect(halvingEmission(CHAINFLIX_HALVING, year, 2n * year - 1n)).to.equal(49_275_000n * WAD);
    });
    it("reaches 5,020,275,000 with the 3,000,000,000 pre-mine after 40 years", () => {
      expect(3_000_000_000n * WAD + halvingCumulative(CHAINFLIX_HALVING, 40n * year)).to.equal(
        5_020_275_000n * WAD,
      );
    });
    it("pays 135 before and 67.5 from the halving epoch on", () => {
      expect(halvingRate(CHAINFLIX_HALVING, 0n)).to.equal(135n * WAD);
      expect(halvingRate(CHAINFLIX_HALVING, year - 1n)).to.equal(135n * WAD);
      expect(halvingRate(CHAINFLIX_HALVING, year)).to.equal((675n * WAD) / 10n);
      expect(halvingRate(CHAINFLIX_HALVING, 100n * year)).to.equal((675n * WAD) / 10n);
    });
    it("cumulative equals the sum of rates for a multi-halving schedule", () => {
      const s = { r0: 1000n, halvingEpochs: 7n, maxHalvings: 3n };
      let sum = 0n;
      for (let e = 0n; e < 60n; e++) {
        expect(halvingCumulative(s, e)).to.equal(sum);
        sum += halvingRate(s, e);
      }
      expect(halvingRate(s, 59n)).to.equal(125n);
      expect(halvingEmission(s, 5n, 9n)).to.equal(2n * 1000n + 3n * 500n);
      expect(() => halvingEmission(s, 9n, 5n)).to.throw(AuteurInputError);
      expect(() => halvingRate({ r0: 1n, halvingEpochs: 0n, maxHalvings: 1n }, 0n)).to.throw(
        AuteurInputError,
      );
    });
  });

  describe("RisingCost", () => {
    it("is the rounded-up integral of a linear price", () => {
      const p0 = 2n * WAD; // 2 payment units per point at the start
      const slope = WAD / 1000n; // +0.001 per point already minted
      // from 1000 points, 10 points cost 2*10 + 0.001 * (2*1000*10 + 100) / 2 = 20 + 10.05 = 30.05
      expect(risingCost(p0, slope, 1000n * WAD, 10n * WAD)).to.equal((3005n * WAD) / 100n);
      expect(risingPrice(p0, slope, 1000n * WAD)).to.equal(3n * WAD);
      // splitting a purchase never makes it cheaper
      for (const m of points(9n, 30, 10n ** 24n)) {
        const a = m / 3n + 1n;
        const whole = risingCost(p0, slope, m, 2n * a);
        const parts = risingCost(p0, slope, m, a) + risingCost(p0, slope, m + a, a);
        expect(parts >= whole && parts - whole <= 2n).to.equal(true);
      }
      expect(risingCost(p0, slope, 5n, 0n)).to.equal(0n);
    });
  });
});
