// `go build -trimpath -o BIN ./rel`: compile a main package once per (commit, package, build
// settings), for whole-program runs (`perflab run --main`). The same rules as test binaries
// (go-test-compile.ts): -trimpath so a commit built anywhere gives the same binary, -pgo always
// explicit, the package only as the `./rel` directory go list reported (never a flag).
import { runGo } from './go-runner.js';

export interface MainBuildOptions {
  readonly goBin: string;
  readonly moduleDir: string;
  readonly relDir: string;
  readonly out: string;
  readonly env: Readonly<Record<string, string>>;
  readonly tags?: string;
  readonly gcflags?: string;
  readonly pgo?: string;
  readonly signal?: AbortSignal;
}

export type MainBuildOutcome =
  | { readonly kind: 'built'; readonly args: readonly string[] }
  | { readonly kind: 'failed'; readonly exitCode: number | null; readonly output: string; readonly args: readonly string[] };

export function mainBuildArgs(o: Omit<MainBuildOptions, 'goBin' | 'moduleDir' | 'env' | 'signal'>): string[] {
  const args = ['build', '-trimpath', `-o=${o.out}`, `-pgo=${o.pgo ?? 'off'}`];
  if (o.tags) args.push(`-tags=${o.tags}`);
  if (o.gcflags) args.push(`-gcflags=${o.gcflags}`);
  args.push(o.relDir === '.' ? '.' : o.relDir);
  return args;
}

export async function goBuildMain(o: MainBuildOptions): Promise<MainBuildOutcome> {
  const args = mainBuildArgs(o);
  const r = await runGo(o.goBin, args, { cwd: o.moduleDir, env: o.env, timeoutMs: 30 * 60_000, signal: o.signal, expected: 'any' });
  if (r.exitCode !== 0) return { kind: 'failed', exitCode: r.exitCode, output: (r.stdout + r.stderr).trim(), args };
  return { kind: 'built', args };
}
