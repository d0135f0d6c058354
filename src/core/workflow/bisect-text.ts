// A bisect report for people: the first bad commit (or why there is none), the evidence
// tables (good vs first bad, the commit before it vs first bad), the steps taken, and the
// commands that reproduce the finding. The CLI prints it; reproduceCommands also fills the
// report's `reproduce` for every front end.
import type { BisectEvidenceRow, BisectReport, BisectStep } from '../../shared/bisect-types.js';
import { commonScale, formatScaled, unitClass } from '../benchunit/index.js';

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function runFlags(r: BisectReport): string[] {
  const s = r.settings;
  return [
    ...s.packages.flatMap((p) => ['--pkg', shellQuote(p)]),
    '--bench',
    shellQuote(s.bench),
    ...s.benchtime.flatMap((b) => ['--benchtime', b]),
    ...s.cpu.flatMap((c) => ['--cpu', String(c)]),
    ...Object.entries(s.env).flatMap(([k, v]) => ['--env', shellQuote(`${k}=${v}`)]),
  ];
}

/** Commands that reproduce what the bisect found (or where it stopped). */
export function reproduceCommands(r: BisectReport): string[] {
  const s = r.settings;
  const repo = ['--repo', shellQuote(r.repoPath)];
  const out: string[] = [];
  const ev = r.evidence;
  if (r.firstBad && ev) {
    const runs = [...new Set([...ev.goodVsFirstBad, ...ev.beforeVsFirstBad].flatMap((x) => x.runIds))];
    for (const id of runs) out.push(`perflab compare ${id}`);
    out.push(
      [
        'perflab',
        'run',
        ...repo,
        '--ref',
        ev.before.sha.slice(0, 12),
        '--ref',
        r.firstBad.sha.slice(0, 12),
        ...runFlags(r),
        '--count',
        String(s.maxCount),
      ].join(' '),
    );
  }
  out.push(
    [
      'perflab',
      'bisect',
      ...repo,
      '--good',
      r.good.sha.slice(0, 12),
      '--bad',
      r.bad.sha.slice(0, 12),
      ...runFlags(r),
      '--unit',
      shellQuote(s.unit),
      '--threshold',
      String(s.thresholdPct),
      '--count',
      String(s.count),
      '--max-count',
      String(s.maxCount),
    ].join(' '),
  );
  return out;
}

function pct(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '?';
  return `${v >= 0 ? '+' : '-'}${Math.abs(v) >= 100 ? Math.abs(v).toFixed(0) : Math.abs(v).toFixed(1)}%`;
}

function ratioPct(x: number | null): string {
  return x === null || !Number.isFinite(x) || x <= 0 ? '?' : pct((x - 1) * 100);
}

function pad(rows: readonly (readonly string[])[]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(w[i] - [...c].length)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function evidenceTable(title: string, rows: readonly BisectEvidenceRow[]): string {
  if (rows.length === 0) return `${title}: no samples\n`;
  const out = [['BENCHMARK', 'UNIT', 'BASE', 'HEAD', 'DELTA', '95% INTERVAL', 'P', 'N', 'RUNS']];
  for (const x of rows) {
    const sc = commonScale([x.base, x.head], unitClass(x.unit));
    out.push([
      x.bench,
      x.unit,
      formatScaled(sc, x.base),
      formatScaled(sc, x.head),
      pct(x.deltaPct),
      `[${pct(x.loPct)}, ${pct(x.hiPct)}]`,
      x.p < 0.001 ? '<0.001' : x.p.toFixed(3),
      `${x.nBase}+${x.nHead}`,
      x.runIds.join(', '),
    ]);
  }
  return `${title}\n${pad(out)}\n`;
}

function stepLine(st: BisectStep, total: number): string {
  const what = st.kind === 'confirm' ? 'confirm bad vs good' : `candidate ${st.position}/${total}`;
  const j = st.series[0];
  const figure =
    j && j.estimate !== null
      ? ` ${ratioPct(j.estimate)} over good [${ratioPct(j.lo)}, ${ratioPct(j.hi)}]` +
        (j.midpoint !== null ? `, midpoint ${ratioPct(j.midpoint)}` : '')
      : '';
  const run = st.runId !== null ? `run ${st.runId}, ` : '';
  return (
    `${String(st.index + 1).padStart(2)}. ${what}: ${st.sha.slice(0, 12)} ${st.subject.slice(0, 50)} -> ${st.state}` +
    ` (${run}${st.rounds} rounds${figure}; ${st.remaining} left)` +
    (st.note && st.state !== 'like good' && st.state !== 'like bad' ? `\n    ${st.note}` : '')
  );
}

export function bisectText(r: BisectReport): string {
  const lines: string[] = [];
  const n = r.commits.length;
  if (r.status === 'found' && r.firstBad) {
    lines.push(`first bad commit: ${r.firstBad.sha} ${r.firstBad.subject}`, '');
  } else {
    lines.push(`${r.status}: ${r.message}`);
    if (r.interval) {
      lines.push('the first bad commit is one of:');
      for (const c of r.interval) lines.push(`  ${c.sha.slice(0, 12)} ${c.subject}`);
    }
    lines.push('');
  }
  if (r.evidence && r.firstBad) {
    lines.push(evidenceTable(`good ${r.good.sha.slice(0, 12)} vs first bad ${r.firstBad.sha.slice(0, 12)}:`, r.evidence.goodVsFirstBad));
    // When the first bad commit follows good directly, the commit before it is good: one table.
    if (r.evidence.before.sha === r.good.sha) lines.push(`(the commit before it is good ${r.good.sha.slice(0, 12)})`, '');
    else
      lines.push(
        evidenceTable(
          `the commit before it ${r.evidence.before.sha.slice(0, 12)} vs first bad ${r.firstBad.sha.slice(0, 12)}:`,
          r.evidence.beforeVsFirstBad,
        ),
      );
  }
  lines.push(
    `steps (${r.steps.length} measurement ${r.steps.length === 1 ? 'step' : 'steps'} over ${n} ${n === 1 ? 'commit' : 'commits'} after good; each look at alpha ${r.lookAlpha.toPrecision(3)}):`,
  );
  for (const st of r.steps) lines.push(stepLine(st, n));
  for (const s of r.skipped) lines.push(`skipped ${s.sha.slice(0, 12)} ${s.subject}: ${s.note}`);
  lines.push('', 'reproduce:', ...r.reproduce.map((c) => `  ${c}`));
  return `${lines.join('\n')}\n`;
}

/** One progress line for a step as it changes (stderr while the bisect runs). */
export function bisectStepLine(r: BisectReport, st: BisectStep): string {
  return stepLine(st, r.commits.length);
}
