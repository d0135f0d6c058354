// Classifies one line of Go benchmark text into a record, with golang/perf's rules: result lines
// start with `Benchmark`, unit metadata lines with the field `Unit`, config lines are
// `key: value` with a lowercase key; everything else is skipped. The parser keeps the unit
// metadata seen so far (keyed by tidied unit) to report conflicting values. reader.ts and
// stream.ts feed it lines.
import { tidyUnit } from '../benchunit/index.js';
import { fieldEnd, isGoSpace, parseGoFloat, parseGoInt, parseSimpleDecimal, skipSpace } from './go-syntax.js';
import type { BenchRecord, BenchValue, UnitEntry } from './types.js';

export type ResultLine = { readonly fullName: string; readonly iterations: number; readonly values: readonly BenchValue[] };

const BENCHMARK = 'Benchmark';

/** A reusable buffer for one scanned result line (see LineParser.parseInto). */
export interface ResultScratch {
  fullName: string;
  iterations: number;
  /** Number of value/unit pairs filled in. */
  n: number;
  readonly values: number[];
  readonly units: string[];
}

export function newResultScratch(): ResultScratch {
  return { fullName: '', iterations: 0, n: 0, values: [], units: [] };
}

/**
 * Scans a `Benchmark...` line held in src[start, end) (the caller checked the prefix) into
 * `out`: null when it parsed, 'skip' for a name alone (`go test -v`), else the error message.
 * Works on offsets so a line that parses is never copied.
 */
function scanInto(src: string, start: number, end: number, out: ResultScratch): string | null {
  const nameStart = start + BENCHMARK.length;
  const nameEnd = fieldEnd(src, nameStart, end);
  let pos = skipSpace(src, nameEnd, end);
  if (pos >= end && nameEnd === end) return 'skip';
  const itEnd = fieldEnd(src, pos, end);
  if (itEnd === pos) return 'missing iteration count';
  let iterations = itEnd - pos <= 15 ? simpleInt(src, pos, itEnd) : -1;
  if (iterations < 0) {
    const it = parseGoInt(src.slice(pos, itEnd));
    if (!it.ok) return 'parsing iteration count: ' + it.reason;
    iterations = it.value;
  }
  pos = skipSpace(src, itEnd, end);
  let n = 0;
  for (;;) {
    const vEnd = fieldEnd(src, pos, end);
    if (vEnd === pos) {
      if (n > 0) break;
      return 'missing measurements';
    }
    let value = parseSimpleDecimal(src, pos, vEnd);
    if (value !== value) {
      const v = parseGoFloat(src.slice(pos, vEnd));
      if (!v.ok) return 'parsing measurement: ' + v.reason;
      value = v.value;
    }
    pos = skipSpace(src, vEnd, end);
    const uEnd = fieldEnd(src, pos, end);
    if (uEnd === pos) return 'missing units';
    out.values[n] = value;
    out.units[n] = unitString(src, pos, uEnd);
    n++;
    pos = skipSpace(src, uEnd, end);
  }
  out.fullName = src.slice(nameStart, nameEnd);
  out.iterations = iterations;
  out.n = n;
  return null;
}

const SCRATCH = newResultScratch();

function scanResult(src: string, start: number, end: number, line: number): BenchRecord {
  const status = scanInto(src, start, end, SCRATCH);
  if (status === 'skip') return { kind: 'skipped', line };
  if (status !== null) return { kind: 'syntax-error', message: status, line, text: src.slice(start, end) };
  const values: BenchValue[] = new Array(SCRATCH.n);
  for (let i = 0; i < SCRATCH.n; i++) values[i] = { value: SCRATCH.values[i], unit: SCRATCH.units[i] };
  return { kind: 'result', fullName: SCRATCH.fullName, iterations: SCRATCH.iterations, values, line };
}

/**
 * Parses a `Benchmark...` line: the result, `{ error }` for a malformed one, or null when the
 * line is not a result line (no `Benchmark` prefix, or a name alone as `go test -v` prints it).
 */
export function parseResultLine(text: string): ResultLine | { readonly error: string } | null {
  if (!text.startsWith(BENCHMARK)) return null;
  const r = scanResult(text, 0, text.length, 0);
  switch (r.kind) {
    case 'result':
      return { fullName: r.fullName, iterations: r.iterations, values: r.values };
    case 'syntax-error':
      return { error: r.message };
    default:
      return null;
  }
}

