// The results table family: one row per benchmark result line (run, ref/variant, package,
// full name, -cpu value, benchtime, iterations, round) with its metrics inline (tidied unit and
// value, plus the unit and value exactly as Go printed them), config blocks and unit metadata.
// Everything the lab shows is derived from these rows.
import type { ResultRow } from '../../shared/models.js';
import type { Db } from './open-db.js';

export interface StoredMetric {
  readonly unit: string;
  readonly value: number;
  readonly rawUnit: string;
  readonly rawValue: number;
}

export interface NewResult {
  readonly runRefId: number;
  readonly config: Readonly<Record<string, string>>;
  readonly pkg: string;
  readonly name: string;
  readonly cpu: number;
  readonly benchtime: string;
  readonly iterations: number;
  readonly round: number;
  readonly metrics: readonly StoredMetric[];
}

/** Inserts a batch of results in one transaction (called once per benchmark process). */
export function insertResults(db: Db, runId: number, rows: readonly NewResult[]): number {
  if (rows.length === 0) return 0;
  const insResult = db.prepare(
    'INSERT INTO results (run_id, run_ref_id, config_id, pkg, name, cpu, benchtime, iterations, round, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const findConfig = db.prepare('SELECT id FROM configs WHERE run_id = ? AND json = ?');
  const insConfig = db.prepare('INSERT INTO configs (run_id, json) VALUES (?, ?)');
  const configIds = new Map<string, number>();
  const byObject = new Map<Readonly<Record<string, string>>, number>();
  const configId = (c: Readonly<Record<string, string>>): number => {
    const known = byObject.get(c);
    if (known !== undefined) return known;
    const json = JSON.stringify(Object.entries(c));
    let id = configIds.get(json);
    if (id === undefined) {
      const row = findConfig.get(runId, json) as { id: number } | undefined;
      id = row ? row.id : Number(insConfig.run(runId, json).lastInsertRowid);
      configIds.set(json, id);
    }
    byObject.set(c, id);
    return id;
  };
  db.transaction(() => {
    for (const r of rows) {
      insResult.run(
        runId,
        r.runRefId,
        configId(r.config),
        r.pkg,
        r.name,
        r.cpu,
        r.benchtime,
        r.iterations,
        r.round,
        encodeMetrics(r.metrics),
      );
    }
  }).immediate();
  return rows.length;
}

export function setUnitMeta(db: Db, runId: number, unit: string, key: string, value: string): void {
  db.prepare(
    'INSERT INTO unit_meta (run_id, unit, key, value) VALUES (?, ?, ?, ?) ON CONFLICT(run_id, unit, key) DO UPDATE SET value = excluded.value',
  ).run(runId, unit, key, value);
}

export function getUnitMeta(db: Db, runId: number): { unit: string; key: string; value: string }[] {
  return db.prepare('SELECT unit, key, value FROM unit_meta WHERE run_id = ? ORDER BY rowid').all(runId) as {
    unit: string;
    key: string;
    value: string;
  }[];
}

export interface StoredResult {
  readonly id: number;
  readonly refId: number;
  readonly config: readonly (readonly [string, string])[];
  readonly pkg: string;
  readonly name: string;
  readonly cpu: number;
  readonly benchtime: string;
  readonly iterations: number;
  readonly round: number;
  readonly metrics: readonly StoredMetric[];
}

/** All results of a run in the order they were measured, with their config blocks and metrics. */
export function readStoredResults(db: Db, runId: number): StoredResult[] {
  const configs = new Map<number, [string, string][]>();
  for (const c of db.prepare('SELECT id, json FROM configs WHERE run_id = ?').all(runId) as { id: number; json: string }[]) {
    configs.set(c.id, JSON.parse(c.json) as [string, string][]);
  }
  const rows = db
    .prepare(
      'SELECT id, run_ref_id, config_id, pkg, name, cpu, benchtime, iterations, round, metrics FROM results WHERE run_id = ? ORDER BY id',
    )
    .raw()
    .all(runId) as [number, number, number | null, string, string, number, string, number, number, string][];
  const out: StoredResult[] = [];
  for (const [id, refId, configId, pkg, name, cpu, benchtime, iterations, round, metrics] of rows) {
    out.push({
      id,
      refId,
      config: configId !== null ? (configs.get(configId) ?? []) : [],
      pkg,
      name,
      cpu,
      benchtime,
      iterations,
      round,
      metrics: decodeMetrics(metrics),
    });
  }
  return out;
}

/** The wire form of a run's results (tidied metrics, ref labels). */
export function readResultRows(db: Db, runId: number, refLabels: ReadonlyMap<number, string>): ResultRow[] {
  return readStoredResults(db, runId).map((r) => ({
    id: r.id,
    refId: r.refId,
    refLabel: refLabels.get(r.refId) ?? '',
    pkg: r.pkg,
    name: r.name,
    cpu: r.cpu,
    benchtime: r.benchtime,
    iterations: r.iterations,
    round: r.round,
    metrics: r.metrics.map((m) => ({ unit: m.unit, value: m.value })),
  }));
}

export function countResults(db: Db, runId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM results WHERE run_id = ?').get(runId) as { n: number }).n;
}

export function encodeMetrics(ms: readonly StoredMetric[]): string {
  return JSON.stringify(ms.map((m) => [m.unit, m.value, m.rawUnit, m.rawValue]));
}

export function decodeMetrics(json: string): StoredMetric[] {
  return (JSON.parse(json) as [string, number, string, number][]).map(([unit, value, rawUnit, rawValue]) => ({
    unit,
    value,
    rawUnit,
    rawValue,
  }));
}
