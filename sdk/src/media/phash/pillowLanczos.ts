/**
 * Pillow's LANCZOS resize of an 8-bit greyscale ("L") image, reproduced integer for integer.
 *
 * Pillow (`libImaging/Resample.c`) resizes in two separable passes, horizontal then vertical. For
 * each output sample it places a Lanczos window (a = 3) of half-width `3 * scale` (scale =
 * input / output size, at least 1) around the sample centre `(i + 0.5) * scale`, evaluates the
 * kernel `sinc(x) * sinc(x / 3)` at `(j - centre + 0.5) / scale` for each covered input index j,
 * normalises the taps to sum 1, and quantises each tap to fixed point with 22 fractional bits,
 * rounding half away from zero. A sample is `sum(pixel * tap) + 2^21` shifted right by 22 and
 * clipped to 0..255; the horizontal pass is clipped to 8 bits before the vertical pass reads it.
 * This file is a re-statement of that arithmetic, written from the description above.
 */

const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);
const CLIP_HIGH = 2 ** (PRECISION_BITS + 8);

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos3(x: number): number {
  return x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

/** Taps of one axis: `bounds[2i]` first input index, `bounds[2i+1]` tap count, `taps[i*ksize+k]`. */
export interface Coefficients {
  ksize: number;
  bounds: Int32Array;
  taps: Int32Array;
}

/** Fixed-point taps for resizing an axis of `inSize` samples to `outSize`, cached by size pair. */
export function lanczosCoefficients(inSize: number, outSize: number): Coefficients {
  const key = inSize * 65536 + outSize;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 3 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const taps = new Int32Array(outSize * ksize);
  const weights = new Float64Array(ksize);
  const inverse = 1 / filterScale;
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    // C casts (int) truncate toward zero; clamping to 0 makes that equal to Math.trunc here.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const w = lanczos3((x + xmin - center + 0.5) * inverse);
      weights[x] = w;
      total += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? weights[x] / total : weights[x];
      const scaled = w * (1 << PRECISION_BITS);
      taps[i * ksize + x] = w < 0 ? Math.trunc(scaled - 0.5) : Math.trunc(scaled + 0.5);
    }
    bounds[i * 2] = xmin;
    bounds[i * 2 + 1] = xmax;
  }
  const result = { ksize, bounds, taps };
  if (cache.size > 256) cache.clear();
  cache.set(key, result);
  return result;
}

const cache = new Map<number, Coefficients>();

function clip8(value: number): number {
  if (value >= CLIP_HIGH) return 255;
  if (value <= 0) return 0;
  return value >> PRECISION_BITS;
}

/**
 * Resizes an 8-bit greyscale image (`width * height` bytes, row-major) to `outWidth x outHeight`
 * exactly as Pillow's `Image.resize(size, Image.LANCZOS)` does on an "L" image.
 */
export function pillowLanczosResizeL(
  src: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const needHorizontal = width !== outWidth;
  const needVertical = height !== outHeight;
  const vertical = lanczosCoefficients(height, outHeight);
  // Only the rows the vertical pass reads are resampled horizontally (as Pillow does).
  const firstRow = needVertical ? vertical.bounds[0] : 0;
  const lastRow = needVertical
    ? vertical.bounds[outHeight * 2 - 2] + vertical.bounds[outHeight * 2 - 1]
    : height;

  let mid: Uint8Array;
  let midWidth: number;
  let rowOffset: number;
  if (needHorizontal) {
    const { ksize, bounds, taps } = lanczosCoefficients(width, outWidth);
    const rows = lastRow - firstRow;
    mid = new Uint8Array(rows * outWidth);
    for (let y = 0; y < rows; y++) {
      const rowStart = (y + firstRow) * width;
      const outStart = y * outWidth;
      for (let x = 0; x < outWidth; x++) {
        const xmin = bounds[x * 2] + rowStart;
        const count = bounds[x * 2 + 1];
        const k = x * ksize;
        // int32 arithmetic as in C: |sum| < 2^31 because the taps sum to 2^22 (|taps| < 1.3 * 2^22)
        let sum = HALF;
        for (let t = 0; t < count; t++) sum = (sum + Math.imul(src[xmin + t], taps[k + t])) | 0;
        mid[outStart + x] = clip8(sum);
      }
    }
    midWidth = outWidth;
    rowOffset = firstRow;
  } else {
    mid = src;
    midWidth = width;
    rowOffset = 0;
  }
  if (!needVertical) {
    return needHorizontal ? mid : mid.slice(0, width * height);
  }
  const out = new Uint8Array(outWidth * outHeight);
  const { ksize, bounds, taps } = vertical;
  for (let y = 0; y < outHeight; y++) {
    const ymin = bounds[y * 2] - rowOffset;
    const count = bounds[y * 2 + 1];
    const k = y * ksize;
    for (let x = 0; x < outWidth; x++) {
      let sum = HALF;
      for (let t = 0; t < count; t++)
        sum = (sum + Math.imul(mid[(ymin + t) * midWidth + x], taps[k + t])) | 0;
      out[y * outWidth + x] = clip8(sum);
    }
  }
  return out;
}

/**
 * Pillow's RGB to "L" conversion (ITU-R 601-2 luma in 16-bit fixed point):
 * `L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16`.
 */
export function pillowLumaFromRgb(rgb: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[i] = (rgb[j] * 19595 + rgb[j + 1] * 38470 + rgb[j + 2] * 7471 + 0x8000) >>> 16;
  }
  return out;
}