/** Plain digits as a number, or -1. */
function simpleInt(text: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

// The usual units, shared instead of sliced anew for every value.
const COMMON_UNITS = ['ns/op', 'B/op', 'allocs/op', 'MB/s'];

function unitString(text: string, start: number, end: number): string {
  for (const u of COMMON_UNITS) if (end - start === u.length && text.startsWith(u, start)) return u;
  return text.slice(start, end);
}

const LOWER_RE = /\p{Ll}/u;
const UPPER_RE = /\p{Lu}/u;

/** golang/perf's parseKeyValueLine: `key: value`, or null when the line is not one. */
export function parseConfigLine(text: string): { readonly key: string; readonly value: string } | null {
  const n = text.length;
  let colon = -1;
  for (let i = 0; i < n; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      if (i === 0 && !(cp >= 0x61 && cp <= 0x7a)) return null;
      if (isGoSpace(cp) || (cp >= 0x41 && cp <= 0x5a)) return null;
    } else {
      const ch = String.fromCodePoint(cp);
      if (i === 0 && !LOWER_RE.test(ch)) return null;
      if (isGoSpace(cp) || UPPER_RE.test(ch)) return null;
    }
    if (i > 0 && cp === 0x3a /* : */) {
      colon = i;
      break;
    }
    i += w;
  }
  if (colon <= 0) return null;
  const key = text.slice(0, colon);
  let j = colon + 1;
  if (j === n) return { key, value: '' };
  // One or more spaces or tabs separate `key:` from the value.
  while (j < n && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
  if (j === colon + 1) return null;
  return { key, value: text.slice(j) };
}

/** A stateful line classifier; one per input file set (unit metadata carries across files). */
export class LineParser {
  /** `${tidiedUnit}\u0000${key}` -> value. */
  private readonly units = new Map<string, string>();

  parse(text: string, line: number): BenchRecord {
    return this.parseAt(text, 0, text.length, line);
  }

  /**
   * Like parseAt, but a result line is scanned into `out` (no record allocated) and reported
   * as null. For bulk readers that build their own representation (compare's prepare).
   */
  parseInto(src: string, start: number, end: number, line: number, out: ResultScratch): BenchRecord | null {
    if (src.startsWith(BENCHMARK, start) && end - start >= BENCHMARK.length) {
      const status = scanInto(src, start, end, out);
      if (status === null) return null;
      if (status === 'skip') return { kind: 'skipped', line };
      return { kind: 'syntax-error', message: status, line, text: src.slice(start, end) };
    }
    return this.parseAt(src, start, end, line);
  }

  /** Parses the line src[start, end) (no line terminator). */
  parseAt(src: string, start: number, end: number, line: number): BenchRecord {
    if (src.startsWith(BENCHMARK, start) && end - start >= BENCHMARK.length) return scanResult(src, start, end, line);
    if (start === end) return { kind: 'skipped', line };
    const text = src.slice(start, end);
    if (text.charCodeAt(0) === 0x55 /* U */) {
      const end = fieldEnd(text, 0);
      if (end === 4 && text.startsWith('Unit')) return this.parseUnitLine(text, skipSpace(text, end), line);
    }
    const kv = parseConfigLine(text);
    if (kv !== null) return { kind: 'config', key: kv.key, value: kv.value, line };
    return { kind: 'skipped', line };
  }

  private parseUnitLine(text: string, from: number, line: number): BenchRecord {
    const uEnd = fieldEnd(text, from);
    if (uEnd === from) return { kind: 'syntax-error', message: 'missing unit', line, text };
    const unit = text.slice(from, uEnd);
    const tidied = tidyUnit(unit).unit;
    const entries: UnitEntry[] = [];
    let pos = skipSpace(text, uEnd);
    for (;;) {
      const fEnd = fieldEnd(text, pos);
      if (fEnd === pos) break;
      const f = text.slice(pos, fEnd);
      pos = skipSpace(text, fEnd);
      const eq = f.indexOf('=');
      if (eq <= 0) {
        entries.push({ kind: 'error', message: 'expected key=value' });
        continue;
      }
      const key = f.slice(0, eq);
      const value = f.slice(eq + 1);
      const mapKey = tidied + '\u0000' + key;
      const have = this.units.get(mapKey);
      if (have !== undefined && have !== value) {
        entries.push({ kind: 'conflict', key, value, have, message: `metadata ${key} of unit ${unit} already set to ${have}` });
        continue;
      }
      if (have === undefined) this.units.set(mapKey, value);
      entries.push({ kind: 'pair', key, value });
    }
    for (const e of entries) {
      if (e.kind !== 'error') return { kind: 'unit', unit, key: e.key, value: e.value, line, entries };
    }
    if (entries.length === 0) return { kind: 'skipped', line };
    const messages = entries.map((e) => (e.kind === 'error' ? e.message : ''));
    return messages.length > 1
      ? { kind: 'syntax-error', message: messages[0], line, text, more: messages.slice(1) }
      : { kind: 'syntax-error', message: messages[0], line, text };
  }
}
