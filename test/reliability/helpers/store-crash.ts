// The store crash loops behind store-crash.test.ts and its soak twin: a child process
// (drivers/store-writer.mjs) runs the real persistence code and acknowledges each commit; we
// SIGKILL it at a random point, then open the data dir the way the lab does (createLab: its
// recovery marks the run interrupted) and check every guarantee of security.md's SQLite part.
// Migrations get the same treatment from a schema-1 database.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createLab } from '../../../src/core/lab.js';
import { openDb } from '../../../src/core/store/open-db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/core/store/migrations.js';
import { tempDir } from '../../helpers/fixture-repo.js';

export const WRITER = new URL('../drivers/store-writer.mjs', import.meta.url).pathname;
const BENCHES_PER_BATCH = 4;
const METRICS_PER_RESULT = 4;

/** A tiny deterministic generator (the seed is printed so a failure can be replayed). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Acks {
  results: { runId: number; refId: number; pkg: string; round: number; n: number }[];
  profiles: { runId: number; id: number; sha: string }[];
  done: number[];
  lines: number;
}

/** Spawns the writer, kills it with SIGKILL `delayMs` after it is ready; returns what it acknowledged. */
export function writeAndKill(dataDir: string, seed: number, delayMs: number): Promise<Acks & { killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dataDir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (timer === null && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`store writer failed (${code}): ${err}`));
      const acks: Acks = { results: [], profiles: [], done: [], lines: 0 };
      // Only complete lines count: a line cut by the kill was not acknowledged.
      for (const line of out.slice(0, out.lastIndexOf('\n') + 1).split('\n')) {
        if (!line) continue;
        acks.lines++;
        const f = line.split(' ');
        if (f[0] === 'results') acks.results.push({ runId: +f[1], refId: +f[2], pkg: f[3], round: +f[4], n: +f[5] });
        else if (f[0] === 'profile') acks.profiles.push({ runId: +f[1], id: +f[2], sha: f[3] });
        else if (f[0] === 'done') acks.done.push(+f[1]);
      }
      resolve({ ...acks, killed: signal === 'SIGKILL' });
    });
  });
}

export interface CrashTally {
  kills: number;
  killedMidWrite: number;
  corrupt: number;
  partial: number;
  lost: number;
  leftRunning: number;
  profileRowsWithoutFile: number;
  strayFilesLeftAfterGc: number;
  strayFilesCollected: number;
  interruptedRuns: number;
  ackedResults: number;
  problems: string[];
}

/** Content hashes already verified (files are content-addressed and never rewritten). */
const verified = new Set<string>();

/** Files under profiles/ by sha256 (the name), with their content hash (computed once per file). */
function profileFiles(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = join(dataDir, 'profiles');
  if (!existsSync(root)) return out;
  for (const d of readdirSync(root)) {
    for (const f of readdirSync(join(root, d))) {
      const name = f.split('.')[0];
      const key = `${dataDir}\0${name}`;
      if (verified.has(key)) {
        out.set(name, name);
        continue;
      }
      const h = createHash('sha256')
        .update(readFileSync(join(root, d, f)))
        .digest('hex');
      if (h === name) verified.add(key);
      out.set(name, h);
    }
  }
  return out;
}

