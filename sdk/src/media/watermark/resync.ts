/**
 * Resynchronisation after rescaling: the mark repeats every 128 pixels in both directions, so the
 * autocorrelation of a rescaled copy peaks at a lag of 128 * scale. The estimator high-passes the
 * luma (removing the picture's own low frequencies), clips strong edges, sums the power spectra of
 * rows (and of columns), and reads the peaks of the inverse transform. Candidate scales are then
 * undone by resampling and verified by decoding.
 */
import { TILE_PX } from "./layout.js";

/** In-place iterative radix-2 complex FFT (n a power of two). `inverse` omits the 1/n scale. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k;
        const b = a + half;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Luma minus its 15x15 box mean (edges replicated), clipped to +-3 mean absolute values. */
export function highPass(luma: Float32Array, w: number, h: number): Float32Array {
  const r = 7;
  const padded = new Float32Array(w + 2 * r + 1);
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w + 2 * r + 1; x++)
      padded[x] = luma[row + Math.min(w - 1, Math.max(0, x - r))];
    let acc = 0;
    for (let x = 0; x <= 2 * r; x++) acc += padded[x];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = acc;
      acc += padded[x + 2 * r + 1] - padded[x];
    }
  }
  const out = new Float32Array(w * h);
  const area = (2 * r + 1) * (2 * r + 1);
  const acc = new Float32Array(w);
  for (let y = -r; y <= r; y++) {
    const row = Math.min(h - 1, Math.max(0, y)) * w;
    for (let x = 0; x < w; x++) acc[x] += tmp[row + x];
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const add = Math.min(h - 1, y + r + 1) * w;
    const sub = Math.max(0, y - r) * w;
    for (let x = 0; x < w; x++) {
      out[row + x] = luma[row + x] - acc[x] / area;
      acc[x] += tmp[add + x] - tmp[sub + x];
    }
  }
  let mean = 0;
  for (let i = 0; i < out.length; i += 3) mean += Math.abs(out[i]);
  const limit = (3 * mean) / Math.ceil(out.length / 3) || 1;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    out[i] = v > limit ? limit : v < -limit ? -limit : v;
  }
  return out;
}

/**
 * Mean autocorrelation of the lines of a plane (rows when `columns` is false), normalised to 1 at
 * lag 0, for lags 0..maxLag. Every `step`-th line is used; two lines share one complex FFT.
 */
export function lineAutocorrelation(
  plane: Float32Array,
  w: number,
  h: number,
  columns: boolean,
  maxLag: number,
  step = 4,
): Float64Array {
  const length = columns ? h : w;
  const lines = columns ? w : h;
  let n = 1;
  while (n < length + maxLag) n <<= 1;
  const power = new Float64Array(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const read = (line: number, i: number): number =>
    columns ? plane[i * w + line] : plane[line * w + i];
  for (let line = 0; line < lines; line += 2 * step) {
    const other = line + step;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < length; i++) {
      re[i] = read(line, i);
      if (other < lines) im[i] = read(other, i);
    }
    fft(re, im);
    // |A|^2 + |B|^2 = (|Z(k)|^2 + |Z(n-k)|^2) / 2 for Z = A + iB with A, B real.
    for (let k = 0; k < n; k++) {
      const m = (n - k) & (n - 1);
      power[k] += 0.5 * (re[k] * re[k] + im[k] * im[k] + re[m] * re[m] + im[m] * im[m]);
    }
  }
  // Whitening: divide by the spectrum's running median so the picture's smooth spectrum flattens
  // and the lines of a periodic mark stand out; the DC bin and the lowest frequencies are dropped.
  const white = new Float64Array(n);
  const half = n >> 1;
  const window = 24;
  const sorted: number[] = [];
  for (let k = Math.max(1, Math.floor(n / 64)); k <= half; k++) {
    sorted.length = 0;
    for (let j = Math.max(1, k - window); j <= Math.min(half, k + window); j += 3)
      sorted.push(power[j]);
    sorted.sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1] || 1;
    const v = Math.max(0, power[k] / median - 1);
    white[k] = v;
    if (k !== half) white[n - k] = v;
  }
  const ar = white;
  const ai = new Float64Array(n);
  fft(ar, ai, true);
  const out = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) out[lag] = ar[lag] / (ar[0] || 1);
  return out;
}

/**
 * A scale hypothesis: the copy is `scale` times the size of the marked original. `strength` is the
 * peak's height in units of the autocorrelation's median absolute deviation (unmarked photos stay
 * below about 11; marked 0.5-3 MP photos reach 11 to several hundred).
 */
export type ScaleCandidate = { scale: number; strength: number };

/** Weakest peak worth a decoding attempt. */
export const MIN_PEAK_STRENGTH = 6;

/**
 * Candidate scales from the autocorrelation peaks (strongest first). Peaks are measured against
 * the median of their neighbourhood, refined by a parabola, and confirmed by the second
 * harmonic when it is in range.
 */
