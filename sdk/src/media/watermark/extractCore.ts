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
 * (x, y) (x <= w - 8, y <= h - 8), stored at y * w + x. Separable, and the symmetries of the DCT
 * basis (A1 odd, A2 even about the block centre) leave 6 multiplications per pixel and pass.
 */
export function projectionMap(luma: Float32Array, w: number, h: number): Float32Array {
  // A1 = (a, b, c, d, -d, -c, -b, -a), A2 = (e, f, -f, -e, -e, -f, f, e).
  const a = A1[0];
  const b = A1[1];
  const c = A1[2];
  const d = A1[3];
  const e = A2[0];
  const f = A2[1];
  const h1 = new Float32Array(w * h);
  const h2 = new Float32Array(w * h);
  const xs = w - BLOCK;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x <= xs; x++) {
      const i = row + x;
      const v0 = luma[i];
      const v1 = luma[i + 1];
      const v2 = luma[i + 2];
      const v3 = luma[i + 3];
      const v4 = luma[i + 4];
      const v5 = luma[i + 5];
      const v6 = luma[i + 6];
      const v7 = luma[i + 7];
      h1[i] = a * (v0 - v7) + b * (v1 - v6) + c * (v2 - v5) + d * (v3 - v4);
      h2[i] = e * (v0 + v7 - v3 - v4) + f * (v1 + v6 - v2 - v5);
    }
  }
  // Vertical pass: (sum_t h1[y+t] A2[t] + h2[y+t] A1[t]) / sqrt 2.
  const r = Math.SQRT1_2;
  const ra = a * r;
  const rb = b * r;
  const rc = c * r;
  const rd = d * r;
  const re = e * r;
  const rf = f * r;
  const out = new Float32Array(w * h);
  for (let y = 0; y <= h - BLOCK; y++) {
    const r0 = y * w;
    const r1 = r0 + w;
    const r2 = r1 + w;
    const r3 = r2 + w;
    const r4 = r3 + w;
    const r5 = r4 + w;
    const r6 = r5 + w;
    const r7 = r6 + w;
    for (let x = 0; x <= xs; x++) {
      out[r0 + x] =
        re * (h1[r0 + x] + h1[r7 + x] - h1[r3 + x] - h1[r4 + x]) +
        rf * (h1[r1 + x] + h1[r6 + x] - h1[r2 + x] - h1[r5 + x]) +
        ra * (h2[r0 + x] - h2[r7 + x]) +
        rb * (h2[r1 + x] - h2[r6 + x]) +
        rc * (h2[r2 + x] - h2[r5 + x]) +
        rd * (h2[r3 + x] - h2[r4 + x]);
    }
  }
  return out;
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
 * The key-independent part of detection: the block grid folded into one tile per pixel offset, as
 * clipped sums (`tiles`) and as sign votes (`votes`).
 */
export type FoldedPlane = { tiles: Float64Array[]; votes: Float64Array[] };

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
  // One pass over the map: the window at (x, y) is block ((x >> 3) & 15, (y >> 3) & 15) of the
  // tile of grid offset (x & 7, y & 7). `soft` sums the windows' projections clipped to +-limit,
  // `votes` sums their signs. The soft sum is the better statistic when an edit adds noise
  // (compression, blur); the vote when an edit bends the values (a contrast stretch that clips dark
  // or bright areas, where a few strong, distorted blocks would otherwise dominate).
  const soft = new Float64Array(BLOCK * BLOCK * SLOTS);
  const vote = new Float64Array(BLOCK * BLOCK * SLOTS);
  const columns = new Int32Array(w - BLOCK + 1);
  for (let x = 0; x <= w - BLOCK; x++) columns[x] = (x & 7) * SLOTS + ((x >> 3) & 15);
  for (let y = 0; y <= h - BLOCK; y++) {
    const base = (y & 7) * BLOCK * SLOTS + ((y >> 3) & 15) * TILE;
    const row = y * w;
    for (let x = 0; x <= w - BLOCK; x++) {
      const v = map[row + x];
      const k = base + columns[x];
      soft[k] += v > limit ? limit : v < -limit ? -limit : v;
      vote[k] += v > 0 ? 1 : v < 0 ? -1 : 0;
    }
  }
  const tiles: Float64Array[] = [];
  const votes: Float64Array[] = [];
  for (let o = 0; o < BLOCK * BLOCK; o++) {
    tiles.push(soft.subarray(o * SLOTS, (o + 1) * SLOTS));
    votes.push(vote.subarray(o * SLOTS, (o + 1) * SLOTS));
  }
  return { tiles, votes };
}

/**
 * Searches the 64 grid offsets and 256 tile phases of a folded plane with the key's pilots and
 * decodes the best candidates, first on the clipped sums, then (when they give nothing) on the sign
 * votes. Returns the accepted candidate, or the best rejected one (payload null).
 */
export function searchKey(folded: FoldedPlane, layout: TileLayout): Candidate {
  const soft = searchTiles(folded.tiles, layout);
  if (soft.payload !== null) return soft;
  const votes = searchTiles(folded.votes, layout);
  return votes.payload !== null || votes.rho > soft.rho ? votes : soft;
}

/** {@link searchKey} on one set of 64 folded tiles. */
function searchTiles(tiles: Float64Array[], layout: TileLayout): Candidate {
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
  for (const tile of tiles) {
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
