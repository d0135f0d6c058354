// Running the real `go` from tests: the lab's own environment (GOENV=off, allowlisted
// settings) via src/core/go. A missing go fails the test with ToolMissing naming "go".
import { tmpdir } from 'node:os';
import { findGo } from '../../../../src/core/go/go-version.js';
import { goCommandEnv, readGoEnv } from '../../../../src/core/go/go-env.js';
import { exec, type ExecResult } from '../../../../src/core/proc/exec.js';

export interface GoRunner {
  readonly bin: string;
  readonly version: string;
  readonly env: Record<string, string>;
  run(args: readonly string[], cwd: string, timeoutMs?: number): Promise<ExecResult>;
}

let cached: Promise<GoRunner> | null = null;

export function goRunner(): Promise<GoRunner> {
  cached ??= (async () => {
    const go = await findGo(process.env, tmpdir());
    const info = await readGoEnv(go.bin, process.env, tmpdir());
    const env = goCommandEnv(info, process.env);
    return {
      bin: go.bin,
      version: go.version,
      env,
      run: (args, cwd, timeoutMs = 300_000) => exec('go', go.bin, args, { cwd, env, timeoutMs }),
    };
  })();
  return cached;
}

/** Runs go and throws with its output when the exit code is not 0. */
export async function goOk(args: readonly string[], cwd: string, timeoutMs?: number): Promise<ExecResult> {
  const go = await goRunner();
  const r = await go.run(args, cwd, timeoutMs);
  if (r.exitCode !== 0) throw new Error(`go ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}${r.stdout}`);
  return r;
}
