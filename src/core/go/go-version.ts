// Finding `go` and reading its version (`go version`).
import { whichExecutable } from '../proc/exec.js';
import { runGo } from './go-runner.js';
import { fail } from '../../shared/errors.js';

export interface GoTool {
  readonly bin: string;
  /** e.g. go1.26.8 */
  readonly version: string;
  readonly goos: string;
  readonly goarch: string;
  /**
   * The lab's launcher (proc/launcher.ts), set by the lab once built: `go list` and the other
   * short commands run under rlimits through it. Null when there is none (and `launcherMissing` says why).
   */
  readonly launcher?: string | null;
  readonly launcherMissing?: string;
}

/** Locates go (PERFLAB_GO, else PATH) and reads `go version`. */
export async function findGo(processEnv: NodeJS.ProcessEnv, cwd: string): Promise<GoTool> {
  const bin = await whichExecutable(processEnv.PERFLAB_GO || 'go', processEnv.PATH);
  if (!bin) fail('ToolMissing', { tool: 'go', hint: 'install Go from https://go.dev/dl and put it on PATH' });
  const env = { PATH: processEnv.PATH ?? '', HOME: processEnv.HOME ?? '', GOTOOLCHAIN: 'local', GOENV: 'off' };
  const r = await runGo(bin, ['version'], { cwd, env, timeoutMs: 30_000 });
  const m = /go version (\S+) (\w+)\/(\w+)/.exec(r.stdout);
  if (!m) fail('ToolFailed', { command: 'go version', exitCode: r.exitCode, output: r.stdout + r.stderr });
  return { bin, version: m[1], goos: m[2], goarch: m[3] };
}
