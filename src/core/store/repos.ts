// The repos table: repositories the user added, their module layout and trust.
import type { Repo } from '../../shared/models.js';
import type { Db } from './open-db.js';

interface RepoRow {
  id: number;
  path: string;
  name: string;
  module_path: string;
  git_root: string;
  module_subdir: string;
  identity: string;
  trusted: number;
  added_at: string;
  budgets: string | null;
}

function toRepo(r: RepoRow): Repo {
  return {
    id: r.id,
    path: r.path,
    name: r.name,
    modulePath: r.module_path,
    gitRoot: r.git_root,
    moduleSubdir: r.module_subdir,
    trusted: r.trusted === 1,
    identity: r.identity,
    addedAt: r.added_at,
  };
}

export interface NewRepo {
  readonly path: string;
  readonly name: string;
  readonly modulePath: string;
  readonly gitRoot: string;
  readonly moduleSubdir: string;
  readonly identity: string;
  readonly trusted: boolean;
}

/** Adds a repository, or refreshes the layout of one already added (trust is only ever raised here). */
export function upsertRepo(db: Db, r: NewRepo): Repo {
  db.prepare(
    `
    INSERT INTO repos (path, name, module_path, git_root, module_subdir, identity, trusted, added_at)
    VALUES (@path, @name, @modulePath, @gitRoot, @moduleSubdir, @identity, @trusted, @addedAt)
    ON CONFLICT(path) DO UPDATE SET name = excluded.name, module_path = excluded.module_path,
      git_root = excluded.git_root, module_subdir = excluded.module_subdir, identity = excluded.identity,
      trusted = MAX(repos.trusted, excluded.trusted)
  `,
  ).run({ ...r, trusted: r.trusted ? 1 : 0, addedAt: new Date().toISOString() });
  return getRepoByPath(db, r.path)!;
}

export function getRepoByPath(db: Db, path: string): Repo | null {
  const row = db.prepare('SELECT * FROM repos WHERE path = ?').get(path) as RepoRow | undefined;
  return row ? toRepo(row) : null;
}

export function getRepoById(db: Db, id: number): Repo | null {
  const row = db.prepare('SELECT * FROM repos WHERE id = ?').get(id) as RepoRow | undefined;
  return row ? toRepo(row) : null;
}

export function listRepos(db: Db): Repo[] {
  return (db.prepare('SELECT * FROM repos ORDER BY name, id').all() as RepoRow[]).map(toRepo);
}

export function setTrusted(db: Db, id: number, trusted: boolean): void {
  db.prepare('UPDATE repos SET trusted = ? WHERE id = ?').run(trusted ? 1 : 0, id);
}

export function deleteRepo(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM repos WHERE id = ?').run(id).changes > 0;
}

export function getBudgets(db: Db, id: number): unknown {
  const row = db.prepare('SELECT budgets FROM repos WHERE id = ?').get(id) as { budgets: string | null } | undefined;
  return row?.budgets ? JSON.parse(row.budgets) : null;
}

export function setBudgets(db: Db, id: number, budgets: unknown): void {
  db.prepare('UPDATE repos SET budgets = ? WHERE id = ?').run(budgets === null ? null : JSON.stringify(budgets), id);
}
