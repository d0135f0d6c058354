// Per-process resource usage of a run's benchmark and profile processes (wait4's rusage as the
// launcher reports it), one row per process; read back with the run's detail.
import type { ProcessRecord } from '../../shared/models.js';
import type { Db } from './open-db.js';

export function addProcessUsage(db: Db, runId: number, runRefId: number | null, p: Omit<ProcessRecord, 'refLabel'>): void {
  db.prepare(
    `INSERT INTO process_usage (run_id, run_ref_id, pkg, purpose, round, benchtime, benchmarks, exit, wall_sec,
      max_rss_bytes, user_sec, sys_sec, nvcsw, nivcsw, majflt, output_bytes, orphans_reaped)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    runRefId,
    p.pkg,
    p.purpose,
    p.round,
    p.benchtime,
    JSON.stringify(p.benchmarks),
    p.exit,
    p.wallSec,
    p.maxRssBytes,
    p.userSec,
    p.sysSec,
    p.nvcsw,
    p.nivcsw,
    p.majflt,
    p.outputBytes,
    p.orphansReaped,
  );
}

interface Row {
  run_ref_id: number | null;
  pkg: string;
  purpose: string;
  round: number;
  benchtime: string;
  benchmarks: string;
  exit: string;
  wall_sec: number | null;
  max_rss_bytes: number | null;
  user_sec: number | null;
  sys_sec: number | null;
  nvcsw: number | null;
  nivcsw: number | null;
  majflt: number | null;
  output_bytes: number | null;
  orphans_reaped: number;
}

export function listProcessUsage(db: Db, runId: number, labelOf: ReadonlyMap<number, string>): ProcessRecord[] {
  return (db.prepare('SELECT * FROM process_usage WHERE run_id = ? ORDER BY id').all(runId) as Row[]).map((r) => ({
    refLabel: r.run_ref_id !== null ? (labelOf.get(r.run_ref_id) ?? '') : '',
    pkg: r.pkg,
    purpose: r.purpose,
    round: r.round,
    benchtime: r.benchtime,
    benchmarks: JSON.parse(r.benchmarks) as string[],
    exit: r.exit,
    wallSec: r.wall_sec,
    maxRssBytes: r.max_rss_bytes,
    userSec: r.user_sec,
    sysSec: r.sys_sec,
    nvcsw: r.nvcsw,
    nivcsw: r.nivcsw,
    majflt: r.majflt,
    outputBytes: r.output_bytes,
    orphansReaped: r.orphans_reaped,
  }));
}
