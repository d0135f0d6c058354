// The live preview of a -bench pattern, with Go's semantics: the pattern is split on '/'
// (outside brackets and parentheses) into one regexp per sub-benchmark level and on top-level
// '|' into alternatives; each level is RE2 (re2js, as Go's regexp), matched unanchored. Only
// top-level names are known before a run, so the preview matches the first level and says
// when deeper levels will narrow the sub-benchmarks.
import { RE2JS } from 're2js';
import type { PackageInfo } from '../../../shared/models.js';

/** Go's testing.splitRegexp: alternatives, each a list of per-level patterns. */
export function splitBenchPattern(pattern: string): string[][] {
  const alts: string[][] = [];
  let levels: string[] = [];
  let s = pattern;
  let brackets = 0;
  let parens = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '[') brackets++;
    else if (c === ']') brackets = Math.max(0, brackets - 1);
    else if (c === '(' && brackets === 0) parens++;
    else if (c === ')' && brackets === 0) parens--;
    else if (c === '\\') i++;
    else if ((c === '/' || c === '|') && brackets === 0 && parens === 0) {
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

export interface BenchMatch {
  readonly pkg: string;
  readonly name: string;
}

export type PatternCheck =
  | { readonly ok: true; readonly firstLevels: readonly RE2JS[]; readonly deeper: boolean }
  | { readonly ok: false; readonly error: string };

/** Compiles every level with RE2; the error is RE2's (Go's) message. */
export function checkBenchPattern(pattern: string): PatternCheck {
  if (/[\0\r\n]/.test(pattern)) return { ok: false, error: 'the pattern contains a control character' };
  const alts = splitBenchPattern(pattern);
  const firstLevels: RE2JS[] = [];
  let deeper = false;
  for (const levels of alts) {
    for (let i = 0; i < levels.length; i++) {
      try {
        const re = RE2JS.compile(levels[i]);
        if (i === 0) firstLevels.push(re);
      } catch (err) {
        return { ok: false, error: `${JSON.stringify(levels[i])}: ${(err as Error).message}` };
      }
    }
    if (levels.length > 1) deeper = true;
  }
  return { ok: true, firstLevels, deeper };
}

/** Does a top-level benchmark name match the pattern's first level (any alternative)? */
export function matchesTopLevel(check: PatternCheck & { ok: true }, name: string): boolean {
  return check.firstLevels.some((re) => re.matcher(name).find());
}

export type BenchPreview =
  | { readonly ok: true; readonly matches: readonly BenchMatch[]; readonly available: number; readonly deeper: boolean }
  | { readonly ok: false; readonly error: string };

/**
 * The benchmarks a run would select: packages limited to `onlyPackages` when non-empty
 * (import paths), then top-level names matched by the pattern.
 */
export function previewBenchmarks(pkgs: readonly PackageInfo[], pattern: string, onlyPackages: readonly string[] = []): BenchPreview {
  const check = checkBenchPattern(pattern);
  if (!check.ok) return check;
  const only = new Set(onlyPackages);
  const matches: BenchMatch[] = [];
  let available = 0;
  for (const p of pkgs) {
    if (only.size && !only.has(p.importPath)) continue;
    for (const b of p.benchmarks) {
      available++;
      if (matchesTopLevel(check, b)) matches.push({ pkg: p.importPath, name: b });
    }
  }
  return { ok: true, matches, available, deeper: check.deeper };
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A pattern selecting exactly these top-level names (as picked in the tree): `^(?:A|B)$`. */
export function patternFor(names: readonly string[]): string {
  const uniq = [...new Set(names)].sort();
  if (uniq.length === 0) return '.';
  return uniq.length === 1 ? `^${quoteMeta(uniq[0])}$` : `^(?:${uniq.map(quoteMeta).join('|')})$`;
}
