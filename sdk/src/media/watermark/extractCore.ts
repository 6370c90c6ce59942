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

/** The key-independent part of detection: the block grid folded into one tile per pixel offset. */
export type FoldedPlane = { tiles: Float64Array[] };

/** Projects a plane on the pattern and folds it at each of the 64 grid offsets. */
export function foldPlane(luma: Float32Array, w: number, h: number): FoldedPlane {
  const map = projectionMap(luma, w, h);
  let mean = 0;
  let count = 0;
  for (let y = 0; y <= h - BLOCK; y += 3) {
    for (let x = 0; x <= w - BLOCK; x += 3) {
      mean += Math.abs(map[y * w + x]);
      count++;
    }
  }
  const limit = (3 * mean) / Math.max(1, count) || 1;
  const tiles: Float64Array[] = [];
  for (let dy = 0; dy < BLOCK; dy++)
    for (let dx = 0; dx < BLOCK; dx++) tiles.push(fold(map, w, h, dx, dy, limit));
  return { tiles };
}

/**
 * Searches the 64 grid offsets and 256 tile phases of a folded plane with the key's pilots and
 * decodes the best candidates. Returns the accepted candidate, or the best rejected one (payload null).
 */
export function searchKey(folded: FoldedPlane, layout: TileLayout): Candidate {
  const pilots = SLOTS - CODED_BITS;
  // index[phase * pilots + p]: observed slot of pilot p when the tile phase is (phase % 16, phase / 16).
  const index = new Uint8Array(SLOTS * pilots);
  const sign = new Float64Array(pilots);
  for (let p = 0; p < pilots; p++) {
    const slot = layout.slotOf[CODED_BITS + p];
    sign[p] = 1 - 2 * layout.scramble[CODED_BITS + p];
    for (let phase = 0; phase < SLOTS; phase++)
      index[phase * pilots + p] = shifted(slot, phase % TILE, (phase - (phase % TILE)) / TILE);
  }
  type Hit = { score: number; tile: Float64Array; tx: number; ty: number };
  const best: Hit[] = [];
  const squares = new Float64Array(SLOTS);
  for (const tile of folded.tiles) {
    for (let i = 0; i < SLOTS; i++) squares[i] = tile[i] * tile[i];
    for (let phase = 0; phase < SLOTS; phase++) {
      let num = 0;
      let den = 0;
      const base = phase * pilots;
      for (let p = 0; p < pilots; p++) {
        const i = index[base + p];
        num += sign[p] * tile[i];
        den += squares[i];
      }
      const score = den > 0 ? num / Math.sqrt(den * pilots) : 0;
      if (best.length < CANDIDATES || score > best[best.length - 1].score) {
        best.push({ score, tile, tx: phase % TILE, ty: (phase - (phase % TILE)) / TILE });
        best.sort((x, y) => y.score - x.score);
        if (best.length > CANDIDATES) best.pop();
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

/** {@link foldPlane} then {@link searchKey}. */
export function detectPlane(
  luma: Float32Array,
  w: number,
  h: number,
  layout: TileLayout,
): Candidate {
  return searchKey(foldPlane(luma, w, h), layout);
}
