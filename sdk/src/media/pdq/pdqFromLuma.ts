/**
 * PDQ (Meta's 256-bit perceptual hash) on a float luma plane, following the published algorithm
 * (ThreatExchange `pdq/`, "PDQ hashing" 2017): two passes of a Jarosz box-filter pair (rows then
 * columns, window = ceil(size / 128)), decimation to 64x64 at the cell centres, a quality score
 * from the 64x64 gradients, the DCT coefficients (1..16) x (1..16), and bit = coefficient >
 * median (the 128th smallest of the 256). Arithmetic is kept in 32-bit floats (`Math.fround`)
 * as the reference implementation keeps it, so results agree with it to the bit on identical
 * pixels; JPEG decoders differ by a bit or two.
 */

const fround = Math.fround;

/** A PDQ hash: 32 bytes (in the order of the hex), 64 lowercase hex digits, and quality 0..100. */
export interface PdqHash {
  hash: Uint8Array;
  hex: string;
  quality: number;
}

/** The eight dihedral variants (rotations and flips) of one image's PDQ hash. */
export interface PdqDihedral {
  original: PdqHash;
  rotate90: PdqHash;
  rotate180: PdqHash;
  rotate270: PdqHash;
  flipX: PdqHash;
  flipY: PdqHash;
  flipPlus1: PdqHash;
  flipMinus1: PdqHash;
}

/** Names of the dihedral variants, in the reference implementation's order. */
export const PDQ_DIHEDRAL_NAMES = [
  "original",
  "rotate90",
  "rotate180",
  "rotate270",
  "flipX",
  "flipY",
  "flipPlus1",
  "flipMinus1",
] as const;

/** Images smaller than this on either side get the all-zero hash with quality 0. */
export const PDQ_MIN_DIMENSION = 5;

/** `DCT[i * 64 + j] = sqrt(2 / 64) * cos(pi / 128 * (i + 1) * (2j + 1))`, as float32. */
const DCT = (() => {
  const m = new Float32Array(16 * 64);
  const scale = fround(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++)
      m[i * 64 + j] = fround(scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1)));
  }
  return m;
})();

const R = fround(0.299);
const G = fround(0.587);
const B = fround(0.114);

/** PDQ's luma (BT.601 weights in float32) from 8-bit RGB, 3 bytes per pixel. */
export function pdqLumaFromRgb(rgb: Uint8Array, width: number, height: number): Float32Array {
  const n = width * height;
  const luma = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    luma[i] = fround(fround(fround(R * rgb[j]) + fround(G * rgb[j + 1])) + fround(B * rgb[j + 2]));
  }
  return luma;
}

/**
 * Largest side hashed at full resolution. Like the reference file hasher, larger images are first
 * resampled (nearest neighbour) to exactly 512x512 — the Jarosz filters would be slow on
 * megapixel images and this is what the published reference hashes were computed from.
 */
export const PDQ_DOWNSAMPLE_DIMENSION = 512;

/**
 * The reference file hasher's input step: PDQ luma of 8-bit RGB, nearest-neighbour resampled to
 * 512x512 when either side is larger than 512 (sample index = floor(i * size / 512)).
 */
export function pdqPrepareLuma(
  rgb: Uint8Array,
  width: number,
  height: number,
): { luma: Float32Array; width: number; height: number } {
  if (width <= PDQ_DOWNSAMPLE_DIMENSION && height <= PDQ_DOWNSAMPLE_DIMENSION) {
    return { luma: pdqLumaFromRgb(rgb, width, height), width, height };
  }
  const n = PDQ_DOWNSAMPLE_DIMENSION;
  const luma = new Float32Array(n * n);
  const cols = new Int32Array(n);
  for (let x = 0; x < n; x++) cols[x] = Math.floor((x * width) / n) * 3;
  for (let y = 0; y < n; y++) {
    const row = Math.floor((y * height) / n) * width * 3;
    for (let x = 0; x < n; x++) {
      const j = row + cols[x];
      luma[y * n + x] = fround(
        fround(fround(R * rgb[j]) + fround(G * rgb[j + 1])) + fround(B * rgb[j + 2]),
      );
    }
  }
  return { luma, width: n, height: n };
}

