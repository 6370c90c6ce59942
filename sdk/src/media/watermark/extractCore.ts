/**
 * Blind detection on a luma plane: projection of every 8x8 window on the pattern, folding of the
 * block grid into one tile for each of the 64 pixel offsets, tile-phase search with the pilots,
 * Viterbi decoding and CRC check of the best candidates.
 */
import { CODED_BITS, decodePayload, encodePayload } from "./code.js";
import { A1, A2, BLOCK, SLOTS, TILE, type TileLayout } from "./layout.js";

/** A decoded candidate. */
export type Candidate = {
  payload: string | null;
  /** Normalised correlation of the tile with the re-encoded frame (0..1 for a real mark). */
  rho: number;
  /** Pilot correlation (normalised, at most 1). */
  pilot: number;
};

/** Smallest `rho` accepted for a claim, on top of the CRC (calibrated on unmarked images). */
export const RHO_MIN = 0.45;
/** Candidates (offset, tile phase) decoded per plane. */
export const CANDIDATES = 4;

/**
 * Projection of the 8x8 window whose top-left corner is (x, y) on the pattern, for every valid
 * (x, y) (x <= w - 8, y <= h - 8), stored at y * w + x. Separable: 32 multiplications per pixel.
 */
export function projectionMap(luma: Float32Array, w: number, h: number): Float32Array {
  const h1 = new Float32Array(w * h);
  const h2 = new Float32Array(w * h);
  const xs = w - BLOCK;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x <= xs; x++) {
      let s1 = 0;
      let s2 = 0;
      for (let t = 0; t < BLOCK; t++) {
        const v = luma[row + x + t];
        s1 += v * A1[t];
        s2 += v * A2[t];
      }
      h1[row + x] = s1;
      h2[row + x] = s2;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y <= h - BLOCK; y++) {
    for (let x = 0; x <= xs; x++) {
      let s = 0;
      for (let t = 0; t < BLOCK; t++) {
        const i = (y + t) * w + x;
        s += h1[i] * A2[t] + h2[i] * A1[t];
      }
      out[y * w + x] = s * Math.SQRT1_2;
    }
  }
  return out;
}

/** Folds the block grid at offset (dx, dy) into one tile, each block clipped to +-limit. */
function fold(
  map: Float32Array,
  w: number,
  h: number,
  dx: number,
  dy: number,
  limit: number,
): Float64Array {
  const tile = new Float64Array(SLOTS);
  for (let j = 0, y = dy; y <= h - BLOCK; j++, y += BLOCK) {
    const rowSlot = (j % TILE) * TILE;
    for (let i = 0, x = dx; x <= w - BLOCK; i++, x += BLOCK) {
      let v = map[y * w + x];
      v = v > limit ? limit : v < -limit ? -limit : v;
      tile[rowSlot + (i % TILE)] += v;
    }
  }
  return tile;
}

/** Observed slot that holds embedded slot `slot` when the tile phase is (tx, ty). */
function shifted(slot: number, tx: number, ty: number): number {
  const ex = slot % TILE;
  const ey = (slot - ex) / TILE;
  return ((ey - ty + TILE) % TILE) * TILE + ((ex - tx + TILE) % TILE);
}

/** Decodes the tile at a given phase. */
export function decodeTile(
  tile: Float64Array,
  layout: TileLayout,
  tx: number,
  ty: number,
): { payload: string | null; rho: number } {
  const r = new Float64Array(SLOTS);
  let energy = 0;
  for (let k = 0; k < SLOTS; k++) {
    const v = tile[shifted(layout.slotOf[k], tx, ty)] * (1 - 2 * layout.scramble[k]);
    r[k] = v;
    energy += v * v;
  }
  if (energy === 0) return { payload: null, rho: 0 };
  const { payload } = decodePayload(r.subarray(0, CODED_BITS));
  if (payload === null) return { payload: null, rho: 0 };
  const coded = encodePayload(payload);
  let corr = 0;
  for (let k = 0; k < SLOTS; k++) corr += (k < CODED_BITS ? 1 - 2 * coded[k] : 1) * r[k];
  const rho = corr / Math.sqrt(SLOTS * energy);
  return { payload, rho };
}

/**
 * Searches the 64 grid offsets and 256 tile phases of a plane and decodes the best candidates.
 * Returns the accepted candidate, or the best rejected one (payload null).
 */
export function detectPlane(
  luma: Float32Array,
  w: number,
  h: number,
  layout: TileLayout,
): Candidate {
  const map = projectionMap(luma, w, h);
  let mean = 0;
  let count = 0;
  for (let i = 0; i < map.length; i += 7) {
    const x = i % w;
    if (x <= w - BLOCK && i < (h - BLOCK + 1) * w) {
      mean += Math.abs(map[i]);
      count++;
    }
  }
  const limit = (3 * mean) / Math.max(1, count) || 1;
  const pilotSlots: number[] = [];
  const pilotSigns: number[] = [];
  for (let k = CODED_BITS; k < SLOTS; k++) {
    pilotSlots.push(layout.slotOf[k]);
    pilotSigns.push(1 - 2 * layout.scramble[k]);
  }
  type Hit = { score: number; tile: Float64Array; tx: number; ty: number };
  const best: Hit[] = [];
  for (let dy = 0; dy < BLOCK; dy++) {
    for (let dx = 0; dx < BLOCK; dx++) {
      const tile = fold(map, w, h, dx, dy, limit);
      for (let ty = 0; ty < TILE; ty++) {
        for (let tx = 0; tx < TILE; tx++) {
          let num = 0;
          let den = 0;
          for (let p = 0; p < pilotSlots.length; p++) {
            const v = tile[shifted(pilotSlots[p], tx, ty)];
            num += pilotSigns[p] * v;
            den += v * v;
          }
          const score = den > 0 ? num / Math.sqrt(den * pilotSlots.length) : 0;
          if (best.length < CANDIDATES || score > best[best.length - 1].score) {
            best.push({ score, tile, tx, ty });
            best.sort((a, b) => b.score - a.score);
            if (best.length > CANDIDATES) best.pop();
          }
        }
      }
    }
  }
  let fallback: Candidate = { payload: null, rho: 0, pilot: best[0]?.score ?? 0 };
  for (const hit of best) {
    const { payload, rho } = decodeTile(hit.tile, layout, hit.tx, hit.ty);
    if (payload !== null && rho >= RHO_MIN) return { payload, rho, pilot: hit.score };
    if (rho > fallback.rho) fallback = { payload: null, rho, pilot: hit.score };
  }
  return fallback;
}
