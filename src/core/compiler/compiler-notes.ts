// What the Go compiler says about the module's code, from the output of a build with
// `-gcflags='<module>/...=-m=2 -d=ssa/check_bce/debug=1'` and -trimpath (so every position
// carries the import path): inlining decisions, calls inlined, heap escapes and the bounds
// checks left in. Positions are normalised to module-relative files; the explanations -m=2
// adds (indented "flow:" lines, headers ending in ':'), "does not escape" and "leaking param"
// are dropped, duplicates (the compiler prints a call inlined twice) kept once. Pure: the build
// is compiler-build.ts, the use in findings compiler-attach.ts, between refs compiler-diff.ts.
import type { CompilerNote } from '../../shared/profile-types.js';

export interface RawNote {
  readonly line: number;
  readonly col: number;
  readonly kind: CompilerNote['kind'];
  readonly text: string;
  /** For an inline decision: the function it is about, as the compiler names it ("(*T).m", "f.func1"). */
  readonly func?: string;
}

/** Notes per module-relative file, each file's notes sorted by line and column. */
export interface ParsedNotes {
  readonly files: Readonly<Record<string, readonly RawNote[]>>;
}

const POS = /^(\S+?\.go):(\d+):(\d+): (.*)$/;

function classify(text: string): Pick<RawNote, 'kind' | 'text' | 'func'> | null {
  let m = /^can inline (\S+) with cost (\d+)/.exec(text);
  if (m) return { kind: 'inline', text: `can inline ${m[1]} with cost ${m[2]}`, func: m[1] };
  m = /^cannot inline (\S+?): (.*)$/.exec(text);
  if (m) return { kind: 'inline', text, func: m[1] };
  if (text.startsWith('inlining call to ')) return { kind: 'call', text };
  if (text.startsWith('moved to heap: ') || / escapes to heap$/.test(text)) return { kind: 'escape', text };
  if (/^Found Is\w+/.test(text)) return { kind: 'bounds', text };
  return null;
}

/**
 * Parses the build output. Lines about files outside the module (the standard library's
 * generic instantiations, dependencies) are left out; so are the module's test files.
 */
export function parseCompilerOutput(output: string, modulePath: string): ParsedNotes {
  const prefix = `${modulePath}/`;
  const files: Record<string, RawNote[]> = {};
  const seen = new Set<string>();
  for (const raw of output.split('\n')) {
    const m = POS.exec(raw.trimEnd());
    if (!m || !m[1].startsWith(prefix)) continue;
    const file = m[1].slice(prefix.length);
    const body = m[4];
    if (file.endsWith('_test.go') || /^\s/.test(body) || body.endsWith(':')) continue;
    const c = classify(body);
    if (!c) continue;
    const line = Number(m[2]),
      col = Number(m[3]);
    const key = `${file}\0${line}\0${col}\0${c.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (files[file] ??= []).push({ line, col, ...c });
  }
  for (const list of Object.values(files)) list.sort((a, b) => a.line - b.line || a.col - b.col);
  return { files };
}

/** A profile's function name as the compiler names it within its package: "example.com/m/p.(*T).m" -> "(*T).m". */
export function compilerName(func: string): string {
  const rest = func.slice(func.lastIndexOf('/') + 1);
  const dot = rest.indexOf('.');
  return dot >= 0 ? rest.slice(dot + 1) : rest;
}

const CLOSURE = /\.(func|deferwrap|gowrap)\d+|\.\d+$/;

/** The top-level function a compiler or profile name belongs to: "Checksums.func1" -> "Checksums". */
export function topLevelName(name: string): string {
  const m = CLOSURE.exec(name);
  return m ? name.slice(0, m.index) : name;
}

/** The declarations of top-level functions in a file (from their inline decisions), by line. */
export function declarations(notes: readonly RawNote[]): { readonly name: string; readonly line: number }[] {
  return notes
    .filter((n) => n.kind === 'inline' && n.func !== undefined && !CLOSURE.test(n.func))
    .map((n) => ({ name: n.func!, line: n.line }));
}

/** The top-level function whose declaration is the last one at or before `line`, with its line range. */
export function enclosing(
  notes: readonly RawNote[],
  line: number,
): { readonly name: string; readonly from: number; readonly to: number } | null {
  const decls = declarations(notes);
  let best: { name: string; line: number } | null = null;
  let next = Infinity;
  for (const d of decls) {
    if (d.line <= line && (!best || d.line > best.line)) best = d;
  }
  if (!best) return null;
  for (const d of decls) if (d.line > best.line && d.line < next) next = d.line;
  return { name: best.name, from: best.line, to: next - 1 };
}

/** The notes of one file between two lines (inclusive). */
export function notesIn(notes: readonly RawNote[], from: number, to: number): RawNote[] {
  return notes.filter((n) => n.line >= from && n.line <= to);
}

export function toNote(file: string, n: RawNote): CompilerNote {
  return { location: `${file}:${n.line}`, kind: n.kind, text: n.text };
}