/** Window of each box-filter pass: `ceil(oldSize / (2 * newSize))`. */
export function jaroszWindowSize(oldSize: number, newSize: number): number {
  return Math.floor((oldSize + 2 * newSize - 1) / (2 * newSize));
}

/** One box-filter pass along a strided vector (window shrinks at both ends). */
function box1d(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  stride: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < phase1; i++) {
    sum = fround(sum + input[ri]);
    size++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = fround(sum + input[ri]);
    size++;
    output[oi] = sum / size;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = fround(sum + input[ri]);
    sum = fround(sum - input[li]);
    output[oi] = sum / size;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = fround(sum - input[li]);
    size--;
    output[oi] = sum / size;
    li += stride;
    oi += stride;
  }
}

/** Blur (2 x rows+columns box passes) and decimate a luma plane to 64x64. `luma` is overwritten. */
function downsample64(
  luma: Float32Array,
  width: number,
  height: number,
  legacyWindows: boolean,
): Float32Array {
  if (width === 64 && height === 64) return Float32Array.from(luma);
  // The 2017 reference build sized each pass's window from the other axis (see PdqLumaOptions).
  const rowWindow = jaroszWindowSize(legacyWindows ? height : width, 64);
  const colWindow = jaroszWindowSize(legacyWindows ? width : height, 64);
  const scratch = new Float32Array(width * height);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) box1d(luma, scratch, y * width, width, 1, rowWindow);
    for (let x = 0; x < width; x++) box1d(scratch, luma, x, height, width, colWindow);
  }
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const yi = Math.floor(((i + 0.5) * height) / 64);
    for (let j = 0; j < 64; j++) {
      const xj = Math.floor(((j + 0.5) * width) / 64);
      out[i * 64 + j] = luma[yi * width + xj];
    }
  }
  return out;
}

/** The reference's quality heuristic: count of significant gradients in the 64x64, capped at 100. */
function quality64(a: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++)
      sum += Math.abs(
        Math.trunc(fround(fround((a[i * 64 + j] - a[(i + 1) * 64 + j]) * 100) / 255)),
      );
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++)
      sum += Math.abs(Math.trunc(fround(fround((a[i * 64 + j] - a[i * 64 + j + 1]) * 100) / 255)));
  }
  return Math.min(Math.trunc(sum / 90), 100);
}

/** B = D A D^T restricted to 16x16 (frequencies 1..16), float32 accumulation. */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround(DCT[i * 64 + k] * a[k * 64 + j]));
      t[i * 64 + j] = sum;
    }
  }
  const b = new Float32Array(16 * 16);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround(t[i * 64 + k] * DCT[j * 64 + k]));
      b[i * 16 + j] = sum;
    }
  }
  return b;
}

/**
 * Bits of a 16x16 coefficient block. Bit `i * 16 + j` is coefficient (i, j) > median; the hex
 * lists 16-bit words from row 15 down to row 0, each word's bit j being column j (the reference
 * implementation's `Hash256` layout), and `hash` holds the bytes of that hex.
 */
function toHash(block: Float32Array, quality: number): PdqHash {
  const median = Float32Array.from(block).sort()[127];
  const hash = new Uint8Array(32);
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 16; j++) if (block[i * 16 + j] > median) word |= 1 << j;
    const at = (15 - i) * 2;
    hash[at] = word >>> 8;
    hash[at + 1] = word & 0xff;
  }
  return { hash, hex: bytesToHex(hash), quality };
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

function checkPlane(luma: Float32Array, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`invalid luma size ${width}x${height}`);
  }
  if (luma.length < width * height) {
    throw new RangeError(
      `luma has ${luma.length} samples, ${width}x${height} needs ${width * height}`,
    );
  }
}

/** Options of {@link pdqFromLuma} and {@link pdqDihedralFromLuma}. */
export interface PdqLumaOptions {
  /**
   * Reproduce the reference build that printed the 2017 published hashes
   * (fixtures/pdq/expected.csv): its box-filter window along rows was computed from the image
   * height and the one along columns from the width (today's code uses each pass's own axis). Only for
   * comparing with hashes made by that build; default false (today's reference).
   */
  legacy2017?: boolean;
}

