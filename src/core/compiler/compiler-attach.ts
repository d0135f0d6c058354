// The compiler notes that belong to a finding: everything at its line (calls inlined there,
// escapes, bounds checks), the inlining decision about its function (and the top-level function
// around a closure), and the heap escapes elsewhere in that function, the finding's line first.
// Bounded: a function with many escapes lists the first few and says how many more there are.
import type { CompilerNote } from '../../shared/profile-types.js';
import { compilerName, enclosing, notesIn, toNote, topLevelName, type ParsedNotes } from './compiler-notes.js';

const MAX_NOTES = 12;

export function notesForFinding(parsed: ParsedNotes, file: string, line: number, func: string): CompilerNote[] {
  const notes = parsed.files[file];
  if (!notes || notes.length === 0) return [];
  const name = compilerName(func);
  const top = topLevelName(name);
  const out: CompilerNote[] = [];
  const seen = new Set<string>();
  const add = (n: (typeof notes)[number]) => {
    const key = `${n.line}\0${n.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(toNote(file, n));
  };
  for (const n of notes) if (n.line === line) add(n);
  for (const n of notes) if (n.kind === 'inline' && (n.func === name || n.func === top)) add(n);
  const fn = enclosing(notes, line);
  const body = fn ? notesIn(notes, fn.from, fn.to) : [];
  const escapes = body.filter((n) => n.kind === 'escape' && n.line !== line);
  const bounds = body.filter((n) => n.kind === 'bounds' && n.line !== line);
  for (const n of escapes.slice(0, Math.max(0, MAX_NOTES - out.length))) add(n);
  const left = escapes.length - escapes.filter((n) => seen.has(`${n.line}\0${n.text}`)).length;
  if (left > 0) out.push({ location: `${file}:${fn!.from}`, kind: 'escape', text: `and ${left} more heap escapes in ${fn!.name}` });
  if (bounds.length > 0) {
    const lines = [...new Set(bounds.map((n) => n.line))];
    out.push({
      location: `${file}:${fn!.from}`,
      kind: 'bounds',
      text: `${bounds.length} more bounds check${bounds.length === 1 ? '' : 's'} in ${fn!.name} (lines ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ', ...' : ''})`,
    });
  }
  return out;
}
