/**
 * The 8x8 low-frequency corner of the unnormalised type-II DCT of a 32x32 block, in
 * scipy.fftpack's convention: `y[k] = 2 * sum_n x[n] * cos(pi * k * (2n + 1) / (2N))`, applied
 * along the columns (axis 0) and then along the rows (axis 1). Only the 8 needed outputs of each
 * pass are computed.
 */

const N = 32;
const K = 8;

/** `COS[k * N + n] = 2 * cos(pi * k * (2n + 1) / 64)`. */
const COS = (() => {
  const table = new Float64Array(K * N);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++)
      table[k * N + n] = 2 * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * N));
  }
  return table;
})();

/** Returns the 64 coefficients `D[u][v]`, u = vertical frequency, row-major. */
export function dct32LowFrequencies8(pixels: Uint8Array | Float64Array): Float64Array {
  // Pass 1 (axis 0): T[u][x] = sum_y pixels[y][x] * COS[u][y]
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) {
    for (let x = 0; x < N; x++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += pixels[y * N + x] * COS[u * N + y];
      t[u * N + x] = sum;
    }
  }
  // Pass 2 (axis 1): D[u][v] = sum_x T[u][x] * COS[v][x]
  const d = new Float64Array(K * K);
  for (let u = 0; u < K; u++) {
    for (let v = 0; v < K; v++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += t[u * N + x] * COS[v * N + x];
      d[u * K + v] = sum;
    }
  }
  return d;
}
