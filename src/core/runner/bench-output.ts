// Reads the output file of one benchmark process (run with -test.v=test2json, so the testing
// package frames its own lines with ^V) into results, config lines, failed cells and the
// benchmark that was running when the process died. Streaming with a cap on line length: a
// 50 MB line without a newline costs at most the cap in memory. A benchmark that prints
// without a newline can glue its text in front of its own result line; the framing tells us
// which benchmark was running, so the result is recovered from the end of the line. Go writes
// a result line in two pieces (the padded name and a tab, then the numbers after the run):
// another process sharing the output (a daemon the benchmark started) can write a line between
// them, and the numbers are then put back behind their name.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parseResultLine, type BenchValue } from '../benchfmt/index.js';

export interface ParsedResult {
  readonly fullName: string;
  readonly iterations: number;
  readonly values: readonly BenchValue[];
  readonly top: string;
  /** The name in the `=== RUN` frame before it: the full name without the -N GOMAXPROCS suffix. */
  readonly runName: string | null;
}
export interface ParsedFailure {
  readonly name: string;
  readonly top: string;
  readonly kind: 'panic' | 'timeout' | 'fail' | 'skip' | 'crash';
  readonly message: string;
}

export interface ParsedProcess {
  readonly config: readonly (readonly [string, string])[];
  readonly results: readonly ParsedResult[];
  readonly failures: readonly ParsedFailure[];
  /** Top-level benchmarks that started, in order. */
  readonly started: readonly string[];
  /** The top-level benchmark running when the output passed ParseOptions.markAt (an output flood's source). */
  readonly runningAtMark?: string | null;
  /** The top-level benchmark running when the output ended without PASS/FAIL (a crash), if any. */
  readonly runningAtEnd: string | null;
  /** The whole-process message (a panic, timeout, or Go's error) when there is one. */
  readonly crash: { readonly kind: 'panic' | 'timeout' | 'crash'; readonly message: string } | null;
  readonly ended: 'pass' | 'fail' | 'none';
  /** Lines that were neither framing nor results (benchmark output, logs), capped. */
  readonly log: readonly string[];
  readonly lineCount: number;
  readonly longLines: number;
  readonly bytes: number;
}

const FRAME = '\x16';
const MAX_LOG_LINES = 500;
const MAX_MESSAGE = 4000;
const GLUED_WINDOW = 1 << 16;
const GLUED_TRIES = 32;
/** Lines of another writer awaited between a cut result's name and its numbers. */
const MAX_CUT_LINES = 1000;

export interface ParseOptions {
  readonly maxLineLength?: number;
  /** Note which top-level benchmark was running when the output passed this many characters. */
  readonly markAt?: number;
}

/** How much of the end of an over-long line is kept: a result glued after a flood of text is there. */
const LONG_LINE_TAIL = 1 << 16;
const SMALL_OUTPUT = 1 << 18;

export async function parseBenchOutputFile(path: string, o: ParseOptions = {}): Promise<ParsedProcess> {
  const p = new BenchOutputParser();
  const max = o.maxLineLength ?? 1 << 20;
  let pending = '';
  let dropping = false;
  // The last characters of a line being dropped.
  let tail = '';
  let bytes = 0;
  let mark: string | null | undefined;
  const longLine = () => `${pending}${tail.slice(-LONG_LINE_TAIL)}`;
  // A typical benchmark process writes a few KiB: one synchronous read saves the stream's
  // event-loop turns (2.0 -> 0.3 ms a process); large outputs stream in 64 KiB chunks.
  const small = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  const chunks =
    small <= SMALL_OUTPUT ? [readFileSync(path, 'utf8')] : createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  for await (const chunk of chunks) {
    const s = chunk as string;
    bytes += s.length;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) {
        if (!dropping) {
          pending += s.slice(start);
          if (pending.length > max) {
            tail = pending.slice(max);
            pending = pending.slice(0, max);
            dropping = true;
          }
        } else {
          tail = (tail + s.slice(start)).slice(-LONG_LINE_TAIL);
        }
        break;
      }
      if (!dropping) {
        pending += s.slice(start, nl);
        if (pending.length > max) {
          tail = pending.slice(max);
          pending = pending.slice(0, max);
          dropping = true;
        }
      } else {
        tail = (tail + s.slice(start, nl)).slice(-LONG_LINE_TAIL);
      }
      p.line(dropping ? longLine() : pending, dropping);
      if (mark === undefined && o.markAt !== undefined && bytes - (s.length - nl - 1) > o.markAt) mark = p.runningTop();
      pending = '';
      tail = '';
      dropping = false;
      start = nl + 1;
    }
  }
  if (pending.length || dropping) p.line(dropping ? longLine() : pending, dropping);
  if (mark === undefined && o.markAt !== undefined && bytes > o.markAt) mark = p.runningTop();
  return { ...p.finish(bytes), ...(o.markAt !== undefined ? { runningAtMark: mark ?? null } : {}) };
}