export function estimateScales(
  luma: Float32Array,
  w: number,
  h: number,
  maxCandidates = 3,
  highPassed?: Float32Array,
): ScaleCandidate[] {
  const plane = highPassed ?? highPass(luma, w, h);
  const maxLag = Math.min(Math.floor(Math.min(w, h) * 0.7), 3 * TILE_PX * 2);
  const minLag = Math.floor(TILE_PX * 0.4);
  if (maxLag < minLag + 8) return [];
  // Every 4th line on large pictures; more lines on small ones, whose peaks are weaker.
  const step = (lines: number) => Math.max(1, Math.min(4, Math.floor(lines / 384)));
  const rows = lineAutocorrelation(plane, w, h, false, maxLag, step(h));
  const cols = lineAutocorrelation(plane, w, h, true, maxLag, step(w));
  const r = new Float64Array(maxLag + 1);
  for (let i = 0; i <= maxLag; i++) r[i] = rows[i] + cols[i];
  // Express the curve in units of its own spread (median absolute deviation over the searched
  // lags), so peak strengths compare across pictures.
  const span = Array.from(r.subarray(minLag, maxLag + 1)).sort((a, b) => a - b);
  const median = span[span.length >> 1];
  const mad = span.map((v) => Math.abs(v - median)).sort((a, b) => a - b)[span.length >> 1] || 1;
  for (let i = 0; i <= maxLag; i++) r[i] = (r[i] - median) / mad;
  const prominence = (lag: number): number => {
    const around: number[] = [];
    for (let d = 3; d <= 10; d++) {
      if (lag - d >= 1) around.push(r[lag - d]);
      if (lag + d <= maxLag) around.push(r[lag + d]);
    }
    around.sort((a, b) => a - b);
    return r[lag] - around[around.length >> 1];
  };
  const peaks: ScaleCandidate[] = [];
  for (let lag = minLag; lag < maxLag && lag <= TILE_PX * 3; lag++) {
    if (!(r[lag] > r[lag - 1] && r[lag] >= r[lag + 1])) continue;
    const a = r[lag - 1];
    const b = r[lag];
    const c = r[lag + 1];
    const den = a - 2 * b + c;
    let period = lag + (den < 0 ? (0.5 * (a - c)) / den : 0);
    let strength = prominence(lag);
    const second = Math.round(2 * period);
    if (second + 1 <= maxLag) {
      let best = second;
      for (let l = second - 2; l <= second + 2; l++)
        if (l + 1 <= maxLag && r[l] > r[best]) best = l;
      const a2 = r[best - 1];
      const b2 = r[best];
      const c2 = r[best + 1];
      const den2 = a2 - 2 * b2 + c2;
      const p2 = best + (den2 < 0 ? (0.5 * (a2 - c2)) / den2 : 0);
      const s2 = prominence(best);
      if (s2 > 0) {
        period = (period + p2 / 2) / 2;
        strength += s2;
      } else strength *= 0.5;
    } else strength *= 1.5; // second harmonic out of range: neither confirmed nor refuted
    peaks.push({ scale: period / TILE_PX, strength });
  }
  if (peaks.length === 0) return [];
  peaks.sort((x, y) => y.strength - x.strength);
  // A periodic mark peaks at every multiple of its period with similar strength: when a strong peak
  // sits at a half or a third of the strongest one, that is the fundamental.
  let fundamental = peaks[0];
  for (const p of peaks) {
    const ratio = peaks[0].scale / p.scale;
    const harmonic = Math.round(ratio);
    if (
      (harmonic === 2 || harmonic === 3) &&
      Math.abs(ratio - harmonic) < 0.02 * harmonic &&
      p.strength >= 0.5 * peaks[0].strength &&
      p.scale < fundamental.scale
    )
      fundamental = p;
  }
  return [fundamental, ...peaks.filter((p) => p !== fundamental)].slice(0, maxCandidates);
}

/** Size of the full output plane and of the centred window of it that is computed. */
export function windowOf(
  width: number,
  height: number,
  maxSide = Infinity,
): { left: number; top: number; width: number; height: number } {
  const ww = Math.min(width, maxSide);
  const wh = Math.min(height, maxSide);
  return { left: (width - ww) >> 1, top: (height - wh) >> 1, width: ww, height: wh };
}

/**
 * Resamples a plane by 1/scale (bilinear, pixel centres aligned), undoing a rescale by `scale`.
 * With `maxSide`, only the centred window of at most maxSide x maxSide pixels of the result is
 * computed (`full` tells whether that is the whole plane).
 */
export function resample(
  luma: Float32Array,
  w: number,
  h: number,
  scaleX: number,
  scaleY = scaleX,
  maxSide = Infinity,
): { luma: Float32Array; width: number; height: number; full: boolean } {
  const fullWidth = Math.max(1, Math.round(w / scaleX));
  const fullHeight = Math.max(1, Math.round(h / scaleY));
  const { left, top, width, height } = windowOf(fullWidth, fullHeight, maxSide);
  const out = new Float32Array(width * height);
  const xs = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(w - 1, Math.max(0, (x + left + 0.5) * scaleX - 0.5));
    xs[x] = Math.min(w - 2, Math.floor(sx));
    fx[x] = sx - xs[x];
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y + top + 0.5) * scaleY - 0.5));
    const y0 = Math.min(h - 2, Math.floor(sy));
    const fy = sy - y0;
    const r0 = y0 * w;
    const r1 = r0 + w;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const x0 = xs[x];
      const f = fx[x];
      const top = luma[r0 + x0] + f * (luma[r0 + x0 + 1] - luma[r0 + x0]);
      const bottom = luma[r1 + x0] + f * (luma[r1 + x0 + 1] - luma[r1 + x0]);
      out[row + x] = top + fy * (bottom - top);
    }
  }
  return { luma: out, width, height, full: width === fullWidth && height === fullHeight };
}
