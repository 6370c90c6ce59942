/**
 * Chaotic key schedule of the watermark: two logistic-map sequences whose initial conditions are
 * derived from the 80-bit key. Sequence A scrambles (XORs) the symbols of the tile, sequence B
 * chooses their positions (a permutation obtained by ranking its values).
 *
 * Only IEEE-754 double multiplications and subtractions are used (no transcendental functions),
 * so the sequences are bit-identical on every platform that runs JavaScript.
 */
import { createHash } from "node:crypto";
import { AuteurInputError } from "../../errors.js";

/** Number of key bits (20 hex characters). */
export const KEY_BITS = 80;
/** Iterations discarded before a sequence is used, so nearby initial conditions have diverged. */
export const LOGISTIC_BURN_IN = 1000;

/** Parameters of one logistic map `x <- mu * x * (1 - x)`. */
export type LogisticParameters = { x0: number; mu: number };

/** The two chaotic maps derived from one key. */
export type WatermarkKeySchedule = { scramble: LogisticParameters; position: LogisticParameters };

/**
 * Parses a key given as 20 hex characters (optionally `0x`-prefixed) into its 10 bytes.
 * @throws AuteurInputError `WATERMARK_BAD_KEY` when the key is not exactly 80 bits of hex.
 */
export function parseWatermarkKey(key: string): Uint8Array {
  const text = typeof key === "string" ? key.trim().replace(/^0x/i, "") : "";
  if (!/^[0-9a-fA-F]{20}$/.test(text)) {
    throw new AuteurInputError(
      "WATERMARK_BAD_KEY",
      "The watermark key must be 20 hex characters (80 bits).",
      {
        details: { key: typeof key === "string" ? key : String(key) },
        hints: [
          "Pass a key such as 0123456789abcdef0123 (keep it secret: it is needed to read the mark).",
        ],
      },
    );
  }
  return Uint8Array.from(Buffer.from(text, "hex"));
}

/** Reads 52 bits of `bytes` starting at `offset` as a fraction in [0, 1). */
function fraction52(bytes: Uint8Array, offset: number): number {
  let value = 0;
  for (let i = 0; i < 7; i++) value = value * 256 + bytes[offset + i];
  // 56 bits read; keep the top 52 so the number is exact in a double.
  return Math.floor(value / 16) / 2 ** 52;
}

/**
 * Derives the initial condition and control parameter of both maps from the key. The key bytes are
 * first mixed with SHA-256 so that keys differing in one bit start from unrelated points (and the
 * all-zero key does not start on the map's fixed point 0).
 */
export function deriveKeySchedule(keyBytes: Uint8Array): WatermarkKeySchedule {
  const digest = createHash("sha256").update("auteur-watermark-v1/").update(keyBytes).digest();
  const bytes = new Uint8Array(digest);
  const map = (offset: number): LogisticParameters => ({
    // x0 in [0.05, 0.95]: away from the fixed point 0 and from its preimage 1.
    x0: 0.05 + 0.9 * fraction52(bytes, offset),
    // mu in [3.99, 4): the fully chaotic end of the logistic map's parameter range.
    mu: 3.99 + 0.00999 * fraction52(bytes, offset + 7),
  });
  return { scramble: map(0), position: map(14) };
}

/** Decimation of the position sequence: consecutive iterates are a smooth function of each other, every 8th is not. */
export const POSITION_STRIDE = 8;

/**
 * Iterates a logistic map: discards {@link LOGISTIC_BURN_IN} values, then returns `count` values,
 * one every `stride` iterations. Values that leave (0, 1) through rounding (never observed, but
 * cheap to guard) are folded back.
 */
export function logisticSequence(
  parameters: LogisticParameters,
  count: number,
  stride = 1,
): Float64Array {
  const { mu } = parameters;
  let x = parameters.x0;
  const out = new Float64Array(count);
  const total = LOGISTIC_BURN_IN + count * stride;
  for (let i = 0; i < total; i++) {
    x = mu * x * (1 - x);
    if (!(x > 0 && x < 1)) x = 0.5 + (i % 97) / 1000;
    const j = i - LOGISTIC_BURN_IN;
    if (j >= 0 && j % stride === stride - 1) out[(j - stride + 1) / stride] = x;
  }
  return out;
}

/** Scrambling bits: bit i is 1 when the i-th value of the map is above 1/2. */
export function scrambleBits(parameters: LogisticParameters, count: number): Uint8Array {
  const values = logisticSequence(parameters, count);
  return Uint8Array.from(values, (v) => (v > 0.5 ? 1 : 0));
}

/**
 * Position permutation: `perm[k]` is the rank of the k-th value of the map, sampled every
 * {@link POSITION_STRIDE} iterations (ties by index).
 */
export function positionPermutation(parameters: LogisticParameters, count: number): Uint16Array {
  const values = logisticSequence(parameters, count, POSITION_STRIDE);
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => values[a] - values[b] || a - b,
  );
  const perm = new Uint16Array(count);
  for (let rank = 0; rank < count; rank++) perm[order[rank]] = rank;
  return perm;
}
