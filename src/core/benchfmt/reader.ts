// Reading Go benchmark text into records: from a string (readBenchfmt) or from a stream of
// chunks (readBenchfmtStream, for large files: memory stays bounded by the longest line, and a
// line over the limit becomes a syntax-error record). Exactly one record per line; lines end at
// `\n`, a trailing `\r` is dropped, and a final line without `\n` still counts (bufio.Scanner's
// rules, which golang/perf uses).
import { LineParser } from './line-parser.js';
import type { BenchRecord } from './types.js';

export interface ReadOptions {
  /** Shares unit metadata (for conflict detection) across several files, as benchstat does. */
  readonly parser?: LineParser;
}

/** Yields one record per line of `text`. */
export function* readBenchfmt(text: string, opts?: ReadOptions): Generator<BenchRecord> {
  const parser = opts?.parser ?? new LineParser();
  const n = text.length;
  let start = 0;
  let line = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? n : end + 1;
    if (end < 0) end = n;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    line++;
    yield parser.parseAt(text, start, end, line);
    start = next;
  }
}

/**
 * Calls `onLine` for every line of `text` with its bounds (no terminator, no trailing CR) and
 * number: the line splitting readBenchfmt uses, for readers that parse lines themselves.
 */
export function forEachLine(text: string, onLine: (start: number, end: number, line: number) => void): void {
  const n = text.length;
  let start = 0;
  let line = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? n : end + 1;
    if (end < 0) end = n;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    onLine(start, end, ++line);
    start = next;
  }
}

/** Reads a whole text into an array (convenient for tests and small inputs). */
export function readBenchfmtAll(text: string, opts?: ReadOptions): BenchRecord[] {
  return Array.from(readBenchfmt(text, opts));
}

export interface StreamOptions extends ReadOptions {
  /**
   * Longest line kept, in UTF-16 code units (default 65535, where benchstat's bufio.Scanner
   * gives up on the whole file); a longer line becomes a syntax-error record.
   */
  readonly maxLineLength?: number;
}

const DEFAULT_MAX_LINE = 65535;

/** Streams records from chunks of text or UTF-8 bytes, one record per line. */
export async function* readBenchfmtStream(src: AsyncIterable<string | Uint8Array>, opts?: StreamOptions): AsyncGenerator<BenchRecord> {
  const parser = opts?.parser ?? new LineParser();
  const maxLen = opts?.maxLineLength ?? DEFAULT_MAX_LINE;
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  // While skipping the rest of an over-long line: its length so far and its first characters.
  let overLong = null as { len: number; head: string } | null;
  let line = 0;

  const tooLong = (len: number, head: string): BenchRecord => ({
    kind: 'syntax-error',
    message: `line too long (${len} characters; the limit is ${maxLen})`,
    line,
    text: head.slice(0, 200),
  });

  const take = function* (chunk: string): Generator<BenchRecord> {
    let start = 0;
    const n = chunk.length;
    while (start < n) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      if (overLong !== null) {
        const total = overLong.len + (nl - start);
        const head = overLong.head;
        overLong = null;
        line++;
        yield tooLong(total, head);
        start = nl + 1;
        continue;
      }
      line++;
      if (start === 0 && carry !== '') {
        let text = carry + chunk.slice(0, nl);
        carry = '';
        if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
        yield text.length > maxLen ? tooLong(text.length, text) : parser.parse(text, line);
      } else {
        let end = nl;
        if (end > start && chunk.charCodeAt(end - 1) === 0x0d) end--;
        yield end - start > maxLen ? tooLong(end - start, chunk.slice(start, start + 200)) : parser.parseAt(chunk, start, end, line);
      }
      start = nl + 1;
    }
    // The rest of the chunk starts a line that continues in the next chunk.
    const rest = start === 0 ? carry + chunk : chunk.slice(start);
    if (overLong !== null) {
      overLong.len += chunk.length - start;
    } else if (rest.length > maxLen + 1) {
      overLong = { len: rest.length, head: rest.slice(0, 200) };
      carry = '';
    } else {
      carry = rest;
    }
  };

  for await (const chunk of src) {
    const s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (s.length > 0) yield* take(s);
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield* take(tail);
  const last = overLong;
  if (last !== null) {
    line++;
    yield tooLong(last.len, last.head);
  } else if (carry.length > 0) {
    let text = carry;
    if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
    line++;
    yield text.length > maxLen ? tooLong(text.length, text) : parser.parse(text, line);
  }
}
