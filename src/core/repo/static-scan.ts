// Benchmark names from the sources, without running anything: the declarations
// `func BenchmarkXxx(b *testing.B)` at the top level of the _test.go files `go list` reports
// for a package (TestGoFiles and XTestGoFiles: build constraints and --tags already applied),
// read with a Go lexer (go-lexer.ts), so comments, strings, raw strings, methods and nested
// function literals never count. Used before a repository is trusted; after trust the test
// binary's -test.list is authoritative (inventory.ts).
import { MiB, readTextBounded } from '../fs/safe-read.js';
import { join } from 'node:path';
import { goTokens, type GoToken } from './go-lexer.js';

/** Go's rule: "Benchmark" alone, or followed by a character that is not a lower-case letter. */
export function isBenchmarkName(name: string): boolean {
  if (!name.startsWith('Benchmark')) return false;
  const rest = name.slice('Benchmark'.length);
  return rest === '' || !/^\p{Ll}/u.test(rest);
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/**
 * Whether the tokens from `i` (just after the function's name) are `(b *testing.B) {`: one
 * parameter (name optional) of type *B, qualified by any package name or dot-imported, an
 * optional trailing comma, no type parameters and no results. Returns false for anything
 * else, which `go test` would reject or not run as a benchmark.
 */
function benchSignature(t: readonly GoToken[], i: number): boolean {
  const is = (k: number, text: string) => t[k]?.kind !== 'string' && t[k]?.kind !== 'number' && t[k]?.text === text;
  const ident = (k: number) => t[k]?.kind === 'ident';
  if (!is(i, '(')) return false;
  let k = i + 1;
  if (ident(k) && is(k + 1, '*')) k++;
  if (!is(k, '*')) return false;
  k++;
  if (ident(k) && is(k + 1, '.') && is(k + 2, 'B')) k += 2;
  else if (!is(k, 'B')) return false;
  k++;
  if (is(k, ',')) k++;
  if (!is(k, ')')) return false;
  // No results: the body follows, or (a body-less declaration) the next token is on a later line.
  const after = t[k + 1];
  return after === undefined || is(k + 1, '{') || after.line > t[k].line;
}

/** Top-level benchmark functions of one Go source file, in order. */
export function scanBenchmarks(source: string): string[] {
  const t = [...goTokens(source)];
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    if (tok.kind === 'punct') {
      if (OPEN.has(tok.text)) depth++;
      else if (CLOSE.has(tok.text)) depth = Math.max(0, depth - 1);
      continue;
    }
    // At the top level `func` starts a declaration; `func (r T) Name` is a method (never a benchmark).
    if (depth !== 0 || tok.kind !== 'ident' || tok.text !== 'func') continue;
    const name = t[i + 1];
    if (name?.kind !== 'ident' || !isBenchmarkName(name.text)) continue;
    if (benchSignature(t, i + 2)) names.push(name.text);
  }
  return names;
}

/** Benchmarks of a package's test files, in go list's order (TestGoFiles, then XTestGoFiles), as -test.list lists them. */
export async function scanPackageBenchmarks(dir: string, testFiles: readonly string[]): Promise<string[]> {
  return (await scanPackage(dir, testFiles)).names;
}

/**
 * The static scan, and whether a test binary could list any benchmark at all: `mayHave` is
 * false only when every test file was read and none contains the text "Benchmark" (a benchmark
 * is a function whose name starts with it, so such a package has none, whatever the scan's
 * reading of the syntax); an unreadable file counts as a maybe.
 */
export async function scanPackage(dir: string, testFiles: readonly string[]): Promise<{ names: string[]; mayHave: boolean }> {
  const names: string[] = [];
  let mayHave = false;
  for (const f of testFiles) {
    try {
      // Before trust: a link (to /dev/zero, say), a FIFO or a huge file is skipped, never read whole.
      const text = await readTextBounded(join(dir, f), { maxBytes: 16 * MiB, noFollow: true });
      if (!text.includes('Benchmark')) continue;
      mayHave = true;
      names.push(...scanBenchmarks(text));
    } catch {
      mayHave = true; /* unreadable, a link or not a regular file: nothing from it */
    }
  }
  return { names, mayHave };
}
