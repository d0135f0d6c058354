// Go's math.Log and math.Exp as benchstat's amd64 binary computes them (the assembly versions,
// log_amd64.s and exp_amd64.s, the latter with its FMA path, which every x86-64 CPU with
// AVX+FMA takes). JavaScript's Math.log/Math.exp may differ in the last bit, and benchstat's CSV
// prints the geomean row with every digit, so the geomean must go through these. Used by
// builder.ts for the geomean row (a workaround until src/core/stats offers the same).

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function bits(x: number): bigint {
  f64[0] = x;
  return u64[0];
}

function fromBits(b: bigint): number {
  u64[0] = b;
  return f64[0];
}

/** x as m * 2^e with m an integer (x finite). */
function exact(x: number): { readonly m: bigint; readonly e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const b = bits(x);
  const neg = b >> 63n === 1n;
  const be = Number((b >> 52n) & 0x7ffn);
  const frac = b & 0xfffffffffffffn;
  const m = be === 0 ? frac : frac | 0x10000000000000n;
  const e = be === 0 ? -1074 : be - 1075;
  return { m: neg ? -m : m, e };
}

/** Correctly rounded a*b + c (a fused multiply-add), for finite inputs in the normal range. */
export function fma(a: number, b: number, c: number): number {
  const A = exact(a);
  const B = exact(b);
  const C = exact(c);
  let pm = A.m * B.m;
  let pe = A.e + B.e;
  let cm = C.m;
  let ce = C.e;
  if (pm === 0n) return a * b + c;
  if (cm === 0n) {
    cm = 0n;
    ce = pe;
  }
  const e = Math.min(pe, ce);
  pm <<= BigInt(pe - e);
  cm <<= BigInt(ce - e);
  pe = e;
  const sum = pm + cm;
  if (sum === 0n) return 0;
  // Round |sum| to 53 bits (ties to even), then scale exactly.
  const neg = sum < 0n;
  let mag = neg ? -sum : sum;
  let exp = pe;
  const len = mag.toString(2).length;
  if (len > 53) {
    const sh = BigInt(len - 53);
    const q = mag >> sh;
    const rem = mag - (q << sh);
    const half = 1n << (sh - 1n);
    mag = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    exp += len - 53;
  }
  const v = Number(mag) * 2 ** exp;
  return neg ? -v : v;
}

// Go's constants rounded to float64 (written as the shortest literal of the same double).
const HSQRT2 = 0.7071067811865476;
const LN2HI = 0.6931471803691238;
const LN2LO = 1.9082149292705877e-10;
const L1 = 0.6666666666666735;
const L2 = 0.3999999999940942;
const L3 = 0.2857142874366239;
const L4 = 0.22222198432149784;
const L5 = 0.1818357216161805;
const L6 = 0.15313837699209373;
const L7 = 0.14798198605116586;

/** Go's math.Log on amd64 (log_amd64.s). */
export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  if (x < 0 || Number.isNaN(x)) return x < 0 ? NaN : x;
  if (x === Infinity) return x;
  const b = bits(x);
  // f1 in [0.5, 1) from the mantissa bits; k from the exponent bits (normal numbers).
  let f1 = fromBits((b & 0xfffffffffffffn) | 0x3fe0000000000000n);
  let k = Number((b >> 52n) & 0x7ffn) - 0x3fe;
  // The assembly's CMPSD "not less than" adjusts at f1 == Sqrt2/2 too (log.go uses <).
  if (f1 <= HSQRT2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (((L7 * s4 + L5) * s4 + L3) * s4 + L1);
  const t2 = s4 * ((L6 * s4 + L4) * s4 + L2);
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2HI - (hfsq - (s * (hfsq + R) + k * LN2LO) - f);
}

const LOG2E = 1.4426950408889634;
const LN2U = 0.693147180559663;
const LN2L = 2.8235290563031577e-13;
const OVERFLOW = 709.782712893384;
const P = [0.5, 1.0, 2.0, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 0.0001984126984126984, 0.0000248015873015873];

/** CVTSD2SL: to int32 with round-half-even; out of range gives the "indefinite" -2^31. */
function cvtsd2sl(x: number): number {
  if (!(x >= -2147483648.5 && x < 2147483647.5)) return -2147483648;
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Go's math.Exp on amd64 with FMA (exp_amd64.s). */
export function goExp(x0: number): number {
  if (Number.isNaN(x0) || x0 === Infinity) return x0;
  if (x0 === -Infinity) return 0;
  if (x0 > OVERFLOW) return Infinity;
  let bx = cvtsd2sl(LOG2E * x0);
  const k = bx;
  let x = fma(-LN2U, k, x0);
  x = fma(-LN2L, k, x);
  x *= 0.0625;
  let p = P[8];
  p = fma(p, x, P[7]);
  p = fma(p, x, P[6]);
  p = fma(p, x, P[5]);
  p = fma(p, x, P[4]);
  p = fma(p, x, P[3]);
  p = fma(p, x, P[0]);
  p = fma(p, x, P[1]);
  x = p * x;
  let t = x + P[2];
  x = x * t;
  t = x + P[2];
  x = x * t;
  t = x + P[2];
  x = x * t;
  t = x + P[2];
  x = fma(x, t, P[1]);
  // x * 2^bx, with the assembly's handling of the denormal range.
  bx += 0x3ff;
  if (bx <= 0) {
    if (bx < -52) return 0;
    x *= fromBits(BigInt(bx + 0x3fe) << 52n);
    bx = 1;
  } else if (bx >= 0x7ff) {
    return Infinity;
  }
  return x * fromBits(BigInt(bx) << 52n);
}

/** go-moremath's GeoMean with Go's amd64 Log and Exp: NaN when empty or any value <= 0. */
export function goGeomean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x <= 0) return NaN;
    m += (goLog(x) - m) / (i + 1);
  }
  return goExp(m);
}
