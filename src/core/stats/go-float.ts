// Float64 helpers that behave like Go's: the complementary error function (the FreeBSD/fdlibm
// algorithm Go's math.Erfc uses, over Go's amd64 Exp from go-float-math.ts, so the normal
// approximations agree with benchstat bit for bit), `%v` formatting of a float64 (benchstat's
// footnotes print levels and values with it), and stepping to the neighbouring double.

import { goExp } from './go-float-math.js';

const bitsView = new DataView(new ArrayBuffer(8));

/** The IEEE-754 bits of x as an unsigned 64-bit integer. */
export function float64Bits(x: number): bigint {
  bitsView.setFloat64(0, x);
  return bitsView.getBigUint64(0);
}

/** The float64 whose IEEE-754 bits are b. */
export function float64FromBits(b: bigint): number {
  bitsView.setBigUint64(0, BigInt.asUintN(64, b));
  return bitsView.getFloat64(0);
}

/** The smallest double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  return float64FromBits(float64Bits(x) + (x > 0 ? 1n : -1n));
}

/** The largest double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** x with the low 32 bits of its representation cleared (fdlibm's "pseudo-single" trick). */
function truncateLowWord(x: number): number {
  bitsView.setFloat64(0, x);
  bitsView.setUint32(4, 0);
  return bitsView.getFloat64(0);
}

// Coefficients of the fdlibm rational approximations (s_erf.c), as published.
const ERX = 8.45062911510467529297e-1;
const PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5,
] as const;
const QQ = [
  3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6,
] as const;
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.166375594868790843e-3,
] as const;
const QA = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2,
  1.1984499846799107417e-2,
] as const;
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
] as const;
const SA = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
] as const;
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
] as const;
const SB = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3,
  4.74528541206955367215e2, -2.24409524465858183362e1,
] as const;
const TINY = 2 ** -56;
const ONE_OVER_035 = 20 / 7; // Go folds the constant 1/0.35 exactly, then rounds once

/** Horner evaluation c0 + s*(c1 + s*(c2 + ...)), innermost first, as the C source nests it. */
function horner(c: readonly number[], s: number): number {
  let acc = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) acc = c[i] + s * acc;
  return acc;
}

/** 1 + s*(q1 + s*(q2 + ...)). */
function hornerOne(q: readonly number[], s: number): number {
  return 1 + s * horner(q, s);
}

/** The complementary error function, computed as Go's math.Erfc computes it. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  const negative = x < 0;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    let temp: number;
    if (ax < TINY) {
      temp = ax;
    } else {
      const z = ax * ax;
      const y = horner(PP, z) / hornerOne(QQ, z);
      temp = ax < 0.25 ? ax + ax * y : 0.5 + (ax * y + (ax - 0.5));
    }
    return negative ? 1 + temp : 1 - temp;
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const pq = horner(PA, s) / hornerOne(QA, s);
    return negative ? 1 + ERX + pq : 1 - ERX - pq;
  }
  if (ax < 28) {
    const s = 1 / (ax * ax);
    let r: number;
    let q: number;
    if (ax < ONE_OVER_035) {
      r = horner(RA, s);
      q = hornerOne(SA, s);
    } else {
      if (negative && ax > 6) return 2;
      r = horner(RB, s);
      q = hornerOne(SB, s);
    }
    const z = truncateLowWord(ax);
    const e = goExp(-z * z - 0.5625) * goExp((z - ax) * (z + ax) + r / q);
    return negative ? 2 - e / ax : e / ax;
  }
  return negative ? 2 : 0;
}

/** Formats x as Go's fmt `%v` does for a float64: the shortest digits that round-trip, in %e
 * form when the decimal exponent is below -4 or at least 6, e.g. 0.95 -> "0.95",
 * 123456 -> "123456", 1e6 -> "1e+06", 1e-5 -> "1e-05". */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  // strconv's 'g' with shortest precision switches to %e when exp < -4 || exp >= 6 (its
  // lowering of that 6 to the digit count never changes the outcome for shortest digits).
  const nd = digits.length;
  const dp = exp + 1;
  if (exp < -4 || exp >= 6) {
    const frac = nd > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(exp);
    return `${sign}${frac}e${exp < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  }
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= nd) return `${sign}${digits}${'0'.repeat(dp - nd)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
