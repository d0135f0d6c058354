// Finding `go` and reading its version (`go version`).
import { exec, whichExecutable } from '../proc/exec.js';
import { fail } from '../../shared/errors.js';

export interface GoTool {
  readonly bin: string;
  /** e.g. go1.26.8 */
  readonly version: string;
  readonly goos: string;
  readonly goarch: string;
}

/** Locates go (PERFLAB_GO, else PATH) and reads `go version`. */
export async function findGo(processEnv: NodeJS.ProcessEnv, cwd: string): Promise<GoTool> {
  const bin = await whichExecutable(processEnv.PERFLAB_GO || 'go', processEnv.PATH);
  if (!bin) fail('ToolMissing', { tool: 'go', hint: 'install Go from https://go.dev/dl and put it on PATH' });
  const r = await exec('go', bin, ['version'], { cwd, env: { PATH: processEnv.PATH ?? '', HOME: processEnv.HOME ?? '', GOTOOLCHAIN: 'local', GOENV: 'off' }, timeoutMs: 30_000 });
  const m = /go version (\S+) (\w+)\/(\w+)/.exec(r.stdout);
  if (r.exitCode !== 0 || !m) fail('ToolFailed', { command: 'go version', exitCode: r.exitCode, output: r.stdout + r.stderr });
  return { bin, version: m[1], goos: m[2], goarch: m[3] };
}
