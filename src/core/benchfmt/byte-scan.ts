// Result lines scanned straight from the file's bytes (UTF-8), for the bulk reader of
// `perflab compare FILE...`: a plain result line (ASCII only, decimal iteration count, values of
// the form `ddd` or `ddd.ddd`, every value with a unit) is parsed without decoding it into a
// string, its name and units looked up in tables of the strings seen before (so one line makes
// no new string once its name has been seen). Every other line (non-ASCII bytes, config and unit
// lines, `go test -v` noise, exotic numbers, malformed results) is left to the string parser
// (line-parser.ts), which gives it exactly the answer it gives today: on ASCII text a byte is a
// character, so both paths agree where this one answers.
import type { ResultScratch } from './line-parser.js';

const B = 0x42; // 'B'
const BENCHMARK = [0x42, 0x65, 0x6e, 0x63, 0x68, 0x6d, 0x61, 0x72, 0x6b]; // 'Benchmark'
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** Go's unicode.IsSpace on an ASCII byte. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

const UTF8 = new TextDecoder();

/** ASCII bytes as a string (the caller checked every byte is < 0x80, so UTF-8 decodes them as is). */
function ascii(bytes: Uint8Array, s: number, e: number): string {
  return UTF8.decode(bytes.subarray(s, e));
}

function sameBytes(str: string, bytes: Uint8Array, s: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (str.charCodeAt(i) !== bytes[s + i]) return false;
  return true;
}

/** Strings seen before, found again by their bytes without building a new string. */
class StringTable {
  private readonly byHash = new Map<number, string[]>();

  get(bytes: Uint8Array, s: number, e: number, hash: number): string {
    const list = this.byHash.get(hash);
    if (list !== undefined) {
      const len = e - s;
      for (let k = 0; k < list.length; k++) {
        const str = list[k];
        if (str.length === len && sameBytes(str, bytes, s, len)) return str;
      }
    }
    return this.add(bytes, s, e, hash);
  }

  /** The first time: a new string (kept out of get, the hot path). */
  private add(bytes: Uint8Array, s: number, e: number, hash: number): string {
    const str = ascii(bytes, s, e);
    const list = this.byHash.get(hash);
    if (list === undefined) this.byHash.set(hash, [str]);
    else list.push(str);
    return str;
  }
}

/**
 * Scans result lines from bytes into a ResultScratch, as line-parser.ts's scanInto would scan
 * the same line decoded; returns false (scratch untouched or partly written) for any line it
 * does not handle, which the caller then decodes and hands to the string parser.
 */
export class ByteResultScanner {
  private readonly names = new StringTable();
  private readonly units = new StringTable();

  scan(bytes: Uint8Array, start: number, end: number, out: ResultScratch): boolean {
    if (end - start <= BENCHMARK.length || bytes[start] !== B) return false;
    for (let k = 1; k < BENCHMARK.length; k++) if (bytes[start + k] !== BENCHMARK[k]) return false;
    // The name: up to the first space; FNV-1a over its bytes.
    const nameStart = start + BENCHMARK.length;
    let i = nameStart;
    let h = 0x811c9dc5;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c >= 0x80) return false;
      if (isSpace(c)) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const nameEnd = i;
    while (i < end && isSpace(bytes[i])) i++;
    if (i >= end) return false; // a name alone (`go test -v`) or nothing after it
    // Iteration count: plain digits, at most 15 (larger or signed counts: the string parser).
    let iterations = 0;
    const itStart = i;
    for (; i < end; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) break;
      iterations = iterations * 10 + d;
    }
    if (i === itStart || i - itStart > 15 || (i < end && !isSpace(bytes[i]))) return false;
    let n = 0;
    for (;;) {
      while (i < end && isSpace(bytes[i])) i++;
      if (i >= end) break;
      // A value: ddd or ddd.ddd, at most 15 digits (exact: one correctly rounded division).
      let m = 0;
      let digits = 0;
      let dot = -1;
      const vStart = i;
      for (; i < end; i++) {
        const c = bytes[i];
        const d = c - 48;
        if (d >= 0 && d <= 9) {
          m = m * 10 + d;
          digits++;
        } else if (c === 0x2e && dot < 0) dot = i;
        else break;
      }
      if (digits === 0 || digits > 15 || i === vStart || (i < end && !isSpace(bytes[i]))) return false;
      const value = dot < 0 ? m : m / POW10[i - dot - 1];
      while (i < end && isSpace(bytes[i])) i++;
      if (i >= end) return false; // a value without a unit: the string parser reports it
      const uStart = i;
      let uh = 0x811c9dc5;
      for (; i < end; i++) {
        const c = bytes[i];
        if (c >= 0x80) return false;
        if (isSpace(c)) break;
        uh = Math.imul(uh ^ c, 0x01000193);
      }
      out.values[n] = value;
      out.units[n] = this.units.get(bytes, uStart, i, uh);
      n++;
    }
    if (n === 0) return false;
    out.fullName = this.names.get(bytes, nameStart, nameEnd, h);
    out.iterations = iterations;
    out.n = n;
    return true;
  }
}
