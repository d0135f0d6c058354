// The one runner of internal git calls (in the manner of GitHub Desktop's lib/git/core.ts):
// every call gets the hardening options (hardening.ts), the explicit environment of the
// GitTool, declared expected exit codes, and any other outcome becomes a typed LabFailure.
// The files next to this one (rev-parse.ts, status.ts, worktree.ts...) are one git
// subcommand each over this runner. With the lab's launcher (GitTool.launcher) every call runs
// under rlimits (proc/child-limits.ts).
import { stat } from 'node:fs/promises';
import { gitLimits } from '../proc/child-limits.js';
import { exec } from '../proc/exec.js';
import { fail } from '../../shared/errors.js';
import type { GitTool } from './git-tool.js';
import { gitAtLeast } from './git-tool.js';
import { HARDENING_ARGS, filterOverrides, parseFilterDrivers } from './hardening.js';

export interface GitCall {
  readonly cwd: string;
  /** Exit codes that are outcomes rather than failures (default [0]). */
  readonly expected?: readonly number[];
  /**
   * The command may read or write working-tree files (status, reset, worktree add): every
   * filter driver configured where it runs is neutralised first (one extra `git config`).
   */
  readonly touchesWorkTree?: boolean;
  /** Extra `-c key=value` settings for this call (keys without '='). */
  readonly config?: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly input?: string;
  readonly maxBuffer?: number;
  /** Extra environment for this call only (GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY...: snapshot.ts). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface GitOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a failed git call's stderr says, for the few cases callers tell apart. */
export type GitFailureKind = 'not-a-repository' | 'dubious-ownership' | 'other';

export function classifyGitFailure(stderr: string): GitFailureKind {
  if (/not a git repository/i.test(stderr)) return 'not-a-repository';
  if (/detected dubious ownership/i.test(stderr)) return 'dubious-ownership';
  return 'other';
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs `git <hardening> args...` in call.cwd and returns the outcome when its exit code is expected. */
export async function runGit(git: GitTool, args: readonly string[], call: GitCall): Promise<GitOutput> {
  await requireDirectory(call.cwd);
  let env: Record<string, string> = { ...git.env, ...(call.env ?? {}) };
  let filterArgs: readonly string[] = [];
  if (call.touchesWorkTree) {
    const names = await listFilterDrivers(git, call.cwd);
    const o = filterOverrides(names);
    if (o.env.GIT_CONFIG_COUNT && !gitAtLeast(git.version, 2, 31)) {
      fail('ToolFailed', {
        command: `git ${args[0] ?? ''}`.trim(),
        exitCode: null,
        output: `a filter driver name contains '=' (${names.filter((n) => n.includes('=')).join(', ')}); neutralising it needs git 2.31 or newer, found ${git.version}`,
      });
    }
    filterArgs = o.args;
    env = { ...env, ...o.env };
  }
  const extra = (call.config ?? []).flatMap((kv) => ['-c', kv]);
  return execGit(git, [...HARDENING_ARGS, ...extra, ...filterArgs, ...args], env, call, args[0] ?? '');
}

/** Filter driver names visible from cwd (system, global, repository, worktree and included config). */
export async function listFilterDrivers(git: GitTool, cwd: string): Promise<string[]> {
  const r = await execGit(
    git,
    [...HARDENING_ARGS, 'config', '-z', '--get-regexp', '^filter\\.'],
    { ...git.env },
    { cwd, expected: [0, 1] },
    'config',
  );
  return r.exitCode === 0 ? parseFilterDrivers(r.stdout) : [];
}

async function execGit(git: GitTool, argv: readonly string[], env: Record<string, string>, call: GitCall, sub: string): Promise<GitOutput> {
  const command = `git ${sub}`.trim();
  const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const r = await exec('git', git.bin, argv, {
    cwd: call.cwd,
    env,
    confine: git.launcher
      ? { launcher: git.launcher, limits: gitLimits(timeoutMs, call.touchesWorkTree === true), live: git.live }
      : undefined,
    timeoutMs,
    signal: call.signal,
    input: call.input,
    maxBuffer: call.maxBuffer,
  });
  if (r.canceled) fail('Canceled', {});
  if (r.exitCode === null || r.timedOut) {
    fail('ToolFailed', {
      command,
      exitCode: null,
      output: r.timedOut ? `timed out after ${call.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : `killed by ${r.signal ?? 'a signal'}`,
    });
  }
  if (!(call.expected ?? [0]).includes(r.exitCode)) {
    const kind = classifyGitFailure(r.stderr);
    switch (kind) {
      case 'not-a-repository':
        return fail('NotAGitRepo', { path: call.cwd });
      case 'dubious-ownership':
      case 'other':
        return fail('ToolFailed', { command, exitCode: r.exitCode, output: (r.stderr || r.stdout).slice(0, 8000) });
    }
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

async function requireDirectory(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    /* reported below */
  }
  fail('FileNotFound', { path: dir });
}
