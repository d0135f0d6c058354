// Number formatting exactly as Go's strconv/fmt print a float64, which benchstat's output
// depends on: 'f' with a precision (round half to even on the exact binary value, where
// JavaScript's toFixed rounds exact ties away from zero) and `%v` (shortest round-trip digits,
// exponent form when the decimal exponent is < -4 or >= 6). Used by scale.ts, benchfmt's
// writer and compare's renderers.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian on every platform Node runs on; index 1 holds sign, exponent and top mantissa.
const HI = 1;
const LO = 0;

/**
 * The exponent e such that |x| = m * 2^e with m an odd integer (x finite, non-zero).
 */
function oddMantissaExponent(x: number): number {
  f64[0] = x;
  const hi = u32[HI];
  const lo = u32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  const mantHi = hi & 0xfffff;
  // Value = mantissa * 2^(exp-1075) for normals (mantissa includes the hidden bit).
  const e0 = biased === 0 ? -1074 : biased - 1075;
  // Count trailing zero bits of the 53-bit mantissa (hidden bit set for normals).
  let tz: number;
  if (lo !== 0) {
    tz = 31 - Math.clz32(lo & -lo);
  } else {
    const h = biased === 0 ? mantHi : mantHi | 0x100000;
    tz = 32 + (31 - Math.clz32(h & -h));
  }
  return e0 + tz;
}

function nonFinite(x: number, plus: boolean): string {
  if (Number.isNaN(x)) return plus ? '+NaN' : 'NaN';
  return x > 0 ? '+Inf' : '-Inf';
}

/**
 * Go's strconv.FormatFloat(x, 'f', decimals, 64): exact decimal rounding, ties to even.
 */
export function formatGoFloat(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return nonFinite(x, false);
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let s: string;
  if (ax >= 1e21) {
    // An integer; toFixed would switch to exponent form.
    s = BigInt(ax).toString();
    if (decimals > 0) s += '.' + '0'.repeat(decimals);
  } else {
    s = ax.toFixed(decimals);
    // toFixed resolves an exact tie toward the larger magnitude; Go toward the even digit.
    // A tie needs |x| * 10^decimals to be an odd multiple of 1/2, i.e. |x| = odd * 2^-(d+1).
    if (ax !== 0 && oddMantissaExponent(ax) === -(decimals + 1)) {
      const last = s.charCodeAt(s.length - 1) - 48;
      if (last % 2 === 1) s = s.slice(0, -1) + String.fromCharCode(48 + last - 1);
    }
  }
  return neg ? '-' + s : s;
}

/** fmt's `%+.Nf`: like formatGoFloat with a sign always shown. */
export function formatGoFloatSigned(x: number, decimals: number): string {
  if (Number.isNaN(x)) return '+NaN';
  const s = formatGoFloat(x, decimals);
  return s.startsWith('-') || s.startsWith('+') ? s : '+' + s;
}

/**
 * Go's fmt `%v` of a float64: the shortest digits that round-trip, in exponent form
 * (`1e+06`, `1.234567e+06`, `1.718e-06`) when the decimal exponent is below -4 or at least 6;
 * otherwise plain (`999999`, `0.0001`). (%v is %g with the shortest precision, and strconv
 * then decides with precision 6; the 1e21 threshold is JavaScript's and encoding/json's.)
 */
export function formatGoV(x: number): string {
  if (!Number.isFinite(x)) return nonFinite(x, false);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // In [1e-4, 1e6) both Go and JavaScript write the shortest round-trip digits in fixed notation.
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return String(x);
  const neg = x < 0;
  // toExponential() with no argument gives the shortest round-trip digits.
  const e = Math.abs(x).toExponential();
  const ePos = e.indexOf('e');
  const mant = e.slice(0, ePos);
  const exp = Number(e.slice(ePos + 1));
  const digits = mant.replace('.', '');
  let out: string;
  if (exp < -4 || exp >= EXP_FORM_AT) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const ae = Math.abs(exp);
    out = m + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
  } else if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + digits;
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  return neg ? '-' + out : out;
}

// strconv's %g with the shortest precision uses precision 6 to choose the exponent form.
const EXP_FORM_AT = 6;
