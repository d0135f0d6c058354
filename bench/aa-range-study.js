// A/A study of real range runs (issue 16): a checksum package with eight commits that change
// no code (README and comment edits only), measured again and again with
// `perflab run --range FIRST..LAST` (8 commits, rounds interleaved across them), each run
// followed by `perflab changes RUN`. The acceptance: the share of studies with any reported
// change point is at most 5%, reported with its 95% Wilson interval. Real processes on this
// machine, so drift and load are in the figures, unlike the seeded simulation of
// test/core/workflow/change-points.test.ts. Long: not part of `npm test` or `npm run bench`.
// Each study is appended to the --out file (JSON lines) as it ends, so a stopped study keeps
// what it measured; --resume continues a file.
// Usage: npm run build && node bench/aa-range-study.js [--trials 100] [--count 5] [--benchtime 2000x] [--out FILE]
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commitAll, fixture, git, loadNow, machine, perflab, tmp, wilson } from './lib/common.js';

const arg = (flag, dflt) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : dflt);
const trials = Number(arg('--trials', '100'));
const count = arg('--count', '5');
const benchtime = arg('--benchtime', '2000x');
const out = arg('--out', path.join(tmp('perflab-aa-range-'), 'studies.jsonl'));
const env = { PERFLAB_LOCK_DIR: tmp('perflab-aa-lock-') };

const repo = fixture('recordsum');
const first = git(repo, 'rev-parse', 'HEAD');
const notes = [
  'add README',
  'README: say what Adler-32 is for',
  'adler: comment the modulus',
  'README: mention framed records',
  'adler: comment ParseHeader',
  'README: usage',
  'adler: comment the header layout',
];
for (const [i, msg] of notes.entries()) {
  if (msg.startsWith('README')) writeFileSync(path.join(repo, 'README.md'), `# checksum\n\n${msg} (${i})\n`);
  else if (msg === 'add README') writeFileSync(path.join(repo, 'README.md'), '# checksum\n');
  else {
    const f = path.join(repo, 'adler', 'adler.go');
    writeFileSync(f, `${readFileSync(f, 'utf8')}\n// ${msg}.\n`);
  }
  commitAll(repo, msg);
}
const last = git(repo, 'rev-parse', 'HEAD');
const data = tmp('perflab-aa-range-data-');
perflab(['--data-dir', data, 'repo', 'add', repo, '--trust'], env);
const done = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
process.stderr.write(
  `A/A range study: ${trials} studies of 8 commits, --count ${count} --benchtime ${benchtime}; results in ${out} (${done} already there)\n`,
);

for (let t = done; t < trials; t++) {
  const t0 = Date.now();
  const run = perflab(
    [
      '--data-dir',
      data,
      'run',
      '--repo',
      repo,
      '--range',
      `${first}..${last}`,
      '--bench',
      '^BenchmarkSum$',
      '--count',
      count,
      '--benchtime',
      benchtime,
    ],
    env,
  );
  if (run.code !== 0) throw new Error(`run failed: ${run.stderr}`);
  const id = run.stdout.trim();
  const ch = perflab(['--data-dir', data, 'changes', id, '--json'], env);
  if (ch.code !== 0) throw new Error(`changes failed: ${ch.stderr}`);
  const report = JSON.parse(ch.stdout);
  const noThreshold = JSON.parse(perflab(['--data-dir', data, 'changes', id, '--threshold', '0', '--json'], env).stdout);
  const row = {
    study: t + 1,
    run: Number(id),
    ms: Date.now() - t0,
    load: loadNow(),
    changes: report.changes.map((c) => ({ unit: c.unit, sha: c.sha.slice(0, 12), delta: c.delta, p: c.p })),
    changesNoThreshold: noThreshold.changes.filter((c) => c.unit === 'sec/op').length,
  };
  appendFileSync(out, `${JSON.stringify(row)}\n`);
  process.stderr.write(
    `study ${t + 1}/${trials}: run ${id}, ${row.changes.length} change(s), ${(row.ms / 1000).toFixed(1)} s, load ${row.load}\n`,
  );
}

const rows = readFileSync(out, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const n = rows.length;
const any = rows.filter((r) => r.changes.length > 0).length;
const time = rows.filter((r) => r.changes.some((c) => c.unit === 'sec/op')).length;
const sig = rows.filter((r) => r.changesNoThreshold > 0).length;
const ci = (k) =>
  wilson(k, n)
    .map((x) => `${(100 * x).toFixed(1)}%`)
    .join('-');
const pct = (k) => `${((100 * k) / n).toFixed(1)}%`;
const deltas = rows.flatMap((r) => r.changes.filter((c) => c.unit === 'sec/op').map((c) => c.delta.toFixed(1)));
const summary = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; load average at the end ${loadNow()};`,
  `\`node bench/aa-range-study.js --trials ${trials} --count ${count} --benchtime ${benchtime}\`.`,
  '',
  '| studies | any change reported (default 5% threshold) | a sec/op change | sec/op steps significant at threshold 0 |',
  '| --- | --- | --- | --- |',
  `| ${n} | ${any} = ${pct(any)} (95% CI ${ci(any)}) | ${time} = ${pct(time)} (${ci(time)}) | ${sig} = ${pct(sig)} (${ci(sig)}) |`,
  '',
  deltas.length ? `Reported sec/op deltas: ${deltas.join(', ')}%.` : 'No sec/op change was reported.',
  `Median study: ${(rows.map((r) => r.ms).sort((a, b) => a - b)[n >> 1] / 1000).toFixed(1)} s.`,
].join('\n');
writeFileSync(`${out}.md`, `${summary}\n`);
process.stdout.write(`${summary}\n`);
