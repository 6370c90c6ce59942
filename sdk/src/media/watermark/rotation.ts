/**
 * Resynchronisation after a small rotation (and rescale): the periodic mark puts peaks in the 2-D
 * autocorrelation of the picture at the tile's lattice vectors, (128 s cos θ, 128 s sin θ). The
 * estimator takes the central square of the high-passed luma, whitens its 2-D power spectrum, and
 * finds the strongest peak within ±6° of the horizontal axis. The rotation is then undone by
 * resampling (bilinear, about the centre).
 */
import { TILE_PX } from "./layout.js";
import { fft, highPass, windowOf } from "./resync.js";

/** A rotation hypothesis: the copy is the original turned by `degrees` (counter-clockwise positive in image coordinates) and scaled by `scale`. */
export type RotationCandidate = { degrees: number; scale: number; strength: number };

/** Largest rotation searched, in degrees. */
export const MAX_ROTATION = 6;
/** Weakest lattice peak worth a decoding attempt (in MADs of the autocorrelation). */
export const MIN_LATTICE_STRENGTH = 8;

/**
 * Estimates the lattice of the mark (rotation and scale) from the central part of the picture.
 * `highPassed`: {@link highPass} of the plane, when the caller has it already.
 */
export function estimateRotation(
  luma: Float32Array,
  w: number,
  h: number,
  highPassed?: Float32Array,
): RotationCandidate | null {
  if (Math.min(w, h) < 256) return null;
  // The central region (at most 1024 x 1024), zero-padded to a power of two.
  const size = Math.max(w, h) >= 600 && Math.min(w, h) >= 400 ? 1024 : 512;
  const rw = Math.min(w, size);
  const rh = Math.min(h, size);
  const plane = highPassed ?? highPass(luma, w, h);
  const left = (w - rw) >> 1;
  const top = (h - rh) >> 1;
  const n = size * size;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let y = 0; y < rh; y++)
    for (let x = 0; x < rw; x++) re[y * size + x] = plane[(top + y) * w + left + x];
  fft2(re, im, size, false);
  const power = new Float64Array(n);
  for (let i = 0; i < n; i++) power[i] = re[i] * re[i] + im[i] * im[i];
  // Whitening: divide by a 9x9 (circular) box mean of the spectrum.
  const smooth = boxCircular(power, size, 4);
  for (let i = 0; i < n; i++) {
    re[i] = smooth[i] > 0 ? Math.max(0, power[i] / smooth[i] - 1) : 0;
    im[i] = 0;
  }
  re[0] = 0;
  fft2(re, im, size, true);
  // re now holds the circular 2-D autocorrelation; lag (dx, dy) at ((dy mod size) * size + (dx mod size)).
  const at = (dx: number, dy: number) => re[((dy + size) % size) * size + ((dx + size) % size)];
  const values: number[] = [];
  const minLag = Math.floor(TILE_PX * 0.6);
  const maxLag = Math.min(size >> 1, Math.floor(TILE_PX * 1.9));
  const slope = Math.tan((MAX_ROTATION * Math.PI) / 180);
  let best = { dx: 0, dy: 0, v: -Infinity };
  for (let dx = minLag; dx <= maxLag; dx++) {
    const reach = Math.ceil(dx * slope);
    for (let dy = -reach; dy <= reach; dy++) {
      const v = at(dx, dy);
      values.push(v);
      if (v > best.v) best = { dx, dy, v };
    }
  }
  if (best.v === -Infinity) return null;
  values.sort((a, b) => a - b);
  const median = values[values.length >> 1];
  const mad =
    values.map((v) => Math.abs(v - median)).sort((a, b) => a - b)[values.length >> 1] || 1;
  const strength = (best.v - median) / mad;
  // Parabolic refinement in both directions.
  const refine = (a: number, b: number, c: number) => {
    const den = a - 2 * b + c;
    return den < 0 ? (0.5 * (a - c)) / den : 0;
  };
  const fx = best.dx + refine(at(best.dx - 1, best.dy), best.v, at(best.dx + 1, best.dy));
  const fy = best.dy + refine(at(best.dx, best.dy - 1), best.v, at(best.dx, best.dy + 1));
  return {
    degrees: (Math.atan2(fy, fx) * 180) / Math.PI,
    scale: Math.hypot(fx, fy) / TILE_PX,
    strength,
  };
}

function fft2(re: Float64Array, im: Float64Array, size: number, inverse: boolean): void {
  const rr = new Float64Array(size);
  const ri = new Float64Array(size);
  for (let y = 0; y < size; y++) {
    const o = y * size;
    rr.set(re.subarray(o, o + size));
    ri.set(im.subarray(o, o + size));
    fft(rr, ri, inverse);
    re.set(rr, o);
    im.set(ri, o);
  }
  for (let x = 0; x < size; x++) {
    for (let y = 0; y < size; y++) {
      rr[y] = re[y * size + x];
      ri[y] = im[y * size + x];
    }
    fft(rr, ri, inverse);
    for (let y = 0; y < size; y++) {
      re[y * size + x] = rr[y];
      im[y * size + x] = ri[y];
    }
  }
}

function boxCircular(a: Float64Array, size: number, r: number): Float64Array {
  const tmp = new Float64Array(a.length);
  const out = new Float64Array(a.length);
  const m = size - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += a[y * size + ((x + d) & m)];
      tmp[y * size + x] = s;
    }
  }
  const area = (2 * r + 1) * (2 * r + 1);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += tmp[((y + d) & m) * size + x];
      out[y * size + x] = s / area;
    }
  }
  return out;
}

/**
 * Undoes a rotation by `degrees` and a rescale by `scale` about the centre (bilinear), producing a
 * plane of the original orientation and size ratio. With `maxSide`, only the centred window of at
 * most maxSide x maxSide pixels of the result is computed (`full` tells whether that is all of it).
 */
export function unrotate(
  luma: Float32Array,
  w: number,
  h: number,
  degrees: number,
  scale: number,
  maxSide = Infinity,
): { luma: Float32Array; width: number; height: number; full: boolean } {
  const fullWidth = Math.max(1, Math.round(w / scale));
  const fullHeight = Math.max(1, Math.round(h / scale));
  const { left, top, width, height } = windowOf(fullWidth, fullHeight, maxSide);
  const out = new Float32Array(width * height);
  const t = (degrees * Math.PI) / 180;
  const c = Math.cos(t) * scale;
  const s = Math.sin(t) * scale;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const ox = (fullWidth - 1) / 2 - left;
  const oy = (fullHeight - 1) / 2 - top;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Output (x, y) in the original frame maps to the copy by rotating +t and scaling.
      const u = x - ox;
      const v = y - oy;
      const sx = cx + c * u - s * v;
      const sy = cy + s * u + c * v;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const topRow = luma[i] + fx * (luma[i + 1] - luma[i]);
      const bottom = luma[i + w] + fx * (luma[i + w + 1] - luma[i + w]);
      out[y * width + x] = topRow + fy * (bottom - topRow);
    }
  }
  return { luma: out, width, height, full: width === fullWidth && height === fullHeight };
}
