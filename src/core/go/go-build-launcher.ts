// `go build -trimpath -o OUT .` of Perflab's own launcher (src/core/launcher), in a copy of its
// source under the data dir: the standard library only, CGO_ENABLED=0, GOTOOLCHAIN=local,
// GOENV=off (the caller passes goCommandEnv's explicit environment). No repository code is
// involved, so this needs no trust. Over go-runner.ts: a failed build is an outcome (the lab
// then runs without the launcher and says why); a cancel is Canceled.
import { toLabError } from '../../shared/errors.js';
import { runGo } from './go-runner.js';

export interface LauncherBuild {
  readonly goBin: string;
  readonly srcDir: string;
  readonly out: string;
  readonly env: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export type LauncherBuildOutcome =
  | { readonly kind: 'built' }
  | { readonly kind: 'failed'; readonly exitCode: number | null; readonly output: string };

export async function goBuildLauncher(o: LauncherBuild): Promise<LauncherBuildOutcome> {
  const env = { ...o.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOENV: 'off', GOFLAGS: '-mod=mod', GOWORK: 'off' };
  let r;
  try {
    r = await runGo(o.goBin, ['build', '-trimpath', `-o=${o.out}`, '.'], {
      cwd: o.srcDir,
      env,
      timeoutMs: 5 * 60_000,
      signal: o.signal,
      expected: 'any',
    });
  } catch (err) {
    // A timeout or a signal: the build failed, saying how.
    const e = toLabError(err);
    if (e.code !== 'ToolFailed') throw err;
    return { kind: 'failed', exitCode: null, output: e.detail.output };
  }
  if (r.exitCode !== 0) return { kind: 'failed', exitCode: r.exitCode, output: (r.stdout + r.stderr).trim() };
  return { kind: 'built' };
}
