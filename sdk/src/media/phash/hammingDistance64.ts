/**
 * Number of differing bits between two 64-bit hashes.
 *
 * @example
 * ```ts
 * hammingDistance64(0xffn, 0x0fn); // 4
 * ```
 */
export function hammingDistance64(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

/** Bits set in a 32-bit unsigned integer. */
export function popcount32(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Parses a 16-hex-digit pHash into a bigint (throws on anything else). */
export function parsePHashHex(hex: string): bigint {
  if (!/^[0-9a-fA-F]{16}$/.test(hex))
    throw new TypeError(`not a 64-bit hex hash: ${JSON.stringify(hex)}`);
  return BigInt(`0x${hex}`);
}

/** Formats a 64-bit hash as 16 lowercase hex digits. */
export function formatPHashHex(hash: bigint): string {
  return BigInt.asUintN(64, hash).toString(16).padStart(16, "0");
}
