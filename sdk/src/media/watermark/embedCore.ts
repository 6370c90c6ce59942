/**
 * Embedding on a luma plane: for every full 8x8 block, informed embedding along {@link PATTERN}.
 * The block's projection p on the pattern is pushed to at least `alpha` in the direction of the
 * slot's sign s (change d = alpha - s*p, only when positive, capped), with alpha adapted to the
 * block's texture so flat areas get a faint mark and textured areas a strong one.
 */
import { BLOCK, PATTERN, SLOTS, TILE } from "./layout.js";

/** Strength model (alpha = strength * clamp(BASE + GAIN * blockStdDev, BASE, MAX)). */
export const ALPHA_BASE = 3;
export const ALPHA_GAIN = 0.5;
export const ALPHA_MAX = 14;
/** Largest change along the pattern, as a multiple of alpha (textured blocks of the wrong sign). */
export const CHANGE_CAP = 2.5;

/**
 * Returns the luma change to add to every pixel. `signs` has {@link SLOTS} entries; the tile grid
 * starts at pixel (0, 0).
 */
export function embedLuma(
  luma: Float32Array,
  width: number,
  height: number,
  signs: Int8Array,
  strength: number,
): Float32Array {
  if (signs.length !== SLOTS) throw new Error("signs must cover one tile");
  const delta = new Float32Array(width * height);
  const bw = Math.floor(width / BLOCK);
  const bh = Math.floor(height / BLOCK);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const origin = by * BLOCK * width + bx * BLOCK;
      let sum = 0;
      let sum2 = 0;
      let p = 0;
      for (let y = 0; y < BLOCK; y++) {
        const row = origin + y * width;
        for (let x = 0; x < BLOCK; x++) {
          const v = luma[row + x];
          sum += v;
          sum2 += v * v;
          p += v * PATTERN[y * BLOCK + x];
        }
      }
      const mean = sum / 64;
      const std = Math.sqrt(Math.max(0, sum2 / 64 - mean * mean));
      const alpha = strength * Math.min(ALPHA_MAX, ALPHA_BASE + ALPHA_GAIN * std);
      const s = signs[(by % TILE) * TILE + (bx % TILE)];
      let d = alpha - s * p;
      if (d <= 0) continue;
      d = Math.min(d, CHANGE_CAP * alpha) * s;
      for (let y = 0; y < BLOCK; y++) {
        const row = origin + y * width;
        for (let x = 0; x < BLOCK; x++) delta[row + x] = d * PATTERN[y * BLOCK + x];
      }
    }
  }
  return delta;
}

/**
 * Adds a luma change to interleaved 8-bit samples: the same amount on R, G and B (which changes
 * luma by exactly that amount and leaves the chroma differences untouched), alpha untouched.
 */
export function applyLumaDelta(
  data: Uint8Array,
  channels: number,
  delta: Float32Array,
): Uint8Array {
  const out = new Uint8Array(data);
  const colour = channels >= 3 ? 3 : 1;
  for (let i = 0; i < delta.length; i++) {
    const d = delta[i];
    if (d === 0) continue;
    const o = i * channels;
    for (let c = 0; c < colour; c++) {
      const v = Math.round(data[o + c] + d);
      out[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}
