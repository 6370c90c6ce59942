/**
 * BigDecimal with graph-node's semantics (graph/src/data/store/scalar/bigdecimal.rs, graph-node
 * v0.35+): a value is `digits * 10^exp`; every result is normalized to at most 34 significant
 * digits (rounded half away from zero on the first dropped digit, as bigdecimal's `with_prec`
 * does for positive values) with trailing zeros stripped; division keeps 100 digits before that
 * normalization; `toString` prints plain (non-exponent) notation.
 */
export const MAX_SIGNIFICANT_DIGITS = 34;
const DIVISION_DIGITS = 100;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

export class BigDecimal {
  /** value = digits * 10^exp, normalized */
  readonly digits: bigint;
  readonly exp: number;

  constructor(digits: bigint, exp: number) {
    const [d, e] = BigDecimal.normalize(digits, exp);
    this.digits = d;
    this.exp = e;
  }

  static zero(): BigDecimal {
    return new BigDecimal(0n, 0);
  }

  static fromBigInt(n: bigint): BigDecimal {
    return new BigDecimal(n, 0);
  }

  private static normalize(digits: bigint, exp: number): [bigint, number] {
    if (digits === 0n) return [0n, 0];
    let d = digits;
    let e = exp;
    const count = digitCount(d);
    if (count > MAX_SIGNIFICANT_DIGITS) {
      const drop = count - MAX_SIGNIFICANT_DIGITS;
      const p = pow10(drop);
      const negative = d < 0n;
      const mag = negative ? -d : d;
      let q = mag / p;
      const r = mag % p;
      if (r * 10n >= p * 5n) q += 1n; // first dropped digit >= 5
      d = negative ? -q : q;
      e += drop;
    }
    while (d !== 0n && d % 10n === 0n) {
      d /= 10n;
      e += 1;
    }
    return [d, e];
  }

  /** Parses `123`, `-1.50`, `1e-7`, `2.5E+3`. Throws on anything else. */
  static fromString(s: string): BigDecimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
    if (m === null || (m[2] === "" && (m[3] ?? "") === "")) {
      throw new Error(`failed to parse BigDecimal from ${JSON.stringify(s)}`);
    }
    const frac = m[3] ?? "";
    const mantissa = BigInt((m[2] || "0") + frac);
    const exp = (m[4] ? parseInt(m[4], 10) : 0) - frac.length;
    return new BigDecimal(m[1] === "-" ? -mantissa : mantissa, exp);
  }

  private static align(a: BigDecimal, b: BigDecimal): [bigint, bigint, number] {
    const exp = Math.min(a.exp, b.exp);
    return [a.digits * pow10(a.exp - exp), b.digits * pow10(b.exp - exp), exp];
  }

  plus(o: BigDecimal): BigDecimal {
    const [x, y, e] = BigDecimal.align(this, o);
    return new BigDecimal(x + y, e);
  }

  minus(o: BigDecimal): BigDecimal {
    const [x, y, e] = BigDecimal.align(this, o);
    return new BigDecimal(x - y, e);
  }

  times(o: BigDecimal): BigDecimal {
    return new BigDecimal(this.digits * o.digits, this.exp + o.exp);
  }

  dividedBy(o: BigDecimal): BigDecimal {
    if (o.digits === 0n) throw new Error(`attempted to divide BigDecimal \`${this}\` by zero`);
    if (this.digits === 0n) return BigDecimal.zero();
    // scale the numerator so the integer quotient carries DIVISION_DIGITS significant digits
    const shift = Math.max(0, DIVISION_DIGITS - digitCount(this.digits) + digitCount(o.digits));
    const q = (this.digits * pow10(shift)) / o.digits;
    return new BigDecimal(q, this.exp - o.exp - shift);
  }

  equals(o: BigDecimal): boolean {
    return this.digits === o.digits && this.exp === o.exp;
  }

  compare(o: BigDecimal): number {
    const [x, y] = BigDecimal.align(this, o);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  toString(): string {
    if (this.digits === 0n) return "0";
    const negative = this.digits < 0n;
    const mag = (negative ? -this.digits : this.digits).toString();
    let out: string;
    if (this.exp >= 0) out = mag + "0".repeat(this.exp);
    else {
      const point = mag.length + this.exp;
      out =
        point > 0 ? `${mag.slice(0, point)}.${mag.slice(point)}` : `0.${"0".repeat(-point)}${mag}`;
    }
    return negative ? "-" + out : out;
  }
}
