// Findings as text: the `perf: ...` title and the issue body of each finding (Problem with the
// evidence quoted, Location, Proposed Fix with a Go sketch, Impact, Notes), and the run's report
// (a summary table of every finding, the bodies of the Medium and High ones, Low ones in the
// summary only). Values are printed in pprof's style (1.23s, 45.6MB); shares with one decimal.
import type { Finding, FindingBenchmark, HotLine } from '../../shared/profile-types.js';
import type { Rule } from './findings-rules.js';
import { shortName } from './findings-rules.js';

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

type FindingBase = Pick<Finding, 'category' | 'location' | 'function' | 'impact' | 'complexity' | 'benchmarks' | 'share'>;

export function findingTitle(f: FindingBase, rule: Rule): string {
  return `perf: ${rule.action} in ${shortName(f.function)} (${f.location})`;
}

function whatOf(b: FindingBenchmark): string {
  switch (b.kind) {
    case 'cpu': return 'of the CPU time';
    case 'mem': return `of the allocated ${b.sampleType.unit === 'bytes' ? 'bytes' : b.sampleType.type}`;
    case 'mutex': return 'of the lock delay charged to the module (mutex profile, at the unlocking call)';
    case 'trace-syscall': return 'of the syscall time in the trace';
    default: return 'of the waiting charged to the module (block profile)';
  }
}

function evidenceLine(f: FindingBase, b: FindingBenchmark): string {
  const via = b.callee ? `under \`${b.callee}\`` : 'in its own code';
  return `- \`${b.name}\` at \`${b.ref}\`, ${b.kind} profile: ${pct(b.share)} ${whatOf(b)} (${formatValue(b.value, b.sampleType.unit)} of ${formatValue(b.total, b.sampleType.unit)} ${b.sampleType.type}) is spent ${via}, called from \`${shortName(f.function)}\` at ${f.location}.`;
}

function impactReason(f: FindingBase, benchCount: number): string {
  const top = f.benchmarks[0];
  const spread = benchCount > 1 ? ` and it shows in ${benchCount} benchmarks` : '';
  return `**${f.impact}**: up to ${pct(top.share)} ${whatOf(top)} of \`${top.name}\`${spread}. That share is an upper bound on the gain (if the cost went away entirely), not a measurement.`;
}

export function findingBody(f: FindingBase, rule: Rule, benchCount: number): string {
  const lines = [
    '## Problem',
    '',
    `${f.category} in \`${f.function}\`. Current behavior, from the profiles:`,
    '',
    ...f.benchmarks.slice(0, 8).map((b) => evidenceLine(f, b)),
    ...(f.benchmarks.length > 8 ? [`- and ${f.benchmarks.length - 8} more profiles.`] : []),
    '',
    '## Location',
    '',
    `\`${f.location}\` in \`${f.function}\` (the line of the call that leads to the cost).`,
    '',
    '## Proposed Fix',
    '',
    `${rule.change} (needs benchmark)`,
    '',
    '```go',
    rule.sketch,
    '```',
    '',
    `Trade-off: ${rule.tradeOff}`,
    '',
    '## Impact',
    '',
    impactReason(f, benchCount),
    '',
    `Complexity: **${f.complexity}** (an estimate from the change's reach).`,
    '',
    '## Notes',
    '',
    '- needs benchmark: the gain is a guess until a run with the change shows it (`perflab run --ref main --ref BRANCH`, then `perflab compare`).',
    '- Shares come from profiled runs, which never feed the timing statistics.',
  ];
  return `${lines.join('\n')}\n`;
}

export function renderFindingsMarkdown(runId: number, findings: readonly Finding[], hotLines: readonly HotLine[], profileCount: number): string {
  const out = [`# Findings for run ${runId}`, ''];
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (findings.length === 0) {
    out.push(`No finding in the module's own code above the thresholds in ${plural(profileCount, 'profile')}.`, '');
  } else {
    const filed = findings.filter((f) => f.impact !== 'Low');
    out.push(`${plural(findings.length, 'finding')} from ${plural(profileCount, 'profile')} (${filed.length} Medium or High); sorted by impact, then complexity (an estimate).`, '');
    out.push('| Impact | Complexity | Category | Location | Function | Largest share |', '|---|---|---|---|---|---|');
    for (const f of findings) out.push(`| ${f.impact} | ${f.complexity} | ${f.category} | \`${f.location}\` | \`${shortName(f.function)}\` | ${pct(f.share)} in ${f.benchmarks[0].name} |`);
    out.push('');
    for (const f of filed) out.push(`# ${f.title}`, '', f.body.replace(/^## /gm, '### '));
  }
  if (hotLines.length) {
    out.push('## Hot lines with no known pattern', '', 'The module\'s own code that costs the most CPU where no rule applies (context, not issues):', '');
    for (const h of hotLines) out.push(`- \`${h.location}\` in \`${shortName(h.function)}\`: ${pct(h.share)} of the CPU time of \`${h.benchmark}\`.`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
