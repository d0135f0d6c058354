// The results table family: one row per benchmark result line (run, key, iterations, round) with
// its metrics inline (tidied unit and value, plus the unit and value exactly as Go printed them);
// its result key (ref/variant, config block, package, full name, -cpu value, benchtime: what it
// measured, stored once for all its samples), config blocks and unit metadata. Everything the
// lab shows is derived from these rows.
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

/** A result key as insertResults knows it (found by name, then compared field by field). */
interface KnownKey {
  readonly refId: number;
  readonly config: number;
  readonly pkg: string;
  readonly cpu: number;
  readonly benchtime: string;
  readonly id: number;
}

/**
 * What insertResults learns of one run's config blocks and result keys, kept across the batches
 * of one writer (an import stores hundreds of thousands of results in batches of 5,000: each
 * batch looked every key up again). Only for ids committed by the same writer: a batch that
 * fails leaves its ids here, so a writer drops the cache with the run it deletes.
 */
export class ResultKeyCache {
  readonly configIds = new Map<string, number>();
  readonly configByObject = new Map<Readonly<Record<string, string>>, number>();
  readonly keysByName = new Map<string, KnownKey[]>();
  constructor(readonly runId: number) {}
}

/**
 * Inserts a batch of results in one transaction (called once per benchmark process). A result's
 * key (column, config block, package, name, -cpu, benchtime) is a result_keys row, found or made
 * once per batch (once per `cache`); each result row is then its run, key, iterations, round and metrics.
 */
