// Measurement-quality studies (issue: branches side by side), long, so not part of `npm test`:
//  - A/A: two refs with identical code, compared N times with 10-round runs (each run compares
//    2 benchmarks, counted separately): false-alarm rate with its 95% Wilson interval, for
//    interleaved rounds, adaptive rounds (--until-significant, judged at the corrected alpha),
//    and sequential rounds (all of one ref, then the other). Target: upper bound <= 2 x alpha.
//    The verdict states of the same rows are tallied too (faster/slower are false alarms; no
//    change within the default ±2% tolerance; undecided).
//  - Detection: a commit that slows one benchmark by 5%; N trials of a 10-round interleaved
//    perflab run, side by side with two sequential `go test -count=10` runs compared by
//    benchstat. Detection rate and false alarms (on the unchanged benchmark) with intervals.
// Usage: npm run build && node bench/studies.js [aa|detection|all] [--trials N] [--detection-trials N] [--modes interleaved,adaptive,sequential]
// (A/A: N comparisons per schedule from N/2 runs; detection: N trials unless --detection-trials.)
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commitAll, fixture, git, loadNow, machine, perflab, ROOT, setRounds, tmp, wilson, writeSection } from './lib/common.js';

const which = process.argv[2] ?? 'all';
const argNum = (flag) => (process.argv.includes(flag) ? Number(process.argv[process.argv.indexOf(flag) + 1]) : NaN);
const trials = argNum('--trials') || 50;
const detectionTrials = argNum('--detection-trials') || trials;
// --modes interleaved,adaptive,sequential picks A/A schedules (all three by default).
const modeFilter = process.argv.includes('--modes') ? process.argv[process.argv.indexOf('--modes') + 1].split(',') : null;
const BT = '20ms';
const lockDir = tmp('perflab-study-lock-');
const env = { PERFLAB_LOCK_DIR: lockDir };
const ALPHA = 0.05;
const pctI = (k, n) => {
  const [lo, hi] = wilson(k, n);
  return `${((100 * k) / n).toFixed(1)}% (${k}/${n}; 95% CI ${(100 * lo).toFixed(1)}%..${(100 * hi).toFixed(1)}%)`;
};
const sections = [];
const stamp = (args) =>
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; load average at the end ${loadNow()}; \`node bench/studies.js ${args}\`.`;

function compareRows(data, runId, alpha) {
  const r = perflab(['--data-dir', data, 'compare', String(runId), '--by', 'ref', '--alpha', String(alpha), '--format', 'json'], env);
  if (r.code !== 0) throw new Error(r.stderr);
  const t = JSON.parse(r.stdout).tables.find((x) => x.unit === 'sec/op');
  return t.rows.map((row) => ({ name: row.name, d: row.deltas[1] }));
}

