// The lexical pieces of Go's benchmark format, matching golang/perf's reader: whitespace as Go's
// unicode.IsSpace sees it, field splitting, and numbers as Go's strconv parses them (Atoi for
// iteration counts, ParseFloat for values, with its syntax: underscores between digits, hex
// floats, inf/nan). line-parser.ts builds records from these.

/** Go's unicode.IsSpace for one UTF-16 code unit (every space character is in the BMP). */
export function isGoSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Index of the first space at or after `from`, or `n` (default s.length). */
export function fieldEnd(s: string, from: number, n: number = s.length): number {
  let i = from;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (isGoSpace(c)) break;
  }
  return i;
}

/** Index of the first non-space at or after `from`, or `n` (default s.length). */
export function skipSpace(s: string, from: number, n: number = s.length): number {
  let i = from;
  while (i < n && isGoSpace(s.charCodeAt(i))) i++;
  return i;
}

export type NumParse =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: 'invalid syntax' | 'value out of range' };

const SYNTAX: NumParse = { ok: false, reason: 'invalid syntax' };
const RANGE: NumParse = { ok: false, reason: 'value out of range' };

const MAX_INT64 = 9223372036854775807n;

/** Go's strconv.Atoi on a 64-bit platform: optional sign, decimal digits. */
export function parseGoInt(s: string): NumParse {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n > 0 && (s.charCodeAt(0) === 0x2b || s.charCodeAt(0) === 0x2d)) {
    neg = s.charCodeAt(0) === 0x2d;
    i = 1;
  }
  if (i >= n) return SYNTAX;
  if (n - i <= 15) {
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return SYNTAX;
      v = v * 10 + d;
    }
    return { ok: true, value: neg ? -v : v };
  }
  for (let j = i; j < n; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return SYNTAX;
  }
  const big = BigInt(s.slice(i));
  if (neg ? big > MAX_INT64 + 1n : big > MAX_INT64) return RANGE;
  return { ok: true, value: Number(neg ? -big : big) };
}

// strconv's underscoreOK: underscores only between digits (or after a base prefix).
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let t = s;
  if (t.length >= 1 && (t[0] === '-' || t[0] === '+')) t = t.slice(1);
  let hex = false;
  if (t.length >= 2 && t[0] === '0') {
    const c = t[1].toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      i = 2;
      saw = '0';
      hex = c === 'x';
    }
  }
  for (; i < t.length; i++) {
    const ch = t[i];
    if ((ch >= '0' && ch <= '9') || (hex && /[a-fA-F]/.test(ch))) {
      saw = '0';
      continue;
    }
    if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const DECIMAL_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/;
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['+inf', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
  ['inf', Infinity],
  ['infinity', Infinity],
  ['nan', NaN],
]);

function parseHexFloat(m: RegExpExecArray): NumParse {
  const [, sign, intPart, fracPart = ''] = m;
  if (intPart.length + fracPart.length === 0) return SYNTAX;
  let exp = Number(m[4]);
  if (!Number.isFinite(exp) || Math.abs(exp) > 100000) exp = Math.sign(exp) * 100000;
  const mant = BigInt('0x' + (intPart + fracPart || '0'));
  exp -= 4 * fracPart.length;
  let v: number;
  if (mant === 0n) {
    v = 0;
  } else {
    // Round the mantissa to 53 bits (ties to even) at the final exponent, then scale exactly.
    const bits = mant.toString(2).length;
    let shift = Math.max(bits - 53, -1074 - exp);
    let q = mant;
    if (shift > 0) {
      const sh = BigInt(shift);
      q = mant >> sh;
      const rem = mant - (q << sh);
      const half = 1n << (sh - 1n);
      if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    } else {
      shift = 0;
    }
    v = Number(q) * 2 ** (exp + shift);
    if (!Number.isFinite(v)) return RANGE;
  }
  return { ok: true, value: sign === '-' ? -v : v };
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * The fast path for `ddd` and `ddd.ddd` with at most 15 digits: the digits form an exact
 * integer and 10^k is exact, so one division is correctly rounded (as strconv's own exact path
 * is). Returns NaN when the text is not of that shape.
 */
export function parseSimpleDecimal(s: string, start: number, end: number): number {
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
    } else if (c === 0x2e && dot < 0) {
      dot = i;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  return dot < 0 ? m : m / POW10[end - dot - 1];
}

/** Go's strconv.ParseFloat(s, 64) as golang/perf's reader calls it. */
export function parseGoFloat(s: string): NumParse {
  const n = s.length;
  const simple = parseSimpleDecimal(s, 0, n);
  if (simple === simple) return { ok: true, value: simple };
  const special = n <= 9 ? SPECIAL.get(s.toLowerCase()) : undefined;
  if (special !== undefined) return { ok: true, value: special };
  if (!underscoreOK(s)) return SYNTAX;
  const t = s.includes('_') ? s.replaceAll('_', '') : s;
  if (DECIMAL_RE.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return RANGE;
    return { ok: true, value: v };
  }
  const hm = HEX_RE.exec(t);
  if (hm) return parseHexFloat(hm);
  return SYNTAX;
}