export function insertResults(db: Db, runId: number, rows: readonly NewResult[], cache = new ResultKeyCache(runId)): number {
  if (rows.length === 0) return 0;
  if (cache.runId !== runId) throw new Error(`insertResults: a key cache of run ${cache.runId} used for run ${runId}`);
  const findKey = db.prepare(
    'SELECT id FROM result_keys WHERE name = ? AND run_id = ? AND run_ref_id = ? AND config_id IS ? AND pkg = ? AND cpu = ? AND benchtime = ?',
  );
  const insKey = db.prepare(
    'INSERT INTO result_keys (run_id, run_ref_id, config_id, pkg, name, cpu, benchtime) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const findConfig = db.prepare('SELECT id FROM configs WHERE run_id = ? AND json = ?');
  const insConfig = db.prepare('INSERT INTO configs (run_id, json) VALUES (?, ?)');
  const { configIds, configByObject: byObject, keysByName } = cache;
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
  // Known keys by name, then compared field by field: no key string built per row.
  const keyId = (r: NewResult): number => {
    const config = configId(r.config);
    let known = keysByName.get(r.name);
    if (known === undefined) {
      known = [];
      keysByName.set(r.name, known);
    }
    for (const k of known)
      if (k.refId === r.runRefId && k.config === config && k.pkg === r.pkg && k.cpu === r.cpu && k.benchtime === r.benchtime) return k.id;
    const row = findKey.get(r.name, runId, r.runRefId, config, r.pkg, r.cpu, r.benchtime) as { id: number } | undefined;
    const id = row ? row.id : Number(insKey.run(runId, r.runRefId, config, r.pkg, r.name, r.cpu, r.benchtime).lastInsertRowid);
    known.push({ refId: r.runRefId, config, pkg: r.pkg, cpu: r.cpu, benchtime: r.benchtime, id });
    return id;
  };
  // Result rows go in INSERT_ROWS at a time (one statement call binds 5 values per row, in order),
  // the remainder in one last statement.
  const full = db.prepare(insertResultsSql(INSERT_ROWS));
  const values: (number | string)[] = new Array<number | string>(5 * INSERT_ROWS);
  db.transaction(() => {
    let n = 0;
    for (const r of rows) {
      values[n++] = runId;
      values[n++] = keyId(r);
      values[n++] = r.iterations;
      values[n++] = r.round;
      values[n++] = encodeMetrics(r.metrics);
      if (n === values.length) {
        full.run(values);
        n = 0;
      }
    }
    if (n > 0) db.prepare(insertResultsSql(n / 5)).run(values.slice(0, n));
  }).immediate();
  return rows.length;
}

/** Result rows per INSERT statement: 100,000 results store in ~0.7x the CPU time of one row per statement. */
const INSERT_ROWS = 50;

function insertResultsSql(rows: number): string {
  return `INSERT INTO results (run_id, key_id, iterations, round, metrics) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`;
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

/** A result key with its config block. */
interface StoredKey {
  readonly refId: number;
  readonly config: readonly (readonly [string, string])[];
  readonly pkg: string;
  readonly name: string;
  readonly cpu: number;
  readonly benchtime: string;
}

export interface StoredResult extends StoredKey {
  readonly id: number;
  readonly iterations: number;
  readonly round: number;
  readonly metrics: readonly StoredMetric[];
}

type KeyColumns = [refId: number, configId: number | null, pkg: string, name: string, cpu: number, benchtime: string];

/** The result keys of a run, read once (a few thousand rows at most), by id. */
function runKeys(db: Db, runId: number): (keyId: number) => StoredKey {
  const configs = new Map<number, [string, string][]>();
  for (const c of db.prepare('SELECT id, json FROM configs WHERE run_id = ?').all(runId) as { id: number; json: string }[]) {
    configs.set(c.id, JSON.parse(c.json) as [string, string][]);
  }
  const keys = new Map<number, StoredKey>();
  const toKey = ([refId, configId, pkg, name, cpu, benchtime]: KeyColumns): StoredKey => ({
    refId,
    config: configId !== null ? (configs.get(configId) ?? []) : [],
    pkg,
    name,
    cpu,
    benchtime,
  });
  const keyRows = db
    .prepare('SELECT id, run_ref_id, config_id, pkg, name, cpu, benchtime FROM result_keys WHERE run_id = ?')
    .raw()
    .all(runId) as [number, ...KeyColumns][];
  for (const [id, ...k] of keyRows) keys.set(id, toKey(k));
  // A key of another run (only a writer other than insertResults could make one) is read by id.
  const keyById = db.prepare('SELECT run_ref_id, config_id, pkg, name, cpu, benchtime FROM result_keys WHERE id = ?').raw();
  return (id: number): StoredKey => {
    let k = keys.get(id);
    if (k === undefined) {
      k = toKey(keyById.get(id) as KeyColumns);
      keys.set(id, k);
    }
    return k;
  };
}

/** The stored metrics' JSON has each metric as `["unit",value,...]`: a unit's first value read
 * without decoding the rest (the same double JSON.parse gives); undefined when absent. */
function firstValueOf(metrics: string, unit: string): number | undefined {
  const at = metrics.indexOf(`[${JSON.stringify(unit)},`);
  if (at < 0) return undefined;
  const from = at + unit.length + 4;
  const end = metrics.indexOf(',', from);
  return JSON.parse(metrics.slice(from, end < 0 ? undefined : end)) as number;
}

/** Each result of a run by round, then as stored: its key and its sec/op (undefined when it
 * reported none). What the Run view draws, without decoding every metric of every result. */
export function forEachResultTime(
  db: Db,
  runId: number,
  fn: (key: StoredKey, round: number, secPerOp: number | undefined) => void,
): number {
  const keyOf = runKeys(db, runId);
  let n = 0;
  for (const [keyId, round, metrics] of db
    .prepare('SELECT key_id, round, metrics FROM results WHERE run_id = ? ORDER BY round, id')
    .raw()
    .iterate(runId) as IterableIterator<[number, number, string]>) {
    fn(keyOf(keyId), round, firstValueOf(metrics, 'sec/op'));
    n++;
  }
  return n;
}

/** All results of a run in the order they were measured, with their config blocks and metrics. */
export function readStoredResults(db: Db, runId: number): StoredResult[] {
  const keyOf = runKeys(db, runId);
  const rows = db.prepare('SELECT id, key_id, iterations, round, metrics FROM results WHERE run_id = ? ORDER BY id').raw().all(runId) as [
    number,
    number,
    number,
    number,
    string,
  ][];
  const out: StoredResult[] = [];
  for (const [id, keyId, iterations, round, metrics] of rows) {
    const s = keyOf(keyId);
    out.push({
      id,
      refId: s.refId,
      config: s.config,
      pkg: s.pkg,
      name: s.name,
      cpu: s.cpu,
      benchtime: s.benchtime,
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

/** The distinct benchmark names of a run's results, sorted as JavaScript sorts strings (the
 * History view's picker; reading the run's results for them sent 21 MB at 100,000 results). */
export function runBenchmarkNames(db: Db, runId: number): string[] {
  const names = db
    .prepare('SELECT name FROM result_keys WHERE id IN (SELECT DISTINCT key_id FROM results WHERE run_id = ?)')
    .pluck()
    .all(runId) as string[];
  return [...new Set(names)].sort();
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
