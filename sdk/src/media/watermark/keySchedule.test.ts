import { expect } from "chai";
import {
  deriveKeySchedule,
  LOGISTIC_BURN_IN,
  logisticSequence,
  parseWatermarkKey,
  positionPermutation,
  scrambleBits,
} from "./keySchedule.js";
import { AuteurInputError } from "../../errors.js";

const KEY = "0123456789abcdef0123";

/** Flips bit `bit` (0 = most significant) of a 20-hex key. */
function flipKeyBit(key: string, bit: number): string {
  const value = BigInt("0x" + key) ^ (1n << BigInt(79 - bit));
  return value.toString(16).padStart(20, "0");
}

describe("watermark key schedule (logistic maps)", () => {
  it("parses 80-bit hex keys and rejects anything else with a typed error", () => {
    expect(Array.from(parseWatermarkKey(KEY))).to.deep.equal([
      0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23,
    ]);
    expect(Array.from(parseWatermarkKey("0x" + KEY.toUpperCase()))).to.deep.equal(
      Array.from(parseWatermarkKey(KEY)),
    );
    for (const bad of ["", "0123", KEY + "0", KEY.slice(0, 19) + "g", "0x" + KEY.slice(2)]) {
      expect(() => parseWatermarkKey(bad), bad)
        .to.throw(AuteurInputError)
        .with.property("code", "WATERMARK_BAD_KEY");
    }
    expect(() => parseWatermarkKey(undefined as unknown as string)).to.throw(AuteurInputError);
  });

  it("is deterministic: golden values of the maps for a fixed key (same on every platform)", () => {
    const schedule = deriveKeySchedule(parseWatermarkKey(KEY));
    expect(schedule.scramble.x0).to.equal(0.5930997859209184);
    expect(schedule.scramble.mu).to.equal(3.990221254699953);
    expect(schedule.position.x0).to.equal(0.06464179068950786);
    expect(schedule.position.mu).to.equal(3.992491528970307);
    expect(Array.from(logisticSequence(schedule.scramble, 4))).to.deep.equal([
      0.9721575270212808, 0.10800439477245355, 0.3844157030294391, 0.9442470362443472,
    ]);
    expect(Array.from(scrambleBits(schedule.scramble, 32)).join("")).to.equal(
      "10010110101101001101111010111001",
    );
    expect(Array.from(positionPermutation(schedule.position, 256).slice(0, 12))).to.deep.equal([
      107, 108, 96, 87, 248, 12, 62, 124, 149, 180, 123, 134,
    ]);
  });

  it("iterates the logistic map x <- mu x (1 - x) after the burn-in", () => {
    const parameters = { x0: 0.3, mu: 3.995 };
    let x = parameters.x0;
    for (let i = 0; i < LOGISTIC_BURN_IN; i++) x = parameters.mu * x * (1 - x);
    const seq = logisticSequence(parameters, 3);
    for (let i = 0; i < 3; i++) {
      x = parameters.mu * x * (1 - x);
      expect(seq[i]).to.equal(x);
    }
    const strided = logisticSequence(parameters, 3, 4);
    const plain = logisticSequence(parameters, 12);
    expect(Array.from(strided)).to.deep.equal([plain[3], plain[7], plain[11]]);
  });

  it("gives a permutation and balanced scrambling bits", () => {
    const schedule = deriveKeySchedule(parseWatermarkKey(KEY));
    const perm = positionPermutation(schedule.position, 256);
    expect(new Set(perm).size).to.equal(256);
    expect(Math.max(...perm)).to.equal(255);
    const ones = scrambleBits(schedule.scramble, 4096).reduce((a, b) => a + b, 0);
    expect(ones).to.be.within(1848, 2248); // 4096 / 2 +- 6 sigma
  });

  it("maps keys one bit apart to unrelated sequences (all 80 single-bit flips)", () => {
    const base = deriveKeySchedule(parseWatermarkKey(KEY));
    const baseBits = scrambleBits(base.scramble, 256);
    const basePerm = positionPermutation(base.position, 256);
    for (let bit = 0; bit < 80; bit++) {
      const other = deriveKeySchedule(parseWatermarkKey(flipKeyBit(KEY, bit)));
      const bits = scrambleBits(other.scramble, 256);
      const perm = positionPermutation(other.position, 256);
      let sameBits = 0;
      let samePositions = 0;
      for (let i = 0; i < 256; i++) {
        if (bits[i] === baseBits[i]) sameBits++;
        if (perm[i] === basePerm[i]) samePositions++;
      }
      // Unrelated: about half of the bits agree (128 +- 5 sigma), about one position in 256.
      expect(sameBits, `bit ${bit}`).to.be.within(88, 168);
      expect(samePositions, `bit ${bit}`).to.be.below(8);
    }
  });
});
