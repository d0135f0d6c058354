// The lab's own costs in a run, on the basic fixture (issue: foundation, branches):
//  - runner overhead: the lab's time in a run (run wall time minus the summed wall time of the
//    benchmark processes), as a share of the run, cold (builds included) and warm (binaries
//    and worktrees reused); target < 2% warm (issue 14);
//  - a whole `perflab run` vs the naive shell loop (`go test -count=1` once per round),
//    side by side: compile-once should win;
//  - bulk insert of 100,000 results (target < 1 s);
//  - the time a second run of the same refs saves by reusing worktrees and binaries.
// Usage: npm run build && node bench/lab-runs.js [--count N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { commitAll, fixture, loadNow, machine, median, perflab, ROOT, setRounds, tmp, writeSection } from './lib/common.js';

const count = Number(process.argv[process.argv.indexOf('--count') + 1]) || 10;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const BENCHTIME = '100ms';
const lockDir = tmp('perflab-bench-lock-');
const env = { PERFLAB_LOCK_DIR: lockDir };
const out = [];

function runDetail(data, id) {
  return JSON.parse(perflab(['--data-dir', data, 'show', String(id), '--format', 'json'], env).stdout).run;
}

function overhead(run) {
  const wall = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const proc = run.schedule.reduce((n, s) => n + (s.ms ?? 0), 0);
  const builds = run.builds.reduce((n, b) => n + b.seconds * 1000, 0);
  return { wall, proc, builds, lab: wall - proc, share: (wall - proc) / wall, shareNoBuild: (wall - proc - builds) / wall };
}

// 1. Overhead, cold and warm, two refs interleaved.
if (!only || only === 'overhead') {
  const repo = fixture('slowdown');
  setRounds(repo, 1100);
  commitAll(repo, 'second ref');
  const data = tmp('perflab-bench-data-');
  perflab(['--data-dir', data, 'repo', 'add', repo, '--trust'], env);
  const rows = [];
  const kinds = [
    ['cold (builds, new worktrees)', BENCHTIME],
    ['warm (binaries and worktrees reused)', BENCHTIME],
    ['warm, again', BENCHTIME],
    ["warm, -benchtime 1s (go test's default)", '1s'],
  ];
  for (const [label, benchtime] of kinds) {
    const r = perflab(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo,
        '--ref',
        'HEAD~1',
        '--ref',
        'HEAD',
        '--count',
        String(count),
        '--benchtime',
        benchtime,
        '--cpu',
        '1',
      ],
      env,
    );
    if (r.code !== 0) throw new Error(r.stderr);
    const o = overhead(runDetail(data, r.stdout.trim()));
    rows.push({ label, cli: r.ms, ...o });
  }
  out.push(
    `### Runner overhead\n\n\`perflab run --ref HEAD~1 --ref HEAD --count ${count} --benchtime ${BENCHTIME} --cpu 1\` on the slowdown fixture (2 refs x 2 benchmarks x ${count} rounds = ${2 * count} benchmark processes). Lab time = run wall time minus the summed wall time of the benchmark processes. Where a warm run's lab time goes (measured with timestamps in the runner, 2026-12-05, load ~3): starting the run's launcher 5-13 ms, resolving the 2 refs and checking their worktrees 29-40 ms (8 git calls started by the launcher), prepare 4-5 ms (the commits' package listings and benchmark lists kept from the first run), then about 2 ms per benchmark process (the launcher's round trip, parsing its output, one SQLite commit, progress events), the end 4-5 ms.\n`,
  );
  out.push(
    '| run | run wall | benchmark processes | builds | lab time | lab share | lab share without builds | CLI wall (incl. Node start, lock, env) |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    out.push(
      `| ${r.label} | ${(r.wall / 1000).toFixed(2)} s | ${(r.proc / 1000).toFixed(2)} s | ${(r.builds / 1000).toFixed(2)} s | ${(r.lab / 1000).toFixed(2)} s | **${(r.share * 100).toFixed(1)}%** | ${(r.shareNoBuild * 100).toFixed(1)}% | ${(r.cli / 1000).toFixed(2)} s |`,
    );
  }
  out.push(
    `\nTarget: lab share < 2% (warm, issue 14). Reusing worktrees and binaries saved ${((rows[0].cli - rows[1].cli) / 1000).toFixed(2)} s of ${(rows[0].cli / 1000).toFixed(2)} s (${(((rows[0].cli - rows[1].cli) / rows[0].cli) * 100).toFixed(0)}%) on the second run.\n`,
  );
}

