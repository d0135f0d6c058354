// Benchmark selection with Go's semantics: -test.bench is split on '/' (outside brackets and
// parentheses) into one unanchored RE2 regexp per sub-benchmark level, and on top-level '|'
// into alternatives (testing/match.go). We validate with re2js (RE2, as Go's regexp), select
// top-level names ourselves, and build exact selections for re-runs. The user's regexp is only
// ever passed as the value of -test.bench=.
import { RE2JS } from 're2js';
import { fail } from '../../shared/errors.js';

/** One alternative of a -test.bench pattern: its regexp per level. */
export type BenchPath = readonly string[];

/** Go's splitRegexp: alternatives of level paths. */
export function splitBenchRegex(s: string): BenchPath[] {
  const alts: string[][] = [];
  let levels: string[] = [];
  let cs = 0;
  let cp = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '[') cs++;
    else if (c === ']') {
      cs--;
      if (cs < 0) cs = 0;
    } else if (c === '(' && cs === 0) cp++;
    else if (c === ')' && cs === 0) cp--;
    else if (c === '\\') i++;
    else if ((c === '/' || c === '|') && cs === 0 && cp === 0) {
      levels.push(s.slice(0, i));
      s = s.slice(i + 1);
      i = 0;
      if (c === '|') {
        alts.push(levels);
        levels = [];
      }
      continue;
    }
    i++;
  }
  levels.push(s);
  alts.push(levels);
  return alts;
}

/** Throws InvalidRegex (with RE2's message, which is Go's) when any level does not compile. */
export function validateBenchRegex(re: string): void {
  if (/[\0\r\n]/.test(re)) fail('InvalidRegex', { regex: re, reason: 'contains a control character' });
  for (const path of splitBenchRegex(re)) {
    for (const level of path) {
      try {
        RE2JS.compile(level);
      } catch (err) {
        fail('InvalidRegex', { regex: re, reason: (err as Error).message });
      }
    }
  }
}

/** Top-level benchmark names selected by the pattern (in list order). */
export function selectTopLevel(names: readonly string[], re: string): string[] {
  const firsts = splitBenchRegex(re).map((p) => RE2JS.compile(p[0]));
  return names.filter((n) => firsts.some((f) => f.matcher(n).find()));
}

/**
 * Whether Go reports top-level benchmark `name` (a result, a failure or a skip) whenever the
 * pattern runs it: true unless an alternative that selects it has a sub-benchmark level, for
 * then Go runs it once to find its sub-benchmarks and may report nothing (none matched, or it
 * has none).
 */
export function reportsWhenRun(name: string, re: string): boolean {
  return splitBenchRegex(re).every((p) => p.length === 1 || !RE2JS.compile(p[0]).matcher(name).find());
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * A pattern that selects exactly the given top-level benchmarks, with the user's deeper levels
 * kept per alternative (so sub-benchmark selection is unchanged). Null when nothing is left.
 */
export function restrictBenchRegex(re: string, only: readonly string[]): string | null {
  const keep = new Set(only);
  const out: string[] = [];
  for (const path of splitBenchRegex(re)) {
    const first = RE2JS.compile(path[0]);
    const chosen = [...keep].filter((n) => first.matcher(n).find());
    if (chosen.length === 0) continue;
    out.push([`^(?:${chosen.map(quoteMeta).join('|')})$`, ...path.slice(1)].join('/'));
  }
  return out.length ? out.join('|') : null;
}

/** The pattern that selects one benchmark by its full name (a sub-benchmark by each level). */
export function exactBenchRegex(fullName: string): string {
  return fullName
    .split('/')
    .map((p) => `^${quoteMeta(p)}$`)
    .join('/');
}
