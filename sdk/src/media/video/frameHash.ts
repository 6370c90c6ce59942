/**
 * The video platform's frame hash: a 16x16 grey frame, mirrored so that its darker half is on the
 * left, then one bit per pixel (pixel > mean of the frame), row-major, most significant bit first.
 * 256 bits. The mirroring makes a horizontally flipped copy hash like the original.
 */

/** Side of the frame the hash is computed on. */
export const FRAME_HASH_SIZE = 16;

/**
 * Standard deviation (grey levels) below which a frame carries too little picture to match on:
 * its bits come from noise (black frames, fades, flat colour cards).
 */
export const FRAME_HASH_MIN_SPREAD = 3;

/** One frame's hash. */
export type FrameHash = {
  /** 32 bytes, in the order of the hex digits. */
  hash: Uint8Array;
  /** 64 lower-case hex digits. */
  hex: string;
  /** Whether the frame was mirrored (its right half was the darker one). */
  flipped: boolean;
  /** Standard deviation of the 256 grey values; below {@link FRAME_HASH_MIN_SPREAD} it is flat. */
  spread: number;
};

/**
 * Hash of one 16x16 grey frame (256 bytes, row-major).
 *
 * @example
 * ```ts
 * const { hex } = frameHashFromGrey16(new Uint8Array(256).map((_, i) => i));
 * ```
 */
export function frameHashFromGrey16(pixels: Uint8Array): FrameHash {
  const n = FRAME_HASH_SIZE;
  if (pixels.length !== n * n)
    throw new RangeError(`expected ${n * n} grey pixels, got ${pixels.length}`);
  let left = 0;
  let right = 0;
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = pixels[y * n + x];
      if (x < n / 2) left += v;
      else right += v;
      sum += v;
      squares += v * v;
    }
  }
  const count = n * n;
  const mean = sum / count;
  const spread = Math.sqrt(Math.max(0, squares / count - mean * mean));
  const flipped = right < left;
  const hash = new Uint8Array(count / 8);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = pixels[y * n + (flipped ? n - 1 - x : x)];
      if (v > mean) {
        const bit = y * n + x;
        hash[bit >>> 3] |= 0x80 >>> (bit & 7);
      }
    }
  }
  return { hash, hex: Buffer.from(hash).toString("hex"), flipped, spread };
}
