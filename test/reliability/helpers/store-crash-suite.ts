// The store crash suite, shared by store-crash.test.ts (scaled for `npm test`) and its soak
// twin: kill -9 mid-write, kill -9 mid-migration, a newer database through the CLI (reads work,
// writes exit with the message, nothing changes), a damaged file never overwritten.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/store/migrations.js';
import { cli } from '../../helpers/cli.js';
import { fixtureRepo, tempDir } from '../../helpers/fixture-repo.js';
import { recordFigures } from './figures.js';
import { migrationCrashLoop, storeCrashLoop } from './store-crash.js';

const BENCH_TEXT =
  'goos: linux\npkg: example.com/x\nBenchmarkA-2 100 12 ns/op\nBenchmarkA-2 100 13 ns/op\nBenchmarkB-2 100 40 ns/op 8 B/op\n';
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

export function storeCrashSuite(o: { kills: number; migrationKills: number; migrationRows: number; maxDelayMs?: number }): void {
  const seed = Number(process.env.PERFLAB_CRASH_SEED ?? (process.env.PERFLAB_SOAK === '1' ? Date.now() % 1e6 : 20240601));

  describe('store crash safety', () => {
    it(`survives ${o.kills} kill -9 mid-write: 0 corrupt, 0 partial runs, 0 acknowledged results lost (seed ${seed})`, async () => {
      const t = await storeCrashLoop(o.kills, seed, o.maxDelayMs);
      recordFigures('store-kill', t);
      expect(t.problems).toEqual([]);
      expect(t.kills).toBe(o.kills);
      // Most kills land while the writer is mid-way (not before its first commit nor after its last).
      expect(t.killedMidWrite).toBeGreaterThanOrEqual(Math.floor(o.kills * 0.8));
      expect({
        corrupt: t.corrupt,
        partial: t.partial,
        lost: t.lost,
        leftRunning: t.leftRunning,
        rowsWithoutFile: t.profileRowsWithoutFile,
        straysAfterGc: t.strayFilesLeftAfterGc,
      }).toEqual({ corrupt: 0, partial: 0, lost: 0, leftRunning: 0, rowsWithoutFile: 0, straysAfterGc: 0 });
      expect(t.interruptedRuns).toBeGreaterThan(0);
      expect(t.strayFilesCollected).toBeGreaterThan(0);
      expect(t.ackedResults).toBeGreaterThan(0);
    });

    it(`survives ${o.migrationKills} kills mid-migration from schema 1: old or new version, never half; the backup is whole`, async () => {
      const t = await migrationCrashLoop(o.migrationKills, seed + 1, o.migrationRows);
      recordFigures('migration-kill', t);
      expect(t.problems).toEqual([]);
      expect({ half: t.half, corrupt: t.corrupt, lost: t.lost, badBackup: t.badBackup }).toEqual({
        half: 0,
        corrupt: 0,
        lost: 0,
        badBackup: 0,
      });
      expect(t.completedAfter).toBe(o.migrationKills);
      expect(t.atOld).toBeGreaterThan(0);
    });
  });

  describe('databases the lab must not write', () => {
    it('a database from a newer Perflab: reads work, every writing command exits with the message, the file is unchanged', async () => {
      const data = tempDir();
      const lockDir = tempDir();
      const file = join(tempDir(), 'a.txt');
      writeFileSync(file, BENCH_TEXT);
      const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
      expect((await p('import', file)).code).toBe(0);
      const repo = fixtureRepo('basic');
      expect((await p('repo', 'add', repo.module)).code).toBe(0);
      const profileFile = join(data, 'profiles', 'ab', `ab${'0'.repeat(62)}.pb.gz`);
      const db = new Database(join(data, 'perflab.db'));
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      // A table a newer Perflab might have that points at a profile file this one does not know.
      db.exec("CREATE TABLE future_profiles (sha256 TEXT); INSERT INTO future_profiles VALUES ('ab" + '0'.repeat(62) + "')");
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      mkdirSync(join(data, 'profiles', 'ab'), { recursive: true });
      writeFileSync(profileFile, 'a profile of the newer Perflab');
      const before = sha(join(data, 'perflab.db'));

      const runs = await p('runs', '--json');
      expect(runs.code, runs.stderr).toBe(0);
      expect(JSON.parse(runs.stdout)).toHaveLength(1);
      expect((await p('show', 'latest', '--format', 'json')).code).toBe(0);
      expect((await p('repo', 'list', '--json')).code).toBe(0);
      expect((await p('compare', 'latest')).code).toBe(0);

      const writes: string[][] = [
        ['import', file],
        ['repo', 'add', fixtureRepo('basic').module, '--trust'],
        ['repo', 'trust', repo.module],
        ['run', '--repo', repo.module, '--count', '1', '--benchtime', '1x'],
        ['gc'],
      ];
      for (const args of writes) {
        const r = await p(...args);
        expect(r.code, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(3);
        expect(r.stderr, args.join(' ')).toMatch(/written by a newer Perflab \(schema \d+, this one knows \d+\); opened read-only/);
      }
      expect(sha(join(data, 'perflab.db'))).toBe(before);
      expect(existsSync(profileFile)).toBe(true);
    });

    it('a damaged database is never overwritten: the CLI says so and leaves every byte as it was', async () => {
      const junkDir = tempDir();
      const junk = Buffer.from('not a database '.repeat(500));
      writeFileSync(join(junkDir, 'perflab.db'), junk);
      // A real database with a damaged b-tree page (valid header, so it opens, then quick_check fails).
      const data = tempDir();
      const file = join(tempDir(), 'a.txt');
      writeFileSync(file, BENCH_TEXT.repeat(200));
      expect((await cli(['--data-dir', data, 'import', file])).code).toBe(0);
      const dbFile = join(data, 'perflab.db');
      const db = new Database(dbFile);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const rootPage = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'results'").get() as { rootpage: number }).rootpage;
      db.close();
      const bytes = readFileSync(dbFile);
      bytes.fill(0x5a, (rootPage - 1) * pageSize + 8, rootPage * pageSize - 100);
      writeFileSync(dbFile, bytes);
      for (const [dir, content] of [
        [junkDir, junk],
        [data, bytes],
      ] as const) {
        for (const args of [['runs'], ['import', file], ['gc']]) {
          const r = await cli(['--data-dir', dir, ...args]);
          expect(r.code, r.stderr).toBe(3);
          expect(r.stderr).toMatch(/is damaged \([^]*\); it was left untouched/);
        }
        expect(readFileSync(join(dir, 'perflab.db')).equals(content)).toBe(true);
      }
    });
  });
}
