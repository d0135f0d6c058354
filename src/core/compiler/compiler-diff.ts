// What the compiler decided differently between two refs, for the hot functions: a function
// that is no longer (or now) inlined, a variable or expression that now escapes to the heap (or
// no longer does), more or fewer bounds checks. Functions are matched by package directory and
// name, not by line (lines move between commits); each change is reported at its line in the
// ref where it shows (head, or base for what went away).
import type { CompilerChange } from '../../shared/profile-types.js';
import { declarations, enclosing, topLevelName, type ParsedNotes, type RawNote } from './compiler-notes.js';

/** A function of the module: package directory (module-relative) and top-level name. */
export interface FunctionKey {
  readonly dir: string;
  readonly name: string;
}

interface FnFacts {
  inline: { text: string; can: boolean; location: string } | null;
  escapes: Map<string, string>;
  bounds: number;
  decl: string;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}

function facts(parsed: ParsedNotes): Map<string, FnFacts> {
  const out = new Map<string, FnFacts>();
  for (const [file, notes] of Object.entries(parsed.files)) {
    const dir = dirOf(file);
    const get = (name: string, declLine: number) => {
      const key = `${dir}\0${name}`;
      let f = out.get(key);
      if (!f) out.set(key, (f = { inline: null, escapes: new Map(), bounds: 0, decl: `${file}:${declLine}` }));
      return f;
    };
    for (const d of declarations(notes)) {
      const n = notes.find((x: RawNote) => x.kind === 'inline' && x.func === d.name && x.line === d.line)!;
      get(d.name, d.line).inline = { text: n.text, can: n.text.startsWith('can inline'), location: `${file}:${n.line}` };
    }
    for (const n of notes) {
      if (n.kind !== 'escape' && n.kind !== 'bounds') continue;
      const fn = enclosing(notes, n.line);
      if (!fn) continue;
      const f = get(fn.name, fn.from);
      if (n.kind === 'bounds') f.bounds++;
      else if (!f.escapes.has(n.text)) f.escapes.set(n.text, `${file}:${n.line}`);
    }
  }
  return out;
}

/**
 * The changes from base to head for the functions in `hot` (every function when `hot` is null),
 * sorted by location.
 */
export function diffCompilerNotes(base: ParsedNotes, head: ParsedNotes, hot: readonly FunctionKey[] | null): CompilerChange[] {
  const b = facts(base),
    h = facts(head);
  const wanted = hot === null ? null : new Set(hot.map((k) => `${k.dir}\0${topLevelName(k.name)}`));
  const out: CompilerChange[] = [];
  for (const [key, hf] of h) {
    if (wanted && !wanted.has(key)) continue;
    const bf = b.get(key);
    if (!bf) continue;
    const name = key.split('\0')[1];
    if (hf.inline && bf.inline && hf.inline.can !== bf.inline.can) {
      out.push({
        change: hf.inline.can ? 'now inlined' : 'no longer inlined',
        function: name,
        location: hf.inline.location,
        at: 'head',
        text: hf.inline.text,
        before: bf.inline.text,
      });
    }
    for (const [text, loc] of hf.escapes)
      if (!bf.escapes.has(text)) out.push({ change: 'now escapes', function: name, location: loc, at: 'head', text });
    for (const [text, loc] of bf.escapes)
      if (!hf.escapes.has(text)) out.push({ change: 'no longer escapes', function: name, location: loc, at: 'base', text });
    if (hf.bounds !== bf.bounds)
      out.push({
        change: 'bounds checks',
        function: name,
        location: hf.decl,
        at: 'head',
        text: `${bf.bounds} -> ${hf.bounds} bounds checks in ${name}`,
      });
  }
  const lineOf = (l: string) => Number(l.slice(l.lastIndexOf(':') + 1));
  const fileOf = (l: string) => l.slice(0, l.lastIndexOf(':'));
  return out.sort(
    (x, y) =>
      fileOf(x.location).localeCompare(fileOf(y.location)) || lineOf(x.location) - lineOf(y.location) || x.change.localeCompare(y.change),
  );
}

/** One line per change, e.g. `internal/p/p.go:12: parseLine: no longer inlined (cannot inline ...; was: can inline ...)`. */
export function renderCompilerChanges(changes: readonly CompilerChange[], baseLabel: string, headLabel: string): string {
  if (changes.length === 0)
    return `No change in the compiler's inlining, escape or bounds-check decisions for the hot functions between ${baseLabel} and ${headLabel}.\n`;
  const lines = changes.map((c) => {
    const where = c.at === 'base' ? ` (at ${baseLabel})` : '';
    const was = c.before ? `; was: ${c.before}` : '';
    return `${c.location}${where}: ${c.function}: ${c.change} (${c.text}${was})`;
  });
  return `Compiler decisions changed from ${baseLabel} to ${headLabel} (hot functions):\n${lines.join('\n')}\n`;
}
