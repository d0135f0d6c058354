// Test helpers: temp git repositories built with the real git (plain, un-hardened calls, as a
// user would make them), hostile configuration, and snapshots of the user's git state.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { tempDir } from '../../helpers/fixture-repo.js';

export { tempDir };

/** The environment of the test's own git commands: no user or system config. */
export function plainEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    LC_ALL: 'C',
  };
}

/** Runs git as a user would (hooks, filters and fsmonitor all active). */
export function g(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, extraEnv: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', [...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Repo {
  readonly dir: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  git(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): string;
  write(path: string, content: string): void;
  commit(message: string, files: Readonly<Record<string, string>>, date?: string): string;
}

/** A fresh repository on branch main with HOME in its own temp dir. */
export function makeRepo(): Repo {
  const base = tempDir();
  const home = join(base, 'home');
  const dir = join(base, 'repo');
  mkdirSync(home);
  mkdirSync(dir);
  const env = plainEnv(home);
  const git = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): string => g(dir, args, env, extraEnv);
  git(['init', '-q', '-b', 'main']);
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  let tick = 0;
  const commit = (message: string, files: Readonly<Record<string, string>>, date?: string): string => {
    for (const [p, c] of Object.entries(files)) write(p, c);
    git(['add', '-A']);
    const d = date ?? `2024-01-01T00:00:${String(tick++).padStart(2, '0')}Z`;
    git(['commit', '-q', '--allow-empty', '-m', message], { GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d });
    return git(['rev-parse', 'HEAD']).trim();
  };
  return { dir, home, env, git, write, commit };
}

/** The user's git state that must never change: status, HEAD, stash, index bytes. */
export function userState(repo: Repo): string {
  return [
    repo.git(['status', '--porcelain=v2', '--branch', '--untracked-files=all']),
    repo.git(['rev-parse', 'HEAD']),
    repo.git(['stash', 'list']),
    repo.git(['ls-files', '--stage', '--debug']),
  ].join('\n--\n');
}

/**
 * Arms a repository with configuration that runs code on plain reads: core.fsmonitor, every
 * hook git 2.39 might fire on our commands, and smudge/clean/process filter drivers (one named
 * with '='), all applied to every file by .gitattributes. Each writes a file into canaryDir.
 * Commit the .gitattributes first with `commitAttributes`.
 */
export function armRepo(repo: Repo, canaryDir: string): void {
  mkdirSync(canaryDir, { recursive: true });
  const script = (name: string): string => {
    const p = join(repo.home, `${name}.sh`);
    writeFileSync(p, `#!/bin/sh\ntouch "${canaryDir}/${name}-$$"\ncat\n`);
    chmodSync(p, 0o755);
    return p;
  };
  repo.git(['config', 'core.fsmonitor', script('fsmonitor')]);
  const hooks = join(repo.dir, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  for (const hook of ['post-checkout', 'reference-transaction', 'post-index-change', 'pre-auto-gc', 'post-rewrite', 'pre-commit']) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch "${canaryDir}/hook-${hook}-$$"\n`);
    chmodSync(join(hooks, hook), 0o755);
  }
  repo.git(['config', 'filter.evil.smudge', `${script('smudge')} %f`]);
  repo.git(['config', 'filter.evil.clean', `${script('clean')} %f`]);
  repo.git(['config', 'filter.evil.process', script('process')]);
  repo.git(['config', 'filter.evil.required', 'true']);
  repo.git(['config', 'filter.a=b.smudge', script('eqsmudge')]);
  repo.git(['config', 'filter.a=b.clean', script('eqclean')]);
  repo.git(['config', 'diff.evil.textconv', script('textconv')]);
  repo.git(['config', 'diff.external', script('extdiff')]);
  repo.git(['config', 'log.showSignature', 'true']);
  repo.git(['config', 'gpg.program', script('gpg')]);
  repo.git(['config', 'core.pager', script('pager')]);
}

/** The .gitattributes that send every file through the hostile drivers. */
export const HOSTILE_ATTRIBUTES = '*.go filter=evil diff=evil\n*.json filter=evil diff=evil\n*.dat filter=a=b\n';

export function canaries(canaryDir: string): string[] {
  return existsSync(canaryDir) ? readdirSync(canaryDir).sort() : [];
}
