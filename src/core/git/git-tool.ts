// Finding `git`, reading its version and building the explicit environment every internal git
// call gets. The runner (git-runner.ts) takes the GitTool this returns; nothing here spawns
// anything until findGit is called.
import type { LiveLauncher } from '../proc/child-limits.js';
import { exec, whichExecutable } from '../proc/exec.js';
import { fail } from '../../shared/errors.js';

export interface GitTool {
  readonly bin: string;
  /** e.g. 2.39.5 */
  readonly version: string;
  /** The explicit environment of every git process (nothing else is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** The lab's launcher: every call runs under rlimits through it (absent: no rlimits). */
  readonly launcher?: string | null;
  /** A run's running launcher: it starts the calls itself (same limits), so the lab forks none. */
  readonly live?: LiveLauncher | null;
}

/** `--end-of-options` for rev-parse arrived in 2.30 (see docs/security.md). */
export const MIN_GIT_VERSION: readonly [number, number] = [2, 30];

/** Process variables git may need (home for the global config, temp dir, Windows basics). */
const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TEMP',
  'TMP',
  'TZ',
  'XDG_CONFIG_HOME',
  'SYSTEMROOT',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'COMSPEC',
] as const;

/**
 * The environment of every git call: a short allowlist of the process environment (so no
 * inherited GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_CONFIG_*, GIT_SSH*, GIT_EXEC_PATH,
 * GIT_ASKPASS...) plus settings that keep git from prompting, localising its messages, taking
 * optional locks (`status` would otherwise rewrite the user's index), honouring replace refs
 * (a SHA must mean its own content) or reading pathspec magic.
 */
export function gitEnvironment(processEnv: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASSED_THROUGH) {
    const v = processEnv[k];
    if (v !== undefined) env[k] = v;
  }
  if (!env.PATH) env.PATH = '/usr/local/bin:/usr/bin:/bin';
  env.LC_ALL = 'C';
  env.LANG = 'C';
  env.LANGUAGE = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';

  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.GIT_LITERAL_PATHSPECS = '1';
  env.GIT_PAGER = 'cat';
  env.PAGER = 'cat';
  return env;
}

/** Parses `git version 2.39.5` (also `2.39.3 (Apple Git-146)`, `2.45.1.windows.1`). */
export function parseGitVersion(
  text: string,
): { readonly version: string; readonly major: number; readonly minor: number; readonly patch: number } | null {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?\S*/.exec(text);
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return { version: `${major}.${minor}.${patch}`, major, minor, patch };
}

/** True when `version` (x.y.z) is at least major.minor. */
export function gitAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** Locates git (PERFLAB_GIT, else PATH), reads its version and refuses one older than 2.30. */
export async function findGit(processEnv: NodeJS.ProcessEnv): Promise<GitTool> {
  const bin = await whichExecutable(processEnv.PERFLAB_GIT || 'git', processEnv.PATH);
  if (!bin) fail('ToolMissing', { tool: 'git', hint: 'install git 2.30 or newer and put it on PATH' });
  const env = gitEnvironment(processEnv);
  const { tmpdir } = await import('node:os');
  const r = await exec('git', bin, ['--version'], { cwd: tmpdir(), env, timeoutMs: 30_000 });
  const v = parseGitVersion(r.stdout);
  if (r.exitCode !== 0 || !v) fail('ToolFailed', { command: 'git --version', exitCode: r.exitCode, output: r.stdout + r.stderr });
  if (!gitAtLeast(v.version, MIN_GIT_VERSION[0], MIN_GIT_VERSION[1])) {
    fail('ToolMissing', { tool: 'git', hint: `git ${MIN_GIT_VERSION.join('.')} or newer is required, found ${v.version} at ${bin}` });
  }
  return { bin, version: v.version, env };
}
