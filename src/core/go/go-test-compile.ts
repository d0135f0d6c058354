// `go test -c -trimpath -o BIN ./rel`: compile a package's test binary once per (commit,
// package, build settings). With -trimpath the same commit built in any directory gives the
// same binary, so binaries are reused. A package without test files writes no binary.
import { access } from 'node:fs/promises';
import { runGo } from './go-runner.js';

export interface CompileOptions {
  readonly goBin: string;
  readonly moduleDir: string;
  readonly relDir: string;
  readonly out: string;
  readonly env: Readonly<Record<string, string>>;
  readonly tags?: string;
  readonly gcflags?: string;
  /** -pgo value: a file path, or 'off' (always passed explicitly). */
  readonly pgo?: string;
  readonly signal?: AbortSignal;
}

export type CompileOutcome =
  | { readonly kind: 'built'; readonly binary: string; readonly output: string; readonly args: readonly string[] }
  | { readonly kind: 'no-tests'; readonly output: string; readonly args: readonly string[] }
  | { readonly kind: 'failed'; readonly exitCode: number | null; readonly output: string; readonly args: readonly string[] };

export function compileArgs(o: Omit<CompileOptions, 'goBin' | 'moduleDir' | 'env' | 'signal'>): string[] {
  const args = ['test', '-c', '-trimpath', `-o=${o.out}`, `-pgo=${o.pgo ?? 'off'}`];
  if (o.tags) args.push(`-tags=${o.tags}`);
  if (o.gcflags) args.push(`-gcflags=${o.gcflags}`);
  // The package comes from go list as ./rel; "./" keeps it from ever reading as a flag.
  args.push(o.relDir === '.' ? '.' : o.relDir);
  return args;
}

export async function goTestCompile(o: CompileOptions): Promise<CompileOutcome> {
  const args = compileArgs(o);
  // A compile error is an outcome (the build of that ref fails with go's message), not a failure of the lab.
  const r = await runGo(o.goBin, args, { cwd: o.moduleDir, env: o.env, timeoutMs: 30 * 60_000, signal: o.signal, expected: 'any' });
  const output = (r.stdout + r.stderr).trim();
  if (r.exitCode !== 0) return { kind: 'failed', exitCode: r.exitCode, output, args };
  try {
    await access(o.out);
    return { kind: 'built', binary: o.out, output, args };
  } catch {
    return { kind: 'no-tests', output, args };
  }
}