/** Opens the data dir as the lab does after a crash (recovery, then gc), then checks every invariant. */
export async function checkAfterCrash(dataDir: string, acks: Acks, tally: CrashTally, runGc: boolean): Promise<void> {
  const problem = (s: string) => {
    if (tally.problems.length < 20) tally.problems.push(s);
  };
  const lockDir = tempDir('perflab-lock-');
  const lab = createLab({ dataDir, lockDir, env: { ...process.env, PERFLAB_LOCK_DIR: lockDir } });
  tally.interruptedRuns += (await lab.recovered).length;
  const filesBefore = profileFiles(dataDir);
  if (runGc) await lab.api.gc({ dryRun: false });
  await lab.close();
  rmSync(lockDir, { recursive: true, force: true });

  const db = new Database(join(dataDir, 'perflab.db'), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      tally.corrupt++;
      problem(`integrity_check: ${String(integrity)}`);
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) {
      tally.corrupt++;
      problem(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
    }
    const running = (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running')").get() as { n: number }).n;
    tally.leftRunning += running;
    if (running) problem(`${running} runs left queued/running`);
    // A process's batch is one transaction: all of its results or none, each with all metrics.
    const badBatches = db
      .prepare(
        'SELECT r.run_id, k.run_ref_id, k.pkg, r.round, COUNT(*) AS n FROM results r JOIN result_keys k ON k.id = r.key_id GROUP BY 1, 2, 3, 4 HAVING n <> ?',
      )
      .all(BENCHES_PER_BATCH);
    // Metrics live in their own table or as a JSON array on the result row, depending on the schema.
    const metricsTable = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'metrics'").get();
    const badMetrics = (
      db
        .prepare(
          metricsTable
            ? 'SELECT COUNT(*) AS n FROM results r WHERE (SELECT COUNT(*) FROM metrics m WHERE m.result_id = r.id) <> ?'
            : 'SELECT COUNT(*) AS n FROM results WHERE json_array_length(metrics) <> ?',
        )
        .get(METRICS_PER_RESULT) as { n: number }
    ).n;
    const badRefs = db.prepare('SELECT run_id, COUNT(*) AS n FROM run_refs GROUP BY run_id HAVING n <> 2').all();
    if (badBatches.length || badMetrics || badRefs.length) {
      tally.partial++;
      problem(`partial: ${JSON.stringify({ badBatches: badBatches.slice(0, 3), badMetrics, badRefs })}`);
    }
    const count = db.prepare(
      'SELECT COUNT(*) AS n FROM results r JOIN result_keys k ON k.id = r.key_id WHERE r.run_id = ? AND k.run_ref_id = ? AND k.pkg = ? AND r.round = ?',
    );
    for (const a of acks.results) {
      tally.ackedResults += a.n;
      const n = (count.get(a.runId, a.refId, a.pkg, a.round) as { n: number }).n;
      if (n !== a.n) {
        tally.lost++;
        problem(`acknowledged results lost: ${JSON.stringify(a)} found ${n}`);
      }
    }
    const prof = db.prepare('SELECT sha256 FROM profiles WHERE id = ?');
    for (const a of acks.profiles) {
      const row = prof.get(a.id) as { sha256: string } | undefined;
      if (row?.sha256 !== a.sha) {
        tally.lost++;
        problem(`acknowledged profile lost: ${JSON.stringify(a)}`);
      }
    }
    const status = db.prepare('SELECT status FROM runs WHERE id = ?');
    for (const id of acks.done) {
      if ((status.get(id) as { status: string } | undefined)?.status !== 'completed') {
        tally.lost++;
        problem(`completed run ${id} lost its status`);
      }
    }
    // Profile rows and files agree: no row without its (intact) file; strays are gc's job.
    const files = profileFiles(dataDir);
    const referenced = new Set((db.prepare('SELECT DISTINCT sha256 FROM profiles').all() as { sha256: string }[]).map((r) => r.sha256));
    for (const sha of referenced) {
      if (files.get(sha) !== sha) {
        tally.profileRowsWithoutFile++;
        problem(`profile row ${sha} has no intact file`);
      }
    }
    const strays = [...files.keys()].filter((s) => !referenced.has(s));
    tally.strayFilesCollected += [...filesBefore.keys()].filter((s) => !referenced.has(s) && !files.has(s)).length;
    if (runGc && strays.length) {
      tally.strayFilesLeftAfterGc += strays.length;
      problem(`gc left ${strays.length} stray profile files`);
    }
  } finally {
    db.close();
  }
}

function plantStray(dataDir: string): void {
  const bytes = Buffer.from(`stray profile ${Date.now()}`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dataDir, 'profiles', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(dataDir, 'profiles', sha.slice(0, 2), `${sha}.pb.gz`), bytes);
}

/** The kill loop: `kills` SIGKILLs at random points, each followed by the full check. */
export async function storeCrashLoop(
  kills: number,
  seed: number,
  maxDelayMs = 250,
): Promise<CrashTally & { seconds: number; runs: number; results: number }> {
  const t0 = Date.now();
  const dataDir = tempDir('perflab-crash-');
  const random = rng(seed);
  const tally: CrashTally = {
    kills: 0,
    killedMidWrite: 0,
    corrupt: 0,
    partial: 0,
    lost: 0,
    leftRunning: 0,
    profileRowsWithoutFile: 0,
    strayFilesLeftAfterGc: 0,
    strayFilesCollected: 0,
    interruptedRuns: 0,
    ackedResults: 0,
    problems: [],
  };
  for (let i = 0; i < kills; i++) {
    const acks = await writeAndKill(dataDir, Math.floor(random() * 2 ** 31), Math.floor(random() * maxDelayMs));
    if (acks.killed) tally.kills++;
    // Killed after it acknowledged something and before it finished its 50 runs: mid-write.
    if (acks.killed && acks.lines > 1 && acks.done.length < 50) tally.killedMidWrite++;
    // A kill between moving a profile into place and writing its row leaves a stray file; the
    // window is tiny, so the last round also plants one exactly as such a kill leaves it.
    if (i === kills - 1) plantStray(dataDir);
    // gc every few kills, so strays from earlier kills are seen before they are collected.
    await checkAfterCrash(dataDir, acks, tally, i % 5 === 4 || i === kills - 1);
  }
  const db = new Database(join(dataDir, 'perflab.db'), { readonly: true });
  const runs = (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  const results = (db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { ...tally, seconds: (Date.now() - t0) / 1000, runs, results };
}

/** A schema-1 database with `rows` runs (big enough that the VACUUM INTO backup takes a while). */
export function schemaOneDb(rows: number): { file: string; results: number } {
  const dir = tempDir('perflab-v1-');
  const file = join(dir, 'perflab.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(MIGRATIONS[0]);
  db.pragma('user_version = 1');
  const ins = db.prepare(
    "INSERT INTO runs (repo_path, kind, status, notes, created_at) VALUES (?, 'measured', 'completed', ?, '2024-01-01')",
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) ins.run(`/repo/${i % 17}`, JSON.stringify([`note ${i} `.repeat(8)]));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file, results: rows };
}

export interface MigrationTally {
  kills: number;
  atOld: number;
  atNew: number;
  half: number;
  corrupt: number;
  lost: number;
  badBackup: number;
  completedAfter: number;
  problems: string[];
}

/** Spawns `store-writer.mjs DIR --migrate` and kills it after delayMs (or lets it finish). */
function migrateAndKill(dataDir: string, delayMs: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dataDir, '--migrate'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`migration driver failed (${code}): ${err}`));
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

function inspect(file: string): { version: number; integrity: string; results: number; investigations: boolean } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      integrity: String(db.pragma('integrity_check', { simple: true })),
      results: (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n,
      investigations: !!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'investigations'").get(),
    };
  } finally {
    db.close();
  }
}

