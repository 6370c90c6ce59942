import { expect } from "chai";
import fc from "fast-check";
import {
  CODED_BITS,
  crc24,
  decodePayload,
  encodePayload,
  FRAME_BITS,
  frameBits,
  normalizePayload,
  payloadToBits,
  bitsToPayload,
  viterbiDecode,
} from "./code.js";
import { AuteurInputError } from "../../errors.js";

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toSoft = (coded: Uint8Array): number[] => Array.from(coded, (b) => 1 - 2 * b);
const hex16 = fc
  .bigInt({ min: 0n, max: (1n << 64n) - 1n })
  .map((v) => v.toString(16).padStart(16, "0"));

describe("watermark channel code (CRC-24 + convolutional K=7 r=1/2 + Viterbi)", () => {
  it("CRC-24 matches the OpenPGP check value for '123456789'", () => {
    const bits: number[] = [];
    for (const byte of Buffer.from("123456789"))
      for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
    expect(crc24(bits)).to.equal(0x21cf02);
  });

  it("normalises payloads and rejects bad ones with a typed error", () => {
    expect(normalizePayload("00000000000004D2")).to.equal("00000000000004d2");
    expect(normalizePayload("0x00000000000004d2")).to.equal("00000000000004d2");
    expect(normalizePayload(1234n)).to.equal("00000000000004d2");
    expect(normalizePayload((1n << 64n) - 1n)).to.equal("ffffffffffffffff");
    for (const bad of [
      "",
      "04d2",
      "00000000000004d2ff",
      "000000000000004g",
      1n << 64n,
      -1n,
      1234 as unknown as bigint,
    ]) {
      expect(() => normalizePayload(bad), String(bad))
        .to.throw(AuteurInputError)
        .with.property("code", "WATERMARK_BAD_PAYLOAD");
    }
  });

  it("round-trips any payload without errors", () => {
    fc.assert(
      fc.property(hex16, (hex) => {
        expect(bitsToPayload(payloadToBits(hex))).to.equal(hex);
        const coded = encodePayload(hex);
        expect(coded.length).to.equal(CODED_BITS);
        expect(decodePayload(toSoft(coded)).payload).to.equal(hex);
      }),
      { numRuns: 200 },
    );
  });

  it("corrects every single error, every pair of errors up to 32 bits apart (exhaustive), and random patterns of 2 and 4 (free distance 10)", () => {
    const payload = "c0ffee00deadbeef";
    const bits = payloadToBits(payload).join("");
    const soft = toSoft(encodePayload(payload));
    for (let i = 0; i < CODED_BITS; i++) {
      soft[i] = -soft[i];
      expect(decodePayload(soft).payload, `error at ${i}`).to.equal(payload);
      for (let j = i + 1; j < Math.min(CODED_BITS, i + 33); j++) {
        soft[j] = -soft[j];
        expect(viterbiDecode(soft).slice(0, 64).join(""), `errors at ${i},${j}`).to.equal(bits);
        soft[j] = -soft[j];
      }
      soft[i] = -soft[i];
    }
    const random = rng(7);
    for (const errors of [2, 4]) {
      for (let trial = 0; trial < 1000; trial++) {
        const noisy = soft.slice();
        const hit = new Set<number>();
        while (hit.size < errors) hit.add(Math.floor(random() * CODED_BITS));
        for (const i of hit) noisy[i] = -noisy[i];
        expect(decodePayload(noisy).payload, `errors at ${[...hit]}`).to.equal(payload);
      }
    }
  });

  it("uses reliabilities: many weak wrong symbols lose against a few strong right ones", () => {
    const payload = "0123456789abcdef";
    const soft = toSoft(encodePayload(payload)).map((s, i) => (i % 3 === 0 ? -0.3 * s : 2 * s));
    expect(decodePayload(soft).payload).to.equal(payload);
  });

  it("detects what it cannot correct: heavy errors give the exact payload or null, never another payload", () => {
    const random = rng(11);
    const payload = "00000000000004d2";
    const clean = toSoft(encodePayload(payload));
    let exact = 0;
    let none = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const flips = 10 + Math.floor(random() * 60);
      const noisy = clean.map((s) => s * (0.2 + random()));
      for (let f = 0; f < flips; f++) {
        const i = Math.floor(random() * CODED_BITS);
        noisy[i] = -noisy[i];
      }
      const { payload: decoded } = decodePayload(noisy);
      if (decoded === payload) exact++;
      else {
        expect(decoded).to.equal(null);
        none++;
      }
    }
    expect(exact).to.be.greaterThan(0);
    expect(none).to.be.greaterThan(0);
    for (let trial = 0; trial < 1500; trial++) {
      const noise = Array.from({ length: CODED_BITS }, () => random() - 0.5);
      expect(decodePayload(noise).payload).to.equal(null);
    }
  });

  it("frames are payload | CRC-24 | zero tail", () => {
    const frame = frameBits("ffffffffffffffff");
    expect(frame.length).to.equal(FRAME_BITS);
    expect(Array.from(frame.slice(0, 64)).every((b) => b === 1)).to.equal(true);
    expect(Array.from(frame.slice(88))).to.deep.equal([0, 0, 0, 0, 0, 0]);
    let crc = 0;
    for (let i = 64; i < 88; i++) crc = (crc << 1) | frame[i];
    expect(crc).to.equal(crc24(frame, 64));
  });
});