function runOnce(data, repo, refs, extra) {
  const r = perflab(
    ['--data-dir', data, 'run', '--repo', repo, ...refs.flatMap((x) => ['--ref', x]), '--benchtime', BT, '--cpu', '1', '--json', ...extra],
    env,
  );
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

if (which === 'aa' || which === 'all') {
  const repo = fixture('slowdown');
  const a = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(path.join(repo, 'README.txt'), 'identical code, different commit\n');
  const b = commitAll(repo, 'no code change');
  const data = tmp('perflab-study-data-');
  perflab(['--data-dir', data, 'repo', 'add', repo, '--trust'], env);
  const modes = [
    { name: 'interleaved, -count 10', extra: ['--count', '10'] },
    { name: 'adaptive, -count 6 --until-significant 16', extra: ['--count', '6', '--until-significant', '16'], adaptive: true },
    { name: 'sequential (all rounds of one ref, then the other), -count 10', extra: ['--count', '10', '--schedule', 'sequential'] },
  ];
  const lines = [];
  for (const m of modes.filter((x) => !modeFilter || modeFilter.some((f) => x.name.startsWith(f)))) {
    let alarms = 0;
    let n = 0;
    let rounds = 0;
    const states = { faster: 0, slower: 0, changed: 0, 'no change': 0, undecided: 0 };
    const t0 = performance.now();
    for (let i = 0; i < Math.ceil(trials / 2); i++) {
      const run = runOnce(data, repo, [a, b], m.extra);
      let alpha = ALPHA;
      if (m.adaptive) {
        const note = run.notes.find((x) => x.startsWith('adaptive'));
        // The run carries its corrected alpha (the default of compare); older builds only said it in the note.
        alpha = run.alpha ?? Number(/(?:compare this run at --alpha|judge this run at alpha) ([0-9.e-]+)/.exec(note)[1]);
        rounds += Number(/: (\d+) rounds;/.exec(note)[1]);
      }
      for (const row of compareRows(data, run.id, alpha)) {
        n++;
        if (row.d?.significant) alarms++;
        if (row.d?.verdict) states[row.d.verdict.state]++;
      }
    }
    const mins = ((performance.now() - t0) / 60000).toFixed(1);
    const stateText = Object.entries(states)
      .filter(([, k]) => k > 0)
      .map(([st, k]) => `${st} ${k}`)
      .join(', ');
    lines.push(
      `| ${m.name} | ${n} | ${pctI(alarms, n)} | ${stateText} | ${m.adaptive ? `${(rounds / Math.ceil(trials / 2)).toFixed(1)} rounds on average` : ''} | ${mins} min |`,
    );
    console.log(lines[lines.length - 1]);
  }
  sections.push(
    `### A/A study\n\n${stamp(`aa --trials ${trials}`)}\n\nTwo commits with identical code (the slowdown fixture, -benchtime ${BT} -cpu 1, 2 benchmarks per run, each counted as one comparison), alpha ${ALPHA}: a significant row is a false alarm. Target: the interval's upper bound <= ${2 * ALPHA * 100}%.\n\n| schedule | comparisons | false alarms | verdict states | | time |\n| --- | ---: | --- | --- | --- | ---: |\n${lines.join('\n')}\n`,
  );
}

if (which === 'detection' || which === 'all') {
  const repo = fixture('slowdown');
  const a = git(repo, 'rev-parse', 'HEAD');
  setRounds(repo, 1050);
  const b = commitAll(repo, '5% slower Slowed');
  const data = tmp('perflab-study-data-');
  perflab(['--data-dir', data, 'repo', 'add', repo, '--trust'], env);
  // Two plain checkouts for the go test + benchstat way.
  const oldDir = tmp('perflab-study-old-');
  const newDir = tmp('perflab-study-new-');
  cpSync(repo, oldDir, { recursive: true });
  cpSync(repo, newDir, { recursive: true });
  git(oldDir, 'checkout', '-q', a);
  git(newDir, 'checkout', '-q', b);
  const benchstat = (() => {
    const dir = path.join(ROOT, 'node_modules/.cache/perflab-tools');
    for (const v of existsSync(dir) ? readdirSync(dir) : [])
      if (existsSync(path.join(dir, v, 'benchstat'))) return path.join(dir, v, 'benchstat');
    throw new Error('benchstat not installed: run the parity tests once');
  })();
  const res = { perflab: { det: 0, fa: 0, n: 0 }, gotest: { det: 0, fa: 0, n: 0 } };
  const t0 = performance.now();
  for (let i = 0; i < detectionTrials; i++) {
    const run = runOnce(data, repo, [a, b], ['--count', '10']);
    for (const row of compareRows(data, run.id, ALPHA)) {
      if (row.name.startsWith('Slowed')) res.perflab.det += row.d?.significant && row.d.direction === 'worse' ? 1 : 0;
      else res.perflab.fa += row.d?.significant ? 1 : 0;
    }
    res.perflab.n++;
    const files = [];
    for (const [dir, name] of [
      [oldDir, 'old.txt'],
      [newDir, 'new.txt'],
    ]) {
      const r = spawnSync('go', ['test', '-run=^$', '-bench=.', '-count=10', `-benchtime=${BT}`, '-cpu=1', './...'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr);
      const f = path.join(dir, name);
      writeFileSync(f, r.stdout);
      files.push(f);
    }
    const csv = spawnSync(benchstat, ['-format', 'csv', ...files], { encoding: 'utf8' }).stdout;
    for (const line of csv.split('\n')) {
      const m = /^(Slowed|Steady)[^,]*,.*?,([^,]*),([^,]*)$/.exec(line);
      if (!m) continue;
      const p = Number(/p=([0-9.]+)/.exec(m[3])?.[1]);
      const delta = m[2];
      const sig = Number.isFinite(p) && p <= ALPHA && delta !== '~';
      if (m[1] === 'Slowed') res.gotest.det += sig && delta.startsWith('+') ? 1 : 0;
      else res.gotest.fa += sig ? 1 : 0;
    }
    res.gotest.n++;
    if ((i + 1) % 10 === 0) console.log(`${i + 1}/${detectionTrials}`, JSON.stringify(res));
  }
  const mins = ((performance.now() - t0) / 60000).toFixed(1);
  sections.push(
    `### Detection study\n\n${stamp(`detection --detection-trials ${detectionTrials}`)}\n\nA commit that makes BenchmarkSlowed 5% slower (1000 -> 1050 xorshift rounds) and leaves BenchmarkSteady unchanged; ${detectionTrials} trials each, -count 10, -benchtime ${BT}, -cpu 1, alpha ${ALPHA}; ${mins} min.\n\n| method | detected the 5% slowdown | false alarms on the unchanged benchmark |\n| --- | --- | --- |\n| perflab run --ref OLD --ref NEW (interleaved rounds, one build per ref) | ${pctI(res.perflab.det, res.perflab.n)} | ${pctI(res.perflab.fa, res.perflab.n)} |\n| go test -count=10 on old, then on new, benchstat old.txt new.txt | ${pctI(res.gotest.det, res.gotest.n)} | ${pctI(res.gotest.fa, res.gotest.n)} |\n`,
  );
}

// Each study replaces its own subsection; the other one stays as it was measured.
const file = path.join(ROOT, 'docs', 'performance.md');
const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
const at = doc.indexOf('\n## Measurement quality\n');
const old = at < 0 ? '' : doc.slice(at + 1, doc.indexOf('\n## ', at + 2) < 0 ? doc.length : doc.indexOf('\n## ', at + 2) + 1);
const kept = old
  .split(/^(?=### )/m)
  .slice(1)
  .filter((sub) => !sections.some((f) => f.split('\n')[0] === sub.split('\n')[0]));
const order = (x) => (x.startsWith('### A/A') ? 0 : 1);
writeSection(
  'Measurement quality',
  `Written by bench/studies.js (long: not part of \`npm test\`).\n\n${[...kept, ...sections]
    .sort((a, b) => order(a) - order(b))
    .map((x) => x.trim())
    .join('\n\n')}`,
);
console.log(sections.join('\n'));