/** Line-at-a-time parser of framed benchmark output (exported for tests). */
/**
 * The top-level benchmarks a process finished (a result or a failure), in the order seen. The
 * one still running at the end counts only when its own result line was printed: Go prints a
 * top-level result line only for a benchmark without sub-benchmarks, after it returned, so a
 * kill between that line and the next frame (or PASS) leaves a finished, stored cell.
 */
export function endedTops(p: Pick<ParsedProcess, 'results' | 'failures' | 'runningAtEnd'>): string[] {
  const out = new Set<string>();
  for (const r of p.results) if (r.top !== p.runningAtEnd || !r.fullName.includes('/')) out.add(r.top);
  for (const f of p.failures) out.add(f.name);
  return [...out];
}

export class BenchOutputParser {
  private config: [string, string][] = [];
  private results: ParsedResult[] = [];
  private failures: ParsedFailure[] = [];
  private started: string[] = [];
  private current: string | null = null;
  private currentTop: string | null = null;
  private crash: { kind: 'panic' | 'timeout' | 'crash'; message: string } | null = null;
  private crashLines = 0;
  private ended: 'pass' | 'fail' | 'none' = 'none';
  private log: string[] = [];
  private lineCount = 0;
  private longLines = 0;
  private lastFail: ParsedFailure | null = null;
  /** Indented lines since the last RUN frame: in framed mode a benchmark's log precedes its --- FAIL/SKIP. */
  private indented: string[] = [];
  private seenResult = false;
  /** The running benchmark's `Name-N<pad>\t` whose numbers were cut off by another writer's line. */
  private cutName: string | null = null;
  private cutLines = 0;

  line(raw: string, truncated = false): void {
    this.lineCount++;
    if (truncated) this.longLines++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const f = text.indexOf(FRAME);
    if (f >= 0) {
      if (f > 0) this.output(text.slice(0, f));
      for (const part of text.slice(f + 1).split(FRAME)) this.frame(part);
      return;
    }
    this.output(text);
  }

  private frame(t: string): void {
    this.lastFail = null;
    this.cutName = null;
    let m: RegExpExecArray | null;
    if ((m = /^=== RUN\s+(\S.*)$/.exec(t))) {
      const name = m[1].trim();
      const top = name.split('/')[0];
      this.current = name;
      this.indented = [];
      if (top !== this.currentTop) {
        this.currentTop = top;
        this.started.push(top);
      }
    } else if ((m = /^--- (FAIL|SKIP|BENCH): (\S+)/.exec(t))) {
      const name = m[2];
      const top = name.split('/')[0];
      const message = this.indented.join('\n').slice(0, MAX_MESSAGE);
      this.indented = [];
      if (m[1] === 'FAIL') {
        if (!this.failures.some((x) => x.top === top && x.kind === 'fail')) {
          this.lastFail = { name, top, kind: 'fail', message };
          this.failures.push(this.lastFail);
        }
      } else if (m[1] === 'SKIP') {
        this.lastFail = { name, top, kind: 'skip', message };
        this.failures.push(this.lastFail);
      }
    } else if (/^PASS\b/.test(t)) {
      this.ended = 'pass';
      this.current = null;
    } else if (/^FAIL\b/.test(t)) {
      this.ended = 'fail';
      this.current = null;
    }
  }

