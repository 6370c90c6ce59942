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

import { HPASS_WASM_BASE64 } from "./wasm/hpassWasm.js";

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
  return verticalPass(mid, midWidth, rowOffset, width, height, outWidth, outHeight, needHorizontal);
}

/** The vertical pass over the horizontally resampled rows (or the source when no horizontal pass). */
function verticalPass(
  mid: Uint8Array,
  midWidth: number,
  rowOffset: number,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  needHorizontal: boolean,
): Uint8Array {
  const needVertical = height !== outHeight;
  if (!needVertical) {
    return needHorizontal ? mid : mid.slice(0, width * height);
  }
  const out = new Uint8Array(outWidth * outHeight);
  const { ksize, bounds, taps } = lanczosCoefficients(height, outHeight);
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
 * Pillow's `convert("L")` then `resize((outWidth, outHeight), LANCZOS)` of 8-bit RGB pixels, with
 * the heavy horizontal pass (and the luma) in WebAssembly SIMD when available; bit-identical to
 * {@link pillowLumaFromRgb} + {@link pillowLanczosResizeL}.
 */
export function pillowLanczosResizeRgbToL(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const wasm = width !== outWidth ? hpassModule() : null;
  if (wasm === null) {
    return pillowLanczosResizeL(
      pillowLumaFromRgb(rgb, width * height),
      width,
      height,
      outWidth,
      outHeight,
    );
  }
  const needVertical = height !== outHeight;
  const vertical = lanczosCoefficients(height, outHeight);
  const firstRow = needVertical ? vertical.bounds[0] : 0;
  const lastRow = needVertical
    ? vertical.bounds[outHeight * 2 - 2] + vertical.bounds[outHeight * 2 - 1]
    : height;
  const rows = lastRow - firstRow;
  const { ksize, bounds, taps } = lanczosCoefficients(width, outWidth);
  const kpad = Math.ceil(ksize / 8) * 8;
  // memory layout: rgb | row | bounds | hi | lo | mid  (16-byte aligned)
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const rgbAt = 0;
  const rowAt = align(rgbAt + width * height * 3);
  const boundsAt = align(rowAt + width + kpad + 16);
  const hiAt = align(boundsAt + outWidth * 8);
  const loAt = align(hiAt + outWidth * kpad * 2);
  const midAt = align(loAt + outWidth * kpad * 2);
  const total = align(midAt + rows * outWidth);
  const instance = wasmInstance(wasm, total);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const heap = new Uint8Array(memory.buffer);
  heap.set(rgb.subarray(0, width * height * 3), rgbAt);
  heap.fill(0, rowAt, boundsAt);
  const b32 = new Int32Array(memory.buffer, boundsAt, outWidth * 2);
  const hi = new Int16Array(memory.buffer, hiAt, outWidth * kpad);
  const lo = new Int16Array(memory.buffer, loAt, outWidth * kpad);
  hi.fill(0);
  lo.fill(0);
  for (let o = 0; o < outWidth; o++) {
    b32[o * 2] = bounds[o * 2];
    b32[o * 2 + 1] = bounds[o * 2 + 1];
    for (let t = 0; t < bounds[o * 2 + 1]; t++) {
      const tap = taps[o * ksize + t];
      hi[o * kpad + t] = tap >> 11;
      lo[o * kpad + t] = tap & 2047;
    }
  }
  (instance.exports.hpass as (...args: number[]) => void)(
    rgbAt,
    width,
    firstRow,
    lastRow,
    outWidth,
    boundsAt,
    hiAt,
    loAt,
    kpad,
    rowAt,
    midAt,
  );
  const mid = new Uint8Array(memory.buffer, midAt, rows * outWidth).slice();
  if (total > KEEP_MEMORY_BYTES) cachedInstance = null;
  return verticalPass(mid, outWidth, firstRow, width, height, outWidth, outHeight, true);
}

/** Above this, the WebAssembly memory is dropped after use rather than kept for the next image. */
const KEEP_MEMORY_BYTES = 64 * 1024 * 1024;
let compiled: WebAssembly.Module | null | undefined;
let cachedInstance: WebAssembly.Instance | null = null;

function hpassModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(HPASS_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null; // no WebAssembly SIMD here: the JavaScript path gives the same result
  }
  return compiled;
}

function wasmInstance(module: WebAssembly.Module, bytes: number): WebAssembly.Instance {
  const instance = cachedInstance ?? new WebAssembly.Instance(module, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  cachedInstance = instance;
  return instance;
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
