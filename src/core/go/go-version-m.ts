// `go version -m BIN`: the build settings baked into a test binary, recorded with every run.
import { runGo } from './go-runner.js';

export async function goVersionM(goBin: string, binary: string, env: Readonly<Record<string, string>>, cwd: string): Promise<string> {
  const r = await runGo(goBin, ['version', '-m', binary], { cwd, env, timeoutMs: 60_000, expected: 'any' });
  return r.exitCode === 0 ? r.stdout.trim() : `(go version -m failed: ${r.stderr.trim()})`;
}