  private output(t: string): void {
    // Indented lines after --- FAIL/SKIP are that benchmark's log: its message.
    if (this.lastFail && /^\s{4}/.test(t)) {
      const i = this.failures.indexOf(this.lastFail);
      const msg = (this.lastFail.message ? `${this.lastFail.message}\n` : '') + t.trim();
      this.lastFail = { ...this.lastFail, message: msg.slice(0, MAX_MESSAGE) };
      this.failures[i] = this.lastFail;
      return;
    }
    if (/^\s{4}/.test(t) && this.indented.length < 50) this.indented.push(t.trim());
    if (this.crash) {
      if (this.crashLines < 40 && this.crash.message.length < MAX_MESSAGE) {
        this.crash = { ...this.crash, message: `${this.crash.message}\n${t}` };
        this.crashLines++;
      }
      this.keepLog(t);
      return;
    }
    if (!this.seenResult && this.started.length === 0) {
      const c = /^([a-z][^\sA-Z:]*):(?:[ \t]+(.*))?$/.exec(t);
      if (c) {
        this.config.push([c[1], (c[2] ?? '').trim()]);
        return;
      }
    }
    const r = parseResultLine(t);
    if (this.cutName !== null && (r === null || 'error' in r)) {
      // The numbers of a result line another writer cut after its name: `    1000\t 25 ns/op`.
      const joined = parseResultLine(this.cutName + t);
      if (joined && !('error' in joined) && this.isCurrent(`Benchmark${joined.fullName}`)) {
        this.cutName = null;
        this.addResult(joined.fullName, joined.iterations, joined.values);
        return;
      }
      if (++this.cutLines > MAX_CUT_LINES) this.cutName = null;
    }
    if (this.current && (r === null || 'error' in r)) {
      // `BenchmarkAdd-2   \tflusher: tick 1`: the name, then a line of another writer.
      const tab = t.indexOf('\t');
      const head = tab > 0 ? t.slice(0, tab).trimEnd() : '';
      if (head !== '' && this.isCurrent(head)) {
        this.cutName = t.slice(0, tab + 1);
        this.cutLines = 0;
        this.keepLog(t.slice(tab + 1));
        return;
      }
    }
    // A line that parses whole but under another name than the running benchmark's may be
    // text glued in front of the real result (a benchmark printing its own name): look for it first.
    const whole = r && !('error' in r) ? r : null;
    if (whole && (!this.current || this.isCurrent(`Benchmark${whole.fullName}`))) {
      this.addResult(whole.fullName, whole.iterations, whole.values);
      return;
    }
    // A result glued to text the benchmark printed without a newline. It ends the line, so
    // only the name's last few occurrences near the end are tried: a line holding the name
    // thousands of times would otherwise cost quadratic time.
    if (this.current) {
      const from = Math.max(0, t.length - GLUED_WINDOW);
      let at = t.lastIndexOf(this.current);
      for (let tries = 0; at > 0 && at >= from && tries < GLUED_TRIES; tries++) {
        const rr = parseResultLine(t.slice(at));
        if (rr && !('error' in rr)) {
          this.keepLog(t.slice(0, at));
          this.addResult(rr.fullName, rr.iterations, rr.values);
          return;
        }
        at = t.lastIndexOf(this.current, at - 1);
      }
    }
    if (whole) {
      this.addResult(whole.fullName, whole.iterations, whole.values);
      return;
    }
    if (/^panic: test timed out after /.test(t)) {
      this.crash = { kind: 'timeout', message: t };
    } else if (/^(panic: |fatal error: |SIGQUIT: quit|SIGABRT: abort|SIGSEGV: )/.test(t)) {
      this.crash = { kind: /^panic: /.test(t) ? 'panic' : 'crash', message: t };
    }
    this.keepLog(t);
  }

  /** The top-level benchmark running now (its RUN frame seen, no PASS/FAIL yet), if any. */
  runningTop(): string | null {
    return this.ended === 'none' ? this.currentTop : null;
  }

  /** The running benchmark's own result name: itself, or itself with a -N GOMAXPROCS suffix. */
  private isCurrent(fullName: string): boolean {
    const c = this.current ?? '';
    return fullName === c || (fullName.startsWith(`${c}-`) && /^\d+$/.test(fullName.slice(c.length + 1)));
  }

  /** benchfmt names exclude the `Benchmark` prefix; we keep names as Go prints them. */
  private addResult(name: string, iterations: number, values: readonly BenchValue[]): void {
    const fullName = `Benchmark${name}`;
    this.seenResult = true;
    this.results.push({ fullName, iterations, values, top: fullName.split('/')[0].replace(/-\d+$/, ''), runName: this.current });
  }

  private keepLog(t: string): void {
    if (t === '' || this.log.length >= MAX_LOG_LINES) return;
    // Name-only lines are chatty-mode noise.
    if (this.current && (t === this.current || t.trim() === this.current)) return;
    this.log.push(t.length > 2000 ? `${t.slice(0, 2000)}…` : t);
  }

  finish(bytes = 0): ParsedProcess {
    let runningAtEnd = this.ended === 'none' && this.currentTop ? this.currentTop : null;
    // A timeout names the benchmark under "running tests:".
    if (this.crash?.kind === 'timeout') {
      const m = /running tests:\s*\n\s*(Benchmark\S*)/.exec(this.crash.message);
      if (m) runningAtEnd = m[1].split('/')[0];
    }
    // A panic's stack names the benchmark function that panicked: the testing package may
    // already have printed the next benchmark's RUN frame while the panic unwound.
    if (this.crash?.kind === 'panic') {
      const m = /\.(Benchmark[^\s.(/]*)\(/.exec(this.crash.message);
      if (m && this.started.includes(m[1])) runningAtEnd = m[1];
    }
    return {
      config: this.config,
      results: this.results,
      failures: this.failures,
      started: this.started,
      runningAtEnd,
      crash: this.crash,
      ended: this.ended,
      log: this.log,
      lineCount: this.lineCount,
      longLines: this.longLines,
      bytes,
    };
  }
}
