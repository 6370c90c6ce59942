import { AuteurInputError } from "../errors.js";

/**
 * TypeScript twin of `contracts/mining/EmissionCurves.sol`: the same integer algorithms on
 * `bigint`, so every function returns exactly what the Solidity library returns (asserted by the
 * contract tests). Amounts are token base units; `k`, `p0` and `slope` are 18-decimal fixed point.
 *
 * @example
 * ```ts
 * import { powerDecay, WAD } from "@auteur/sdk/pov";
 * const rate = powerDecay(100n * WAD, 5n * WAD, 525_000_000n * WAD, 1_000_000n * WAD);
 * ```
 */

/** 1.0 in 18-decimal fixed point. */
export const WAD = 10n ** 18n;
/** 1.0 in the internal 36-decimal fixed point. */
export const ONE36 = 10n ** 36n;
/** ln(2) * 1e36, truncated. */
export const LN2_36 = 693147180559945309417232121458176568n;
/** Most halvings a schedule may declare. */
export const MAX_HALVINGS = 255n;

function invalid(which: string, value: bigint): never {
  throw new AuteurInputError(
    "CURVE_INVALID_PARAMETER",
    `emission curve parameter ${which} is out of range`,
    {
      details: { which, value },
      hints: ["see docs/rewards.md for the domain of each curve parameter"],
    },
  );
}

function nonNegative(which: string, value: bigint): void {
  if (value < 0n) invalid(which, value);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

function log2Floor(x: bigint): bigint {
  return x <= 0n ? 0n : BigInt(x.toString(2).length - 1);
}

/** rate = c * (S - g) / S, rounded down; 0 once `generated >= supply`. */
export function linearRemaining(c: bigint, supply: bigint, generated: bigint): bigint {
  nonNegative("c", c);
  nonNegative("generated", generated);
  if (supply <= 0n) invalid("supply", supply);
  if (generated >= supply) return 0n;
  return (c * (supply - generated)) / supply;
}

/** ln(x / 1e36) * 1e36 for `x36 >= 1e36` (the library's `ln36`). */
export function ln36(x36: bigint): bigint {
  if (x36 < ONE36) invalid("ln argument", x36);
  const n = log2Floor(x36 / ONE36);
  const m = x36 >> n;
  const z = ((m - ONE36) * ONE36) / (m + ONE36);
  const z2 = (z * z) / ONE36;
  let term = z;
  let sum = z;
  for (let i = 3n; term !== 0n; i += 2n) {
    term = (term * z2) / ONE36;
    sum += term / i;
  }
  return n * LN2_36 + 2n * sum;
}

/** e^(-y) * 1e36 for `y36 = y * 1e36 >= 0` (the library's `expNeg36`). */
export function expNeg36(y36: bigint): bigint {
  nonNegative("exponent", y36);
  const n = y36 / LN2_36;
  if (n >= 120n) return 0n;
  const r = y36 - n * LN2_36;
  let term = ONE36;
  let sum = ONE36;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * r) / (ONE36 * i);
    sum += term;
  }
  return ((ONE36 * ONE36) / sum) >> n;
}

/** rate = c * k^(-g / (S - g)), rounded down; `c` at g = 0; 0 once `generated >= supply`. */
export function powerDecay(c: bigint, kWad: bigint, supply: bigint, generated: bigint): bigint {
  nonNegative("c", c);
  nonNegative("generated", generated);
  if (supply <= 0n) invalid("supply", supply);
  if (kWad <= WAD) invalid("k", kWad);
  if (generated >= supply) return 0n;
  if (generated === 0n) return c;
  const y = (ln36(kWad * WAD) * generated) / (supply - generated);
  return (c * expNeg36(y)) / ONE36;
}

/** A `Halving` schedule: `r0` per epoch, halved every `halvingEpochs`, at most `maxHalvings` times. */
export interface HalvingSchedule {
  r0: bigint;
  halvingEpochs: bigint;
  maxHalvings: bigint;
}

function checkHalving(s: HalvingSchedule): void {
  nonNegative("r0", s.r0);
  nonNegative("halvingEpochs", s.halvingEpochs);
  if (s.maxHalvings < 0n || s.maxHalvings > MAX_HALVINGS) invalid("maxHalvings", s.maxHalvings);
  if (s.maxHalvings !== 0n && s.halvingEpochs === 0n) invalid("halvingEpochs", s.halvingEpochs);
}

/** Emission of one epoch. */
export function halvingRate(s: HalvingSchedule, epoch: bigint): bigint {
  checkHalving(s);
  nonNegative("epoch", epoch);
  if (s.maxHalvings === 0n) return s.r0;
  const halvings = epoch / s.halvingEpochs;
  return s.r0 >> (halvings < s.maxHalvings ? halvings : s.maxHalvings);
}

/** Total emission of epochs `[0, epochs)`. */
export function halvingCumulative(s: HalvingSchedule, epochs: bigint): bigint {
  checkHalving(s);
  nonNegative("epochs", epochs);
  let total = 0n;
  let start = 0n;
  for (let i = 0n; i < s.maxHalvings; i++) {
    if (epochs <= start) return total;
    let span = epochs - start;
    if (span > s.halvingEpochs) span = s.halvingEpochs;
    total += span * (s.r0 >> i);
    start += s.halvingEpochs;
  }
  if (epochs > start) total += (epochs - start) * (s.r0 >> s.maxHalvings);
  return total;
}

/** Total emission of epochs `[fromEpoch, toEpoch]`, both included. */
export function halvingEmission(s: HalvingSchedule, fromEpoch: bigint, toEpoch: bigint): bigint {
  nonNegative("fromEpoch", fromEpoch);
  if (fromEpoch > toEpoch) invalid("fromEpoch", fromEpoch);
  return halvingCumulative(s, toEpoch + 1n) - halvingCumulative(s, fromEpoch);
}

/** Price of the next whole point after `minted`: p0 + slope * minted / 1e18, rounded up. */
export function risingPrice(p0Wad: bigint, slopeWad: bigint, minted: bigint): bigint {
  nonNegative("p0", p0Wad);
  nonNegative("slope", slopeWad);
  nonNegative("minted", minted);
  return p0Wad + ceilDiv(slopeWad * minted, WAD);
}

/** Cost of `amount` points from `minted`: p0 * a / 1e18 + slope * (2ma + a^2) / 2e36, each rounded up. */
export function risingCost(
  p0Wad: bigint,
  slopeWad: bigint,
  minted: bigint,
  amount: bigint,
): bigint {
  nonNegative("p0", p0Wad);
  nonNegative("slope", slopeWad);
  nonNegative("minted", minted);
  nonNegative("amount", amount);
  const area = amount * (2n * minted + amount);
  return ceilDiv(p0Wad * amount, WAD) + ceilDiv(slopeWad * area, 2n * WAD * WAD);
}

/** The `chainflix` Proof-of-View schedule: 135 per 43.2-second epoch, one halving after 730,000 epochs (a year). */
export const CHAINFLIX_HALVING: HalvingSchedule = Object.freeze({
  r0: 135n * WAD,
  halvingEpochs: 730_000n,
  maxHalvings: 1n,
});
