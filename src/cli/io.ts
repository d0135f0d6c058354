// The CLI's view of its streams and environment, so `run(argv, stdout, stderr)` is testable
// in-process with plain buffers, and a progress bar that degrades to plain lines when stderr
// is not a terminal. On a terminal, control characters in text (a module path, a benchmark
// name from an imported file, a function name in a profile, a run label) are shown escaped,
// never sent raw; files and pipes get the bytes unchanged (benchstat parity).
import type { Progress } from '../shared/models.js';

export interface Out {
  write(s: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** C0 controls but tab and newline, DEL, and C1 controls (U+0080..U+009F). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `\x1b` for ESC, `\u009b` for CSI: visible, inert text in place of each control character. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x80 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

const RAW = Symbol('raw');
type SafeOut = Out & { readonly [RAW]: (s: string) => unknown };

/**
 * The stream the CLI writes to: on a terminal, every write escapes control characters (the
 * progress bar's own sequences go through writeControl); otherwise the stream itself.
 */
export function terminalSafe(out: Out): Out {
  if (!out.isTTY || RAW in out) return out;
  const safe: SafeOut = {
    write: (s: string) => out.write(escapeControls(s)),
    get isTTY() {
      return out.isTTY;
    },
    get columns() {
      return out.columns;
    },
    [RAW]: (s: string) => out.write(s),
  };
  return safe;
}

/** Writes terminal control sequences of our own (cursor moves of the progress bar), unescaped. */
function writeControl(out: Out, s: string): void {
  if (RAW in out) (out as SafeOut)[RAW](s);
  else out.write(s);
}

export interface CliContext {
  readonly stdout: Out;
  readonly stderr: Out;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** Asks a yes/no question on a terminal; null when there is no terminal to ask on. */
  readonly ask: ((question: string) => Promise<boolean>) | null;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--:--';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Renders progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise. */
export class ProgressView {
  private lastLine = '';
  private lastPlain = 0;
  private drawn = false;
  constructor(private readonly err: Out) {}

  update(p: Progress): void {
    const cur = p.current
      ? `${p.current.bench ?? p.current.pkg} (${p.current.refLabel}${p.current.round ? `, round ${p.current.round}` : ''}${p.current.benchtime ? `, ${p.current.benchtime}` : ''})`
      : '';
    if (this.err.isTTY) {
      const width = Math.max(10, Math.min(30, (this.err.columns ?? 80) - 60));
      const frac = p.total > 0 ? p.done / p.total : 0;
      const filled = Math.round(frac * width);
      const bar =
        p.phase === 'bench' || p.phase === 'profile' || p.phase === 'resources'
          ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${p.phase === 'profile' ? 'profiles' : p.phase === 'resources' ? 'resource runs' : 'cells'} ETA ${formatDuration(p.etaMs)}`
          : `${p.phase}...`;
      const line = `${bar} ${cur}`.slice(0, (this.err.columns ?? 100) - 1);
      writeControl(this.err, '\r\x1b[K');
      this.err.write(line);
      this.drawn = true;
      return;
    }
    const line =
      p.phase === 'bench' || p.phase === 'profile' || p.phase === 'resources'
        ? `${p.phase} ${p.done}/${p.total} eta ${formatDuration(p.etaMs)} ${cur}`
        : `${p.phase} ${cur}`;
    const now = Date.now();
    if (line === this.lastLine || (now - this.lastPlain < 1000 && p.done !== p.total && p.phase === this.lastLine.split(' ')[0])) return;
    this.lastLine = line;
    this.lastPlain = now;
    this.err.write(`${line.trimEnd()}\n`);
  }

  /** Prints a log line without tearing the bar. */
  log(line: string): void {
    if (this.err.isTTY && this.drawn) writeControl(this.err, '\r\x1b[K');
    this.err.write(`${line}\n`);
  }

  done(): void {
    if (this.err.isTTY && this.drawn) writeControl(this.err, '\r\x1b[K');
    this.drawn = false;
  }
}

/** Left-aligned text table. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/**
 * A Go function name shortened to at most `max` characters: first the import path's
 * directories go (`…/parser.(*P).next`), then the middle (`…/pars…).next`).
 */
export function elideName(name: string, max: number): string {
  if (name.length <= max) return name;
  const cut = name.search(/[([]/);
  const slash = name.lastIndexOf('/', cut === -1 ? name.length : cut);
  if (slash > 0) {
    const tail = `…${name.slice(slash)}`;
    if (tail.length <= max) return tail;
    name = tail;
  }
  if (max < 5) return name.slice(0, max);
  const keepEnd = Math.ceil((max - 1) / 2);
  return `${name.slice(0, max - 1 - keepEnd)}…${name.slice(name.length - keepEnd)}`;
}

/** The width text output should fit: the terminal's, else 100 columns. */
export function outputWidth(out: Out): number {
  return out.isTTY && out.columns ? Math.max(60, out.columns) : 100;
}
