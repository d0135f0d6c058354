// Natural log and exp with the exact bits Go's math.Log / math.Exp give on linux/amd64, where
// both are assembly routines rather than the portable Go code: benchstat's CSV prints the
// geomean row with every digit (descriptive.ts), so a last-bit difference from V8's Math.log /
// Math.exp shows. The algorithms are public facts:
//   log: fdlibm's e_log.c scheme (x = 2^k·(1+f), s = f/(2+f), a degree-14 odd series in s),
//        with Go's amd64 variant of the range test (f1 <= √2/2 moves to [√2/2, √2]);
//   exp: Shibata's SLEEF scheme (k = round(x·log2 e), Cody-Waite reduction by ln 2 in two
//        parts, r/16, a degree-8 Taylor polynomial of e^r - 1, four squarings in the form
//        y·(y+2), then scaling by 2^k); on CPUs with AVX+FMA Go fuses the reduction, the
//        polynomial and the last squaring step, so this module needs a correctly rounded fused
//        multiply-add (fusedMultiplyAdd: an error-free fast path, exact BigInt otherwise).
// go-float.ts holds the other Go-flavoured float helpers; this file has no dependencies.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word]

/** The double with the given high and low 32-bit words. */
function fromWords(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0];
}

/** 2^e for an integer e in [-1022, 1023], built from its exponent field. */
function pow2(e: number): number {
  return fromWords((e + 1023) << 20, 0);
}

// ---------------------------------------------------------------------------------------------
// Fused multiply-add.

/** x = m·2^e with m a signed 53-bit integer (x finite). */
function decompose(x: number): { readonly m: bigint; readonly e: number } {
  f64[0] = x;
  const hi = u32[1];
  const lo = u32[0];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: hi >>> 31 ? -m : m, e };
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

