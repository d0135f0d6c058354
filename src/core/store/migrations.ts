// The schema, as an append-only list of migrations keyed by PRAGMA user_version. Each runs in
// one transaction (open-db.ts); never edit a shipped migration, add a new one.

export const MIGRATIONS: readonly string[] = [
  // 1: repositories, runs, their refs, per-sample results with their metrics, failures, builds, profiles
  `
  CREATE TABLE repos (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    module_path TEXT NOT NULL,
    git_root TEXT NOT NULL,
    module_subdir TEXT NOT NULL,
    identity TEXT NOT NULL,
    trusted INTEGER NOT NULL DEFAULT 0 CHECK (trusted IN (0, 1)),
    budgets TEXT,
    added_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    repo_id INTEGER REFERENCES repos(id) ON DELETE SET NULL,
    repo_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('measured', 'imported')),
    label TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled', 'interrupted')),
    status_detail TEXT NOT NULL DEFAULT '',
    error TEXT,
    spec TEXT,
    environment TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    schedule TEXT NOT NULL DEFAULT '[]',
    owner_pid INTEGER,
    owner_start TEXT,
    child_pgid INTEGER,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX runs_repo ON runs(repo_id, id);
  CREATE TABLE run_refs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    sha TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 0,
    variant TEXT,
    UNIQUE (run_id, position),
    UNIQUE (run_id, label)
  );
  CREATE TABLE configs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    json TEXT NOT NULL,
    UNIQUE (run_id, json)
  );
  CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER NOT NULL REFERENCES run_refs(id) ON DELETE CASCADE,
    config_id INTEGER REFERENCES configs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    name TEXT NOT NULL,
    cpu INTEGER NOT NULL,
    benchtime TEXT NOT NULL,
    iterations INTEGER NOT NULL,
    round INTEGER NOT NULL,
    -- The result line's metrics in printed order, as JSON [[unit, value, raw_unit, raw_value], ...]:
    -- tidied unit and value (sec/op, B/s...) beside the unit and value exactly as Go printed them.
    -- Inline rather than a row each: 100,000 results store in well under a second.
    metrics TEXT NOT NULL
  );
  CREATE INDEX results_run ON results(run_id);
  CREATE INDEX results_name ON results(name);
  CREATE TABLE unit_meta (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    unit TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, unit, key)
  );
  CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER REFERENCES run_refs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    name TEXT NOT NULL,
    benchtime TEXT NOT NULL,
    round INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX failures_run ON failures(run_id);
  CREATE TABLE builds (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER NOT NULL REFERENCES run_refs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    binary TEXT NOT NULL,
    reused INTEGER NOT NULL,
    seconds REAL NOT NULL,
    build_info TEXT NOT NULL,
    flags TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER REFERENCES run_refs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX profiles_run ON profiles(run_id);
  CREATE INDEX profiles_sha ON profiles(sha256);
  `,
  // 2: investigations (the optimize loop as a record) and their steps (runs in order)
  `
  CREATE TABLE investigations (
    id INTEGER PRIMARY KEY,
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    base TEXT NOT NULL,
    base_sha TEXT NOT NULL,
    bench TEXT NOT NULL,
    targets TEXT NOT NULL,
    settings TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'committed')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE investigation_steps (
    id INTEGER PRIMARY KEY,
    investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('baseline', 'verify')),
    ref TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX investigation_steps_inv ON investigation_steps(investigation_id, id);
  `,
  // 3: the iterations a profiling process ran (-test.benchtime=Nx: the 1-iteration probe plus
  // N), so diffs can be per op; NULL for profiles taken with a time-based benchtime
  `
  ALTER TABLE profiles ADD COLUMN iterations INTEGER;
  `,
  // 4: a run's own significance level (an adaptive run's corrected alpha), and named baselines
  // (a run's column that `perflab gate RUN --baseline NAME` compares against)
  `
  ALTER TABLE runs ADD COLUMN alpha REAL CHECK (alpha IS NULL OR (alpha > 0 AND alpha < 1));
  CREATE TABLE baselines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER NOT NULL REFERENCES run_refs(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
  );
  `,
  // 5: run ids are never reused: the highest id ever deleted is kept, and new ids go above it
  // (without AUTOINCREMENT, SQLite hands the id of a deleted last row out again).
  `
  CREATE TABLE id_floor (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT INTO id_floor (name, value) SELECT 'runs', COALESCE(MAX(id), 0) FROM runs;
  CREATE TRIGGER runs_id_floor AFTER DELETE ON runs BEGIN
    UPDATE id_floor SET value = MAX(value, OLD.id) WHERE name = 'runs';
  END;
  `,
  // 6: per-process resource usage from the launcher (wait4's rusage), and the start time of the
  // benchmark process a run is waiting on, so the start-up reaper never signals a reused pid
  `
  ALTER TABLE runs ADD COLUMN child_start TEXT;
  CREATE TABLE process_usage (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER REFERENCES run_refs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    purpose TEXT NOT NULL,
    round INTEGER NOT NULL,
    benchtime TEXT NOT NULL,
    benchmarks TEXT NOT NULL,
    exit TEXT NOT NULL,
    wall_sec REAL,
    max_rss_bytes INTEGER,
    user_sec REAL,
    sys_sec REAL,
    nvcsw INTEGER,
    nivcsw INTEGER,
    majflt INTEGER,
    output_bytes INTEGER,
    orphans_reaped INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX process_usage_run ON process_usage(run_id);
  `,
  // 7: the optimize loop as a record (issue 18): a WORKTREE column's snapshot (the tree hash of
  // what was measured), the tests a run ran at its last column, and per investigation step its
  // snapshot, patch, attempt number, linked findings; notes attached to steps
  `
  ALTER TABLE run_refs ADD COLUMN snapshot TEXT;
  CREATE TABLE test_results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER REFERENCES run_refs(id) ON DELETE CASCADE,
    packages TEXT NOT NULL,
    race INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    failed TEXT NOT NULL,
    summary TEXT NOT NULL,
    seconds REAL NOT NULL
  );
  CREATE INDEX test_results_run ON test_results(run_id);
  ALTER TABLE investigation_steps ADD COLUMN snapshot TEXT;
  ALTER TABLE investigation_steps ADD COLUMN patch_sha TEXT;
  ALTER TABLE investigation_steps ADD COLUMN findings TEXT;
  CREATE TABLE investigation_notes (
    id INTEGER PRIMARY KEY,
    investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
    step_id INTEGER REFERENCES investigation_steps(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 8: what a result measured (run, column, config block, package, full name, -cpu, benchtime) is
  // a result key, stored once for all its samples: a result row keeps its run, its key, its
  // iterations, round and metrics. Inserting 100,000 results binds 5 values a row instead of 10,
  // checks 2 foreign keys instead of 3 and indexes an integer instead of the name (the name index
  // is on the small result_keys table); issue 14, docs/performance.md "Bulk insert".
  `
  CREATE TABLE result_keys (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    run_ref_id INTEGER NOT NULL REFERENCES run_refs(id) ON DELETE CASCADE,
    config_id INTEGER REFERENCES configs(id) ON DELETE CASCADE,
    pkg TEXT NOT NULL,
    name TEXT NOT NULL,
    cpu INTEGER NOT NULL,
    benchtime TEXT NOT NULL
  );
  INSERT INTO result_keys (run_id, run_ref_id, config_id, pkg, name, cpu, benchtime)
    SELECT run_id, run_ref_id, config_id, pkg, name, cpu, benchtime FROM results
    GROUP BY run_id, run_ref_id, config_id, pkg, name, cpu, benchtime ORDER BY MIN(id);
  CREATE INDEX result_keys_name ON result_keys(name, run_id);
  CREATE INDEX result_keys_run ON result_keys(run_id);
  CREATE TABLE results_v8 (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key_id INTEGER NOT NULL REFERENCES result_keys(id) ON DELETE CASCADE,
    iterations INTEGER NOT NULL,
    round INTEGER NOT NULL,
    -- As in schema 1: JSON [[unit, value, raw_unit, raw_value], ...] in printed order.
    metrics TEXT NOT NULL
  );
  INSERT INTO results_v8 (id, run_id, key_id, iterations, round, metrics)
    SELECT r.id, r.run_id, k.id, r.iterations, r.round, r.metrics FROM results r JOIN result_keys k
      ON k.name = r.name AND k.run_id = r.run_id AND k.run_ref_id = r.run_ref_id AND k.config_id IS r.config_id
      AND k.pkg = r.pkg AND k.cpu = r.cpu AND k.benchtime = r.benchtime
    ORDER BY r.id;
  DROP TABLE results;
  ALTER TABLE results_v8 RENAME TO results;
  CREATE INDEX results_run ON results(run_id);
  CREATE INDEX results_key ON results(key_id);
  `,
  // 9: statistical bisects, so the UI, a restarted lab and other processes see them (their
  // steps were already stored as runs). The report is the JSON every front end reads.
  `
  CREATE TABLE bisects (
    id INTEGER PRIMARY KEY,
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    report TEXT NOT NULL,
    owner_pid INTEGER,
    owner_start TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX bisects_status ON bisects(status);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