/** Kills the migration from schema 1 at random points; after each: old or new, never half; the backup is whole. */
export async function migrationCrashLoop(kills: number, seed: number, rows: number): Promise<MigrationTally & { fullMs: number }> {
  const pristine = schemaOneDb(rows);
  const random = rng(seed);
  const tally: MigrationTally = {
    kills: 0,
    atOld: 0,
    atNew: 0,
    half: 0,
    corrupt: 0,
    lost: 0,
    badBackup: 0,
    completedAfter: 0,
    problems: [],
  };
  const problem = (s: string) => {
    if (tally.problems.length < 20) tally.problems.push(s);
  };
  // How long an uninterrupted migration takes, node start included: kills land within it.
  const probe = tempDir('perflab-mig-');
  copyFileSync(pristine.file, join(probe, 'perflab.db'));
  const t0 = Date.now();
  await migrateAndKill(probe, 600_000);
  const fullMs = Date.now() - t0;
  for (let i = 0; i < kills; i++) {
    const dir = tempDir('perflab-mig-');
    const db = join(dir, 'perflab.db');
    copyFileSync(pristine.file, db);
    // A second kill on the same file half the time: recovery from a killed migration is killed too.
    const attempts = random() < 0.5 ? 2 : 1;
    for (let a = 0; a < attempts; a++) {
      const r = await migrateAndKill(dir, Math.floor(fullMs * (0.2 + random())));
      if (r.killed) tally.kills++;
    }
    const s = inspect(db);
    if (s.integrity !== 'ok') {
      tally.corrupt++;
      problem(`kill ${i}: integrity ${s.integrity}`);
    }
    if (s.results !== pristine.results) {
      tally.lost++;
      problem(`kill ${i}: ${s.results} runs of ${pristine.results}`);
    }
    if (s.version === 1 && !s.investigations) tally.atOld++;
    // Each migration is its own transaction: a kill between two leaves a whole earlier version.
    else if (s.version >= 2 && s.version <= SCHEMA_VERSION && s.investigations) tally.atNew++;
    else {
      tally.half++;
      problem(`kill ${i}: version ${s.version}, investigations table ${s.investigations}`);
    }
    // Whatever the kill left, the next open completes the migration, and the backup it relies on is whole.
    const o = openDb(db);
    o.db.close();
    const after = inspect(db);
    if (after.version === SCHEMA_VERSION && after.results === pristine.results && after.integrity === 'ok') tally.completedAfter++;
    const backup = join(dir, 'perflab.db.v1.backup');
    let okBackup = false;
    if (existsSync(backup)) {
      try {
        const b = inspect(backup);
        okBackup = b.integrity === 'ok' && b.version === 1 && b.results === pristine.results;
        if (!okBackup) problem(`kill ${i}: backup ${JSON.stringify(b)}`);
      } catch (err) {
        problem(`kill ${i}: backup unreadable: ${(err as Error).message}`);
      }
    } else problem(`kill ${i}: no backup`);
    if (!okBackup) tally.badBackup++;
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(probe, { recursive: true, force: true });
  return { ...tally, fullMs };
}
