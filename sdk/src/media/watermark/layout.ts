/**
 * Geometry of the mark. The luma plane is cut into 8x8 blocks; each block carries one +-1 symbol in
 * the direction of a fixed mid-frequency DCT pattern (coefficients (1,2) and (2,1)). Blocks are
 * grouped into 16x16-block tiles (128x128 pixels); every tile carries the same 256 symbols, so the
 * mark is periodic. A tile holds the 188 coded bits of the payload frame and 68 known pilot
 * symbols used to find the grid offset and the tile phase after a crop. The chaotic map B chooses
 * which slot of the tile holds which symbol; the chaotic map A XOR-scrambles every symbol.
 */
import { CODED_BITS } from "./code.js";
import { deriveKeySchedule, positionPermutation, scrambleBits } from "./keySchedule.js";

export const BLOCK = 8;
/** Tile side, in blocks. */
export const TILE = 16;
export const TILE_PX = TILE * BLOCK;
export const SLOTS = TILE * TILE;
export const PILOTS = SLOTS - CODED_BITS;

/** Orthonormal 1-D DCT-II basis vector u at sample t (length 8). */
export function dctBasis(u: number, t: number): number {
  const c = u === 0 ? Math.SQRT1_2 : 1;
  return 0.5 * c * Math.cos(((2 * t + 1) * u * Math.PI) / 16);
}

/** 1-D basis vectors used by the pattern. */
export const A1 = Float64Array.from({ length: BLOCK }, (_, t) => dctBasis(1, t));
export const A2 = Float64Array.from({ length: BLOCK }, (_, t) => dctBasis(2, t));

/** The unit-norm 8x8 embedding pattern: (B(1,2) + B(2,1)) / sqrt 2, index y * 8 + x. */
export const PATTERN = (() => {
  const p = new Float64Array(BLOCK * BLOCK);
  for (let y = 0; y < BLOCK; y++)
    for (let x = 0; x < BLOCK; x++)
      p[y * BLOCK + x] = (A1[x] * A2[y] + A2[x] * A1[y]) * Math.SQRT1_2;
  return p;
})();

/** Key-dependent layout of one tile. */
export type TileLayout = {
  /** slotOf[k]: tile slot (row * 16 + column) of symbol k (0..187 coded, 188..255 pilots). */
  slotOf: Uint16Array;
  /** scramble[k]: XOR mask of symbol k; for pilots the mask is the pilot value itself. */
  scramble: Uint8Array;
};

/** Derives the tile layout of a key (bytes). */
export function tileLayout(keyBytes: Uint8Array): TileLayout {
  const schedule = deriveKeySchedule(keyBytes);
  return {
    slotOf: positionPermutation(schedule.position, SLOTS),
    scramble: scrambleBits(schedule.scramble, SLOTS),
  };
}

/** The +-1 value of every tile slot for a given coded frame. */
export function tileSigns(layout: TileLayout, coded: Uint8Array): Int8Array {
  const signs = new Int8Array(SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const bit = (k < CODED_BITS ? coded[k] : 0) ^ layout.scramble[k];
    signs[layout.slotOf[k]] = 1 - 2 * bit;
  }
  return signs;
}
