// `git log -L FROM,TO:PATH -s --format=... SHA`: the commits up to SHA that changed a range of
// lines of a file (git follows the range through earlier edits); used to find earlier `perf`
// commits that touched a finding's function. SHA is a full commit id, the path a checked
// repository-relative path and the range numbers: no user text reaches the command line.
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { requireSha } from './rev-parse.js';
import { normaliseTreePath } from './show-file.js';

export interface LoggedCommit {
  readonly sha: string;
  readonly subject: string;
}

const MAX_COMMITS = 200;

export function logLinesArgs(sha: string, path: string, from: number, to: number): string[] {
  return ['log', `-L${from},${to}:${path}`, '-s', `-n${MAX_COMMITS}`, '--format=%H%x1f%s', sha];
}

/** Newest first. Lines outside what git prints as commit headers (an old git that adds the patch) are ignored. */
export async function commitsTouchingLines(
  git: GitTool,
  repoDir: string,
  sha: string,
  path: string,
  from: number,
  to: number,
): Promise<LoggedCommit[]> {
  requireSha(sha);
  const clean = normaliseTreePath(path);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from) return [];
  const r = await runGit(git, logLinesArgs(sha, clean, from, to), { cwd: repoDir, expected: [0, 128], maxBuffer: 32 * 1024 * 1024 });
  if (r.exitCode !== 0) return [];
  const out: LoggedCommit[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^([0-9a-f]{40,64})\x1f(.*)$/.exec(line);
    if (m) out.push({ sha: m[1], subject: m[2] });
  }
  return out;
}