/** a·b + c rounded once, by exact integer arithmetic (any finite inputs). */
function exactFusedMultiplyAdd(a: number, b: number, c: number): number {
  const pa = decompose(a);
  const pb = decompose(b);
  const pc = decompose(c);
  const productExp = pa.e + pb.e;
  const e = Math.min(productExp, pc.e);
  const sum = ((pa.m * pb.m) << BigInt(productExp - e)) + (pc.m << BigInt(pc.e - e));
  if (sum === 0n) return a * b + c; // exact zero: IEEE's sign rules for a zero sum
  const negative = sum < 0n;
  const mag = negative ? -sum : sum;
  // Keep 53 significant bits, or fewer where the result is subnormal (lsb 2^-1074).
  const lsb = Math.max(e + bitLength(mag) - 53, -1074);
  let kept = mag;
  let exp = e;
  if (lsb > e) {
    const drop = BigInt(lsb - e);
    kept = mag >> drop;
    const rest = mag - (kept << drop);
    const half = 1n << (drop - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
    exp = lsb;
  }
  // kept·2^exp is representable (or overflows to Infinity), so each product below is exact.
  let r: number;
  if (exp > 1023) r = Infinity;
  else if (exp >= -1022) r = Number(kept) * pow2(exp);
  else r = Number(kept) * pow2(exp + 200) * pow2(-200);
  return negative ? -r : r;
}

const SPLIT = 134217729; // 2^27 + 1: Veltkamp's splitting constant for 53-bit doubles

/** The exact rounding error of the product p = fl(a·b) (Dekker), valid without under/overflow. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLIT * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** x + y rounded to odd: exact if representable, else the neighbour with an odd last bit. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const yPart = s - x;
  const err = x - (s - yPart) + (y - yPart);
  if (err === 0) return s;
  f64[0] = s;
  if (u32[0] & 1) return s;
  // s is even: the exact sum lies between s and its neighbour toward err, which is odd.
  const away = s > 0 === err > 0; // step away from zero
  if (away) {
    u32[0] = (u32[0] + 1) >>> 0; // even low word: no carry
  } else if (u32[0] === 0) {
    u32[0] = 0xffffffff;
    u32[1] -= 1;
  } else {
    u32[0] -= 1;
  }
  return f64[0];
}

const FAST_MIN = 2 ** -400;
const FAST_MAX = 2 ** 400;

function inFastRange(x: number): boolean {
  const ax = Math.abs(x);
  return ax === 0 || (ax >= FAST_MIN && ax <= FAST_MAX);
}

/**
 * a·b + c with a single rounding (IEEE 754 fusedMultiplyAdd, round to nearest even), as an
 * FMA instruction computes it. Moderate magnitudes take Boldo and Melquiond's emulation (exact
 * product and sum, the low parts added with rounding to odd, one final rounding); anything
 * else, and non-finite inputs, fall back to exact arithmetic or IEEE's rules.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  if (!inFastRange(a) || !inFastRange(b) || !inFastRange(c)) return exactFusedMultiplyAdd(a, b, c);
  if (a === 0 || b === 0 || c === 0) return a * b + c; // the product or the sum is exact
  const p = a * b;
  const pErr = productError(a, b, p);
  const s = c + p;
  const pPart = s - c;
  const sErr = c - (s - pPart) + (p - pPart);
  return s + addRoundToOdd(sErr, pErr);
}

// ---------------------------------------------------------------------------------------------
// Log.

// fdlibm's constants (e_log.c), as the shortest literals of the same doubles (bit patterns
// noted): ln 2 split so that k·LN2_HI is exact, √2/2, and the series coefficients.
const LN2_HI = 0.6931471803691238; // 0x3fe62e42fee00000
const LN2_LO = 1.9082149292705877e-10; // 0x3dea39ef35793c76
const HALF_SQRT2 = 0.7071067811865476;
const LG1 = 0.6666666666666735; // 0x3fe5555555555593
const LG2 = 0.3999999999940942; // 0x3fd999999997fa04
const LG3 = 0.2857142874366239; // 0x3fd2492494229359
const LG4 = 0.22222198432149784; // 0x3fcc71c51d8e78af
const LG5 = 0.1818357216161805; // 0x3fc7466496cb03de
const LG6 = 0.15313837699209373; // 0x3fc39a09d078c69f
const LG7 = 0.14798198605116586; // 0x3fc2f112df3e5244

/** Go's math.Log(x) on amd64. */
export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  f64[0] = x;
  const hi = u32[1];
  if (hi >>> 31) return NaN; // negative (and -NaN)
  if (!(x < Infinity)) return x; // +Inf, NaN
  // x = f1·2^k with f1 in [0.5, 1), read straight from the bit fields (subnormals are not
  // normalized, as in the assembly).
  let k = ((hi >>> 20) & 0x7ff) - 0x3fe;
  let f1 = fromWords((hi & 0xfffff) | 0x3fe00000, u32[0]);
  if (f1 <= HALF_SQRT2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const odd = z * (((LG7 * w + LG5) * w + LG3) * w + LG1);
  const even = w * ((LG6 * w + LG4) * w + LG2);
  const halfF2 = 0.5 * f * f;
  return k * LN2_HI - (halfF2 - (s * (halfF2 + (odd + even)) + k * LN2_LO) - f);
}

// ---------------------------------------------------------------------------------------------
// Exp.

// SLEEF's constants as Go's exp_amd64.s states them (shortest literals of the same doubles).
const LOG2_E = 1.4426950408889634; // 1/ln 2
const LN2_UPPER = 0.693147180559663; // 0x3fe62e42fefa3000: 41 bits, k·LN2_UPPER is exact
const LN2_LOWER = 2.8235290563031577e-13; // ln 2 - LN2_UPPER
const EXP_OVERFLOW = 7.09782712893384e2;
/** 1/n! for n = 8 down to 2: the Taylor polynomial of (e^r - 1)/r, highest term first. */
const TAYLOR = [1 / 40320, 1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 0.5] as const;

/** x to a 32-bit integer, rounding half to even; NaN or out of range gives -2^31 (x86's
 * "integer indefinite"). */
function toInt32Even(x: number): number {
  if (!(x > -2147483648.5 && x < 2147483647.5)) return -2147483648;
  const r = Math.round(x); // half rounds up: fix the odd ones
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Go's math.Exp(x) on amd64 with AVX+FMA. */
export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  const k = toInt32Even(LOG2_E * x);
  // r = x - k·ln 2, reduced by 16; both subtractions fused.
  let r = fusedMultiplyAdd(-LN2_UPPER, k, x);
  r = fusedMultiplyAdd(-LN2_LOWER, k, r);
  r *= 0.0625;
  // y = e^r - 1 = r·(1 + r/2 + r²/6 + ... + r^7/8!).
  let poly: number = TAYLOR[0];
  for (let i = 1; i < TAYLOR.length; i++) poly = fusedMultiplyAdd(poly, r, TAYLOR[i]);
  poly = fusedMultiplyAdd(poly, r, 1);
  let y = r * poly;
  // (1+y)² - 1 = y·(y+2): four times takes e^(r/16) - 1 to e^r - 1; the last adds the 1 too.
  y *= y + 2;
  y *= y + 2;
  y *= y + 2;
  const result = fusedMultiplyAdd(y, y + 2, 1);
  // Scale by 2^k; below the normal range in two steps, as the assembly does.
  const biased = k + 1023;
  if (biased >= 0x7ff) return Infinity;
  if (biased > 0) return result * pow2(k);
  if (biased < -52) return 0;
  return result * pow2(biased - 1) * pow2(-1022);
}
