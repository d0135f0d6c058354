// Findings as Markdown, in the layout engineers file perf issues in: Problem, Location,
// Proposed fix (left to the engineer, with the evidence), Impact, Notes. Values are printed in
// pprof's style (1.23s, 45.6MB); shares as percentages with one decimal.
import type { Finding } from '../../shared/profile-types.js';

const TIME: [number, string][] = [[3600e9, 'h'], [60e9, 'm'], [1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];
const BYTES: [number, string][] = [[1024 ** 4, 'TB'], [1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'kB'], [1, 'B']];

function trim(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, '');
}

/** A value in its unit, scaled like pprof prints it. */
export function formatValue(v: number, unit: string): string {
  const scale = unit === 'nanoseconds' ? TIME : unit === 'bytes' ? BYTES : null;
  if (!scale) return trim(v);
  const a = Math.abs(v);
  for (const [f, u] of scale) if (a >= f) return `${trim(v / f)}${u}`;
  return `0${scale[scale.length - 1][1]}`;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function what(f: Finding): string {
  switch (f.category) {
    case 'cpu': return 'of the CPU time';
    case 'allocation': return `of the allocated ${f.sampleType.unit === 'bytes' ? 'bytes' : f.sampleType.type}`;
    case 'lock contention': return 'of the time spent waiting on locks';
    case 'blocking': return 'of the time spent blocked';
  }
}

function change(now: number, before: number | null, ref: string | null): string {
  if (before === null || ref === null) return '';
  const d = (now - before) * 100;
  const dir = Math.abs(d) < 0.05 ? 'unchanged from' : d > 0 ? 'up from' : 'down from';
  return `; ${dir} ${pct(before)} at \`${ref}\` (${d >= 0 ? '+' : ''}${d.toFixed(1)} pp)`;
}

function section(f: Finding, i: number): string {
  const share = f.rankedBy === 'flat' ? f.share : f.cumShare;
  const base = f.rankedBy === 'flat' ? f.baseShare : f.baseCumShare;
  const unit = f.sampleType.unit;
  const selfOrAll = f.rankedBy === 'flat' ? 'in its own code (flat)' : 'including its callees (cum)';
  return [
    `## ${i}. ${f.category}: \`${f.func}\` — ${pct(share)} in ${f.benchmark}`,
    '',
    `**Problem.** \`${f.func}\` accounts for ${pct(share)} ${what(f)} ${selfOrAll} in \`${f.benchmark}\` at \`${f.refLabel}\`${change(share, base, f.baseRefLabel)}.`,
    '',
    `**Location.** \`${f.location}\` (the function's hottest line).`,
    '',
    `**Proposed fix.** _Left for the engineer._ Evidence: flat ${formatValue(f.flat, unit)} (${pct(f.share)}), cum ${formatValue(f.cum, unit)} (${pct(f.cumShare)}) of ${formatValue(f.total, unit)} ${f.sampleType.type}${f.baseShare !== null ? `; at \`${f.baseRefLabel}\`: flat ${pct(f.baseShare)}, cum ${pct(f.baseCumShare ?? 0)}` : ''}.`,
    '',
    `**Impact.** At most ${pct(share)} ${what(f)} of \`${f.benchmark}\`, if this cost went away entirely (an upper bound, not a measurement).`,
    '',
    `**Notes.** needs benchmark: the effect of a fix is not measured. Shares come from profiled runs, which never feed the timing statistics.`,
  ].join('\n');
}

export function renderFindingsMarkdown(runId: number, findings: readonly Finding[], profileCount: number): string {
  const head = [`# Findings for run ${runId}`, ''];
  if (findings.length === 0) {
    head.push(`No hot spot above the thresholds in ${profileCount} profile${profileCount === 1 ? '' : 's'}.`);
    return `${head.join('\n')}\n`;
  }
  head.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} from ${profileCount} profile${profileCount === 1 ? '' : 's'}; shares are of each profile's total.`);
  return `${[...head, '', ...findings.map((f, i) => section(f, i + 1))].join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
