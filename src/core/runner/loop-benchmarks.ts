// Which benchmark functions drive their iterations with b.Loop (Go 1.24+), read from the
// sources with the Go lexer. It matters for dividing a process's totals per op: with
// `-test.benchtime=Nx` a b.N benchmark is called twice (Go's 1-iteration probe, then N), so
// it runs N+1 iterations, while a b.Loop benchmark is called once and loops exactly N times.
// A top-level function counts as b.Loop when its body (closures included) calls `.Loop()`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MiB, readTextBounded } from '../fs/safe-read.js';
import { goTokens } from '../repo/go-lexer.js';
import { isBenchmarkName } from '../repo/static-scan.js';

/** Top-level benchmark functions of one source file whose body calls `.Loop()`. */
export function scanLoopBenchmarks(source: string): string[] {
  const t = [...goTokens(source)];
  const out: string[] = [];
  let depth = 0;
  let current: string | null = null;
  let bodyDepth = -1;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    if (tok.kind === 'punct' && (tok.text === '(' || tok.text === '[' || tok.text === '{')) {
      if (tok.text === '{' && current !== null && bodyDepth < 0 && depth === 0) bodyDepth = 1;
      depth++;
      continue;
    }
    if (tok.kind === 'punct' && (tok.text === ')' || tok.text === ']' || tok.text === '}')) {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && bodyDepth > 0) {
        current = null;
        bodyDepth = -1;
      }
      continue;
    }
    if (depth === 0 && tok.kind === 'ident' && tok.text === 'func') {
      const name = t[i + 1];
      current = name?.kind === 'ident' && isBenchmarkName(name.text) ? name.text : null;
      bodyDepth = -1;
      continue;
    }
    if (
      current !== null &&
      bodyDepth > 0 &&
      tok.kind === 'ident' &&
      tok.text === 'Loop' &&
      t[i - 1]?.text === '.' &&
      t[i + 1]?.text === '(' &&
      t[i + 2]?.text === ')' &&
      !out.includes(current)
    ) {
      out.push(current);
    }
  }
  return out;
}

/** b.Loop benchmarks of a package directory (its _test.go files, each read up to 16 MiB). */
export async function loopBenchmarksIn(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('_test.go'));
  } catch {
    return names;
  }
  for (const f of files.slice(0, 1000)) {
    try {
      const text = await readTextBounded(join(dir, f), { maxBytes: 16 * MiB, noFollow: true });
      for (const n of scanLoopBenchmarks(text)) names.add(n);
    } catch {
      /* unreadable file: counted as b.N */
    }
  }
  return names;
}
