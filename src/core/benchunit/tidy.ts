// Unit tidying and classification, as benchstat does it at parse time: in the numerator of a
// unit, `ns` becomes `sec` (x 1e-9) and `MB` becomes `B` (x 1e6), so `ns/op` reads as
// `sec/op` and `MB/s` as `B/s`. Used by benchfmt (unit metadata keys), compare (table units)
// and the store (tidied metrics). Scaling for display lives in scale.ts.

/** A unit token and whether it sits in the denominator (after a `/`, until the next `*`). */
interface UnitToken {
  readonly tok: string;
  readonly pos: number;
  readonly denom: boolean;
}

// Go's unicode.IsSpace, which is the Unicode White_Space property.
const SPACE_RE = /\p{White_Space}/u;

function isSep(ch: string): boolean {
  return ch === '*' || ch === '/' || ch === '-' || SPACE_RE.test(ch);
}

/** Splits a unit into tokens on `*`, `/`, `-` and spaces; `/` switches to the denominator. */
function tokens(unit: string): UnitToken[] {
  const out: UnitToken[] = [];
  let denom = false;
  let i = 0;
  const chars = Array.from(unit);
  let pos = 0; // UTF-16 offset of chars[i]
  while (i < chars.length) {
    const ch = chars[i];
    if (ch === '*') denom = false;
    else if (ch === '/') denom = true;
    if (isSep(ch)) {
      pos += ch.length;
      i++;
      continue;
    }
    const start = pos;
    let tok = '';
    while (i < chars.length && !isSep(chars[i])) {
      tok += chars[i];
      pos += chars[i].length;
      i++;
    }
    out.push({ tok, pos: start, denom });
  }
  return out;
}

interface Tidied {
  readonly unit: string;
  readonly factor: number;
}

const tidyCache = new Map<string, Tidied>();

function tidyUncached(unit: string): Tidied {
  let factor = 1;
  const edits: { pos: number; len: number; replace: string }[] = [];
  for (const t of tokens(unit)) {
    if (t.denom) continue;
    if (t.tok === 'ns') {
      edits.push({ pos: t.pos, len: 2, replace: 'sec' });
      factor /= 1e9;
    } else if (t.tok === 'MB') {
      edits.push({ pos: t.pos, len: 2, replace: 'B' });
      factor *= 1e6;
    }
  }
  let out = unit;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i];
    out = out.slice(0, e.pos) + e.replace + out.slice(e.pos + e.len);
  }
  return { unit: out, factor };
}

/**
 * The tidied form of a unit and the factor that converts a value in `unit` to it:
 * `ns/op` -> `sec/op` (1e-9), `MB/s` -> `B/s` (1e6), anything without `ns`/`MB` unchanged.
 */
export function tidyUnit(unit: string): { readonly unit: string; readonly factor: number } {
  switch (unit) {
    case 'ns/op':
      return NS_OP;
    case 'MB/s':
      return MB_S;
    case 'B/op':
      return B_OP;
    case 'allocs/op':
      return ALLOCS_OP;
  }
  let t = tidyCache.get(unit);
  if (t === undefined) {
    t = !unit.includes('ns') && !unit.includes('MB') ? { unit, factor: 1 } : tidyUncached(unit);
    if (tidyCache.size > 4096) tidyCache.clear();
    tidyCache.set(unit, t);
  }
  return t;
}

const NS_OP: Tidied = Object.freeze({ unit: 'sec/op', factor: 1e-9 });
// Units left as they are: one object each rather than one per value read.
const B_OP: Tidied = Object.freeze({ unit: 'B/op', factor: 1 });
const ALLOCS_OP: Tidied = Object.freeze({ unit: 'allocs/op', factor: 1 });
const MB_S: Tidied = Object.freeze({ unit: 'B/s', factor: 1e6 });

/** value x factor in the tidied unit; the same float64 product Go's benchunit.Tidy computes. */
export function tidyValue(value: number, unit: string): { readonly value: number; readonly unit: string } {
  const t = tidyUnit(unit);
  return { value: value * t.factor, unit: t.unit };
}

/** Binary (Ki, Mi, ...) when the numerator holds `B`, `MB` or `bytes`; otherwise decimal. */
export function unitClass(unit: string): 'binary' | 'decimal' {
  for (const t of tokens(unit)) {
    if (!t.denom && (t.tok === 'B' || t.tok === 'MB' || t.tok === 'bytes')) return 'binary';
  }
  return 'decimal';
}
