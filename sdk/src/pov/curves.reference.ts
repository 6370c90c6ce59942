/**
 * High-precision references for the emission curves, used by the tests only (not exported from the
 * package entry): 60-decimal bigint arithmetic with methods independent of the library's
 * (no range reduction: ln by the atanh series of k itself, e^y by its plain Taylor series), so an
 * error in the library's reduction steps cannot hide in the reference.
 */

/** 1.0 at 60 decimals. */
export const SCALE60 = 10n ** 60n;

/**
 * ln(num / den) * 1e60 for num >= den > 0: powers of ten are taken out exactly (the library
 * reduces by powers of two instead), the rest x in [1, 10) goes through
 * 2 * atanh((x - 1) / (x + 1)) summed to < 1e-60.
 */
export function refLn60(num: bigint, den: bigint): bigint {
  if (num < den || den <= 0n) throw new RangeError("refLn60 needs num >= den > 0");
  let tens = 0n;
  while (num >= 10n * den) {
    den *= 10n;
    tens++;
  }
  return tens === 0n ? atanhLn60(num, den) : tens * atanhLn60(10n, 1n) + atanhLn60(num, den);
}

function atanhLn60(num: bigint, den: bigint): bigint {
  // z = (x - 1) / (x + 1) = (num - den) / (num + den)
  const z = ((num - den) * SCALE60) / (num + den);
  const z2 = (z * z) / SCALE60;
  let power = z;
  let sum = 0n;
  for (let i = 1n; power !== 0n; i += 2n) {
    sum += power / i;
    power = (power * z2) / SCALE60;
  }
  return 2n * sum;
}

/** e^(y / 1e60) * 1e60 for y >= 0 by its Taylor series, summed until the term is below 1e-60. */
export function refExp60(y60: bigint): bigint {
  if (y60 < 0n) throw new RangeError("refExp60 needs y >= 0");
  let term = SCALE60;
  let sum = SCALE60;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * y60) / (SCALE60 * i);
    sum += term;
  }
  return sum;
}

/** c * k^(-g / (S - g)) * 1e60 (the rate in units of 1e-60 wei), k = kWad / 1e18. */
export function refPowerDecay60(
  c: bigint,
  kWad: bigint,
  supply: bigint,
  generated: bigint,
): bigint {
  if (generated >= supply) return 0n;
  const y = (refLn60(kWad, 10n ** 18n) * generated) / (supply - generated);
  if (y > 400n * SCALE60) return 0n; // e^-400 < 1e-173: below anything that can be represented
  return (c * SCALE60 * SCALE60) / refExp60(y);
}

/** c * (S - g) / S * 1e60, exact up to 1e-60 wei. */
export function refLinearRemaining60(c: bigint, supply: bigint, generated: bigint): bigint {
  if (generated >= supply) return 0n;
  return (c * (supply - generated) * SCALE60) / supply;
}
