// Test fixtures: copy a Go module from test/fixtures/ into a fresh temp dir, `git init`, and
// commit it, so every test works on a real repository it owns.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Perflab Test',
  GIT_AUTHOR_EMAIL: 'test@perflab.invalid',
  GIT_COMMITTER_NAME: 'Perflab Test',
  GIT_COMMITTER_EMAIL: 'test@perflab.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'perflab-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Copies test/fixtures/NAME into a temp dir (optionally under `subdir`) and commits it. */
export function fixtureRepo(name: string, o: { subdir?: string } = {}): { root: string; module: string; cleanup(): void } {
  const root = tempDir(`perflab-${name}-`);
  const module = o.subdir ? join(root, o.subdir) : root;
  cpSync(join(FIXTURES, name), module, { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', `fixture ${name}`);
  return { root, module, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Commits the current state of the repository with a message; returns the new HEAD. */
export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}
