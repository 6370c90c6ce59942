/**
 * Embedding on a luma plane: for every full 8x8 block, informed embedding along {@link PATTERN}.
 * The block's projection p on the pattern is pushed to at least `alpha` in the direction of the
 * slot's sign s (change d = alpha - s*p, only when positive, capped), with alpha adapted to the
 * block's texture so flat areas get a faint mark and textured areas a strong one.
 *
 * Two refinements spend the change where it is both least visible and most likely to survive lossy
 * compression:
 * - per-image texture gain: lossy codecs (WebP above all) erase the mark from flat blocks, so the
 *   blocks that carry it through compression are the textured ones. A picture with fewer than
 *   {@link MIN_TEXTURED_PER_SLOT} textured blocks per tile slot gets its texture-dependent strength
 *   raised by `sqrt(MIN_TEXTURED_PER_SLOT / n)` (at most {@link MAX_IMAGE_GAIN}), which keeps the
 *   evidence per slot (about n * gain^2) at the level of ordinary photographs; flat blocks keep
 *   their floor.
 * - quadrant shaping: within a block, the change along the pattern is distributed over the four
 *   4x4 quadrants in proportion to their own activity (standard deviation + 1). The projection on
 *   the pattern is unchanged, but an edge block no longer spreads a halo over its flat side, and
 *   the change lands in the 4x4 sub-blocks that WebP and similar codecs code with the most bits.
 */
import { BLOCK, PATTERN, SLOTS, TILE } from "./layout.js";

/** Strength model (alpha = strength * min(gain * MAX, BASE + gain * GAIN * blockStdDev)). */
export const ALPHA_BASE = 3;
export const ALPHA_GAIN = 0.5;
export const ALPHA_MAX = 14;
/** Largest change along the pattern, as a multiple of alpha (textured blocks of the wrong sign). */
export const CHANGE_CAP = 2.5;
/** Block standard deviation (grey levels) from which a block counts as textured. */
export const TEXTURED_STD = 4;
/** Textured blocks per tile slot below which the texture-dependent strength is raised. */
export const MIN_TEXTURED_PER_SLOT = 24;
/** Largest per-image texture gain. */
export const MAX_IMAGE_GAIN = 2.5;
/** Largest share of a block's change one quadrant may take (x the block average). */
export const QUADRANT_CAP = 2.5;
/** Regulariser of the quadrant weights (grey levels): flat blocks are shaped almost uniformly. */
export const QUADRANT_FLOOR = 1;
/** Largest change along the pattern in one quadrant (x strength): bounds every pixel's change. */
export const PEAK_CHANGE = 1.5 * CHANGE_CAP * ALPHA_MAX;

/** Energy of {@link PATTERN} in each 4x4 quadrant (0.293 on the diagonal, 0.207 off it; sum 1). */
export const QUADRANT_ENERGY = Float64Array.from({ length: 4 }, (_, q) => {
  let e = 0;
  for (let y = 0; y < BLOCK / 2; y++)
    for (let x = 0; x < BLOCK / 2; x++)
      e += PATTERN[((q >> 1) * (BLOCK / 2) + y) * BLOCK + (q & 1) * (BLOCK / 2) + x] ** 2;
  return e;
});

/**
 * The per-image texture gain: 1 when the picture has at least {@link MIN_TEXTURED_PER_SLOT}
 * textured blocks per tile slot, up to {@link MAX_IMAGE_GAIN} on mostly flat pictures.
 */
export function imageGain(blockStd: ArrayLike<number>): number {
  let textured = 0;
  for (let i = 0; i < blockStd.length; i++) if (blockStd[i] >= TEXTURED_STD) textured++;
  const perSlot = textured / SLOTS;
  if (perSlot >= MIN_TEXTURED_PER_SLOT) return 1;
  return perSlot > 0
    ? Math.min(MAX_IMAGE_GAIN, Math.sqrt(MIN_TEXTURED_PER_SLOT / perSlot))
    : MAX_IMAGE_GAIN;
}

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
  const half = BLOCK / 2;
  // Pass 1: every block's projection, standard deviation and quadrant standard deviations.
  const projection = new Float32Array(bw * bh);
  const blockStd = new Float32Array(bw * bh);
  const quadrantStd = new Float32Array(4 * bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const b = by * bw + bx;
      const origin = by * BLOCK * width + bx * BLOCK;
      let sum = 0;
      let sum2 = 0;
      let p = 0;
      for (let q = 0; q < 4; q++) {
        const qOrigin = origin + (q >> 1) * half * width + (q & 1) * half;
        const qPattern = (q >> 1) * half * BLOCK + (q & 1) * half;
        let qs = 0;
        let qs2 = 0;
        for (let y = 0; y < half; y++) {
          const row = qOrigin + y * width;
          for (let x = 0; x < half; x++) {
            const v = luma[row + x];
            qs += v;
            qs2 += v * v;
            p += v * PATTERN[qPattern + y * BLOCK + x];
          }
        }
        const qMean = qs / 16;
        quadrantStd[4 * b + q] = Math.sqrt(Math.max(0, qs2 / 16 - qMean * qMean));
        sum += qs;
        sum2 += qs2;
      }
      const mean = sum / 64;
      blockStd[b] = Math.sqrt(Math.max(0, sum2 / 64 - mean * mean));
      projection[b] = p;
    }
  }
  const gain = imageGain(blockStd);
  const peak = PEAK_CHANGE * strength;
  const weight = new Float64Array(4);
  // Pass 2: the change of every block, shaped over its quadrants.
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const b = by * bw + bx;
      const alpha =
        strength * Math.min(gain * ALPHA_MAX, ALPHA_BASE + gain * ALPHA_GAIN * blockStd[b]);
      const s = signs[(by % TILE) * TILE + (bx % TILE)];
      let d = alpha - s * projection[b];
      if (d <= 0) continue;
      d = Math.min(d, CHANGE_CAP * alpha);
      // Quadrant q carries c_q times its part of the pattern, c_q = d * f_q / sum_r(f_r * E_r)
      // (E_r: the pattern's energy in quadrant r), so the projection grows by exactly d.
      let total = 0;
      for (let q = 0; q < 4; q++) total += weight[q] = quadrantStd[4 * b + q] + QUADRANT_FLOOR;
      let norm = 0;
      for (let q = 0; q < 4; q++) {
        weight[q] = Math.min(QUADRANT_CAP, (4 * weight[q]) / total);
        norm += weight[q] * QUADRANT_ENERGY[q];
      }
      const origin = by * BLOCK * width + bx * BLOCK;
      for (let q = 0; q < 4; q++) {
        const amount = s * Math.min(peak, (d * weight[q]) / norm);
        const qOrigin = origin + (q >> 1) * half * width + (q & 1) * half;
        const qPattern = (q >> 1) * half * BLOCK + (q & 1) * half;
        for (let y = 0; y < half; y++) {
          const row = qOrigin + y * width;
          for (let x = 0; x < half; x++)
            delta[row + x] = amount * PATTERN[qPattern + y * BLOCK + x];
        }
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
