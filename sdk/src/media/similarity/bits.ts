/**
 * Bit helpers of the similarity index, exported for applications that compare hashes themselves:
 * population count (the pHash module's), Hamming distance over packed 32-bit words and over bytes,
 * and conversion of the accepted hash forms to words.
 */
import { AuteurInputError } from "../../errors.js";
import { popcount32 } from "../phash/hammingDistance64.js";

/** A hash as the SDK hands it around: a `bigint` (64-bit pHash), bytes (PDQ) or a hex string. */
export type HashInput = bigint | Uint8Array | string;

export { popcount32 };

/** Hamming distance between word `i` of `a` and word `j` of `b`, over `words` consecutive words. */
export function hammingWords(
  a: Uint32Array,
  i: number,
  b: Uint32Array,
  j: number,
  words: number,
): number {
  let d = 0;
  for (let k = 0; k < words; k++) d += popcount32((a[i + k] ^ b[j + k]) >>> 0);
  return d;
}

/** Hamming distance between two equally long byte strings (e.g. two 256-bit PDQ hashes). */
export function hammingBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) {
    throw new AuteurInputError(
      "HASH_LENGTH_MISMATCH",
      "Cannot compare hashes of different lengths",
      {
        details: { a: a.length, b: b.length },
      },
    );
  }
  let d = 0;
  for (let k = 0; k < a.length; k++) d += popcount32(a[k] ^ b[k]);
  return d;
}

/**
 * Writes `hash` as `bits / 32` big-endian words into `out` at `offset` (word 0 holds the most
 * significant bits, i.e. the first 8 hex digits). Throws `AuteurInputError` when the hash does not
 * have exactly `bits` bits.
 */
export function writeHashWords(hash: HashInput, bits: number, out: Uint32Array, offset = 0): void {
  const words = bits >>> 5;
  if (typeof hash === "bigint") {
    if (hash < 0n || hash >> BigInt(bits) !== 0n) {
      throw new AuteurInputError("HASH_INVALID", `Hash does not fit in ${bits} bits`, {
        details: { hash: hash.toString(16), bits },
        hints: [`pass a non-negative bigint below 2^${bits}`],
      });
    }
    let h = hash;
    for (let k = words - 1; k >= 0; k--) {
      out[offset + k] = Number(h & 0xffffffffn);
      h >>= 32n;
    }
    return;
  }
  if (typeof hash === "string") {
    const hex = hash.startsWith("0x") ? hash.slice(2) : hash;
    if (hex.length !== bits / 4 || !/^[0-9a-fA-F]*$/.test(hex)) {
      throw new AuteurInputError(
        "HASH_INVALID",
        `Expected ${bits / 4} hex digits for a ${bits}-bit hash`,
        {
          details: { hash, bits },
          hints: ["pass the hash as printed by `auteur hash`"],
        },
      );
    }
    for (let k = 0; k < words; k++)
      out[offset + k] = parseInt(hex.slice(k * 8, k * 8 + 8), 16) >>> 0;
    return;
  }
  if (hash instanceof Uint8Array) {
    if (hash.length * 8 !== bits) {
      throw new AuteurInputError(
        "HASH_INVALID",
        `Expected ${bits / 8} bytes for a ${bits}-bit hash`,
        {
          details: { length: hash.length, bits },
        },
      );
    }
    for (let k = 0; k < words; k++) {
      const p = k * 4;
      out[offset + k] =
        ((hash[p] << 24) | (hash[p + 1] << 16) | (hash[p + 2] << 8) | hash[p + 3]) >>> 0;
    }
    return;
  }
  throw new AuteurInputError(
    "HASH_INVALID",
    "A hash must be a bigint, a Uint8Array or a hex string",
    {
      details: { type: typeof hash },
    },
  );
}

/** The words of a hash (see {@link writeHashWords}). */
export function hashToWords(hash: HashInput, bits: number): Uint32Array {
  const out = new Uint32Array(bits >>> 5);
  writeHashWords(hash, bits, out, 0);
  return out;
}

/** Lower-case hex of `words` words of `src` starting at `offset`. */
export function wordsToHex(src: Uint32Array, offset: number, words: number): string {
  let s = "";
  for (let k = 0; k < words; k++) s += src[offset + k].toString(16).padStart(8, "0");
  return s;
}