function coefficients(
  luma: Float32Array,
  width: number,
  height: number,
  options: PdqLumaOptions,
): { block: Float32Array; quality: number } | null {
  checkPlane(luma, width, height);
  if (width < PDQ_MIN_DIMENSION || height < PDQ_MIN_DIMENSION) return null;
  const work = Float32Array.from(luma.subarray(0, width * height));
  const small = downsample64(work, width, height, options.legacy2017 === true);
  return { block: dct64To16(small), quality: quality64(small) };
}

const ZERO: PdqHash = Object.freeze({
  hash: new Uint8Array(32),
  hex: "0".repeat(64),
  quality: 0,
}) as PdqHash;

/**
 * PDQ hash of a luma plane (`width * height` floats, 0..255, row-major). Used per video frame.
 * `luma` is not modified. A plane smaller than 5 pixels on a side gives the zero hash, quality 0.
 */
export function pdqFromLuma(
  luma: Float32Array,
  width: number,
  height: number,
  options: PdqLumaOptions = {},
): PdqHash {
  const c = coefficients(luma, width, height, options);
  if (c === null) return { ...ZERO, hash: new Uint8Array(32) };
  return toHash(c.block, c.quality);
}

/** The eight dihedral PDQ hashes of a luma plane from one DCT (rotations and flips). */
export function pdqDihedralFromLuma(
  luma: Float32Array,
  width: number,
  height: number,
  options: PdqLumaOptions = {},
): PdqDihedral {
  const c = coefficients(luma, width, height, options);
  const out = {} as PdqDihedral;
  for (const name of PDQ_DIHEDRAL_NAMES) {
    out[name] =
      c === null
        ? { ...ZERO, hash: new Uint8Array(32) }
        : toHash(dihedral(c.block, name), c.quality);
  }
  return out;
}

/**
 * A dihedral transform of the image expressed on its DCT block: mirroring a cosine basis of odd
 * frequency index (our index i is frequency i + 1) negates it; a transposition swaps the axes.
 */
function dihedral(a: Float32Array, name: (typeof PDQ_DIHEDRAL_NAMES)[number]): Float32Array {
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = a[i * 16 + j];
      const evenI = (i & 1) === 0; // frequency i + 1 is odd: sign flips when mirrored vertically
      const evenJ = (j & 1) === 0;
      switch (name) {
        case "original":
          b[i * 16 + j] = v;
          break;
        case "rotate90":
          b[j * 16 + i] = evenJ ? -v : v;
          break;
        case "rotate180":
          b[i * 16 + j] = ((i + j) & 1) === 1 ? -v : v;
          break;
        case "rotate270":
          b[j * 16 + i] = evenI ? -v : v;
          break;
        case "flipX":
          b[i * 16 + j] = evenI ? -v : v;
          break;
        case "flipY":
          b[i * 16 + j] = evenJ ? -v : v;
          break;
        case "flipPlus1":
          b[j * 16 + i] = v;
          break;
        case "flipMinus1":
          b[j * 16 + i] = ((i + j) & 1) === 1 ? -v : v;
          break;
      }
    }
  }
  return b;
}

/** Number of differing bits between two 256-bit hashes (32 bytes each). */
export function hammingDistance256(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== 32 || b.length !== 32)
    throw new RangeError(`PDQ hashes are 32 bytes, got ${a.length} and ${b.length}`);
  let d = 0;
  for (let i = 0; i < 32; i++) {
    let x = a[i] ^ b[i];
    x -= (x >>> 1) & 0x55;
    x = (x & 0x33) + ((x >>> 2) & 0x33);
    d += (x + (x >>> 4)) & 0x0f;
  }
  return d;
}

/** Parses 64 hex digits into a 32-byte hash. */
export function pdqFromHex(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new TypeError(`not a 256-bit hex hash: ${JSON.stringify(hex)}`);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