// 2. perflab run vs the naive shell loop (one `go test` per round), same work, one ref.
if (!only || only === 'shell') {
  const repo = fixture('basic');
  const data = tmp('perflab-bench-data-');
  perflab(['--data-dir', data, 'repo', 'add', repo, '--trust'], env);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const r = spawnSync('go', ['test', '-run=^$', '-bench=.', '-count=1', `-benchtime=${BENCHTIME}`, '-benchmem', './...'], {
      cwd: repo,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  const shell = performance.now() - t0;
  const cold = perflab(['--data-dir', data, 'run', '--repo', repo, '--count', String(count), '--benchtime', BENCHTIME], env);
  const warm = perflab(['--data-dir', data, 'run', '--repo', repo, '--count', String(count), '--benchtime', BENCHTIME], env);
  out.push(
    `### perflab run vs a shell loop\n\nBasic fixture (2 packages, 5 benchmark leaves), ${count} rounds at -benchtime ${BENCHTIME}: \`for i in 1..${count}: go test -run='^$' -bench=. -count=1 -benchmem ./...\` (compiles each round; the Go build cache keeps that short) vs \`perflab run --count ${count}\` (compiles once, runs the binaries; WORKTREE is always rebuilt).\n`,
  );
  out.push(
    `| | wall |\n| --- | ---: |\n| shell loop | ${(shell / 1000).toFixed(2)} s |\n| perflab run (first) | ${(cold.ms / 1000).toFixed(2)} s |\n| perflab run (again) | ${(warm.ms / 1000).toFixed(2)} s |\n`,
  );
}

// 3. Bulk insert: 100,000 results (3 metrics each) in one transaction through the store; the
// side-by-side comparison of two checkouts is bench/bulk-insert-ab.js (same rows).
if (!only || only === 'insert') {
  const { openDb } = await import(path.join(ROOT, 'dist/core/store/open-db.js'));
  const { createRun, addRunRefs } = await import(path.join(ROOT, 'dist/core/store/runs.js'));
  const { insertResults, readStoredResults } = await import(path.join(ROOT, 'dist/core/store/results.js'));
  const { bulkRows } = await import('./bulk-insert-ab.js');
  const times = [];
  const cpus = [];
  const reads = [];
  for (let k = 0; k < 5; k++) {
    const o = openDb(path.join(tmp('perflab-bench-db-'), 'perflab.db'));
    const runId = createRun(o.db, { repoId: null, repoPath: '', kind: 'measured', label: '', status: 'running', spec: null });
    const [ref] = addRunRefs(o.db, runId, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
    const rows = bulkRows(ref.id);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    insertResults(o.db, runId, rows);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    const t1 = performance.now();
    readStoredResults(o.db, runId);
    reads.push(performance.now() - t1);
    o.db.close();
  }
  out.push(
    `### Bulk insert\n\n100,000 results with 3 metrics each (metrics inline as JSON, each result's key stored once in result_keys) inserted in one transaction through src/core/store/results.ts (WAL, synchronous=NORMAL, foreign keys on), median of 5: **${median(times).toFixed(0)} ms** wall, ${median(cpus).toFixed(0)} ms CPU (target < 1 s; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms; load average ${loadNow()}). Reading them back: ${median(reads).toFixed(0)} ms. Before/after side by side: \`node bench/bulk-insert-ab.js OLD_CHECKOUT .\`.\n`,
  );
}

if (!only)
  writeSection(
    'Runs',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; load average at the end ${loadNow()}; \`node bench/lab-runs.js --count ${count}\`.\n\n${out.join('\n')}`,
  );
console.log(out.join('\n'));
