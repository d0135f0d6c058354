// Findings as text: the `perf: ...` title and the issue body of each finding (Problem with the
// evidence quoted, Location, Proposed Fix with a Go sketch, Impact, Notes), and the run's report
// (a summary table of every finding, the bodies of its tracker issues, Low ones in the summary
// only). Compiler notes go in the Problem section, earlier perf commits in Notes; an issue that
// groups related allocation findings has one body with each finding's evidence and change. Values are printed in pprof's style (1.23s, 45.6MB); shares with one decimal.
import type {
  CompilerEvidence,
  CompilerNote,
  Finding,
  FindingBenchmark,
  FindingIssue,
  FindingLevel,
  HotLine,
  PerfCommit,
} from '../../shared/profile-types.js';
import type { Rule } from './findings-rules.js';
import { shortName } from './findings-rules.js';

const TIME: [number, string][] = [
  [3600e9, 'h'],
  [60e9, 'm'],
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];
const BYTES: [number, string][] = [
  [1024 ** 4, 'TB'],
  [1024 ** 3, 'GB'],
  [1024 ** 2, 'MB'],
  [1024, 'kB'],
  [1, 'B'],
];

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

type FindingBase = Pick<
  Finding,
  'category' | 'location' | 'function' | 'impact' | 'complexity' | 'benchmarks' | 'share' | 'compiler' | 'perfCommits'
>;

export function findingTitle(f: FindingBase, rule: Rule): string {
  return `perf: ${rule.action} in ${shortName(f.function)} (${f.location})`;
}

function whatOf(b: FindingBenchmark): string {
  switch (b.kind) {
    case 'cpu':
      return 'of the CPU time';
    case 'mem':
      return `of the allocated ${b.sampleType.unit === 'bytes' ? 'bytes' : b.sampleType.type}`;
    case 'mutex':
      return 'of the lock delay charged to the module (mutex profile, at the unlocking call)';
    case 'trace-syscall':
      return 'of the syscall time in the trace';
    default:
      return 'of the waiting charged to the module (block profile)';
  }
}

function evidenceLine(f: FindingBase, b: FindingBenchmark): string {
  const head = `- \`${b.name}\` at \`${b.ref}\`, ${b.kind} profile: ${pct(b.share)} ${whatOf(b)} (${formatValue(b.value, b.sampleType.unit)} of ${formatValue(b.total, b.sampleType.unit)} ${b.sampleType.type})`;
  // A pool's New: the cost is its own, the evidence is where Get found the pool empty.
  const get = /^sync\.\(\*Pool\)\.Get at (.+)$/.exec(b.callee);
  if (get)
    return `${head} is allocated by \`${shortName(f.function)}\` at ${f.location}, the pool's New, when \`sync.(*Pool).Get\` at ${get[1]} found the pool empty.`;
  const via = b.callee ? `under \`${b.callee}\`` : 'in its own code';
  return `${head} is spent ${via}, called from \`${shortName(f.function)}\` at ${f.location}.`;
}

function impactReason(f: FindingBase, benchCount: number): string {
  const top = f.benchmarks[0];
  const spread = benchCount > 1 ? ` and it shows in ${benchCount} benchmarks` : '';
  return `**${f.impact}**: up to ${pct(top.share)} ${whatOf(top)} of \`${top.name}\`${spread}. That share is an upper bound on the gain (if the cost went away entirely), not a measurement.`;
}

function compilerLines(notes: readonly CompilerNote[], ev: CompilerEvidence | null): string[] {
  if (!ev) return notes.length ? ['', 'What the compiler says:', '', ...notes.map((n) => `- \`${n.location}\`: ${n.text}`)] : [];
  if (ev.unavailable !== null) return ['', `Compiler notes: none (${ev.unavailable}).`];
  if (notes.length === 0)
    return [
      '',
      `The compiler (\`-m=2\`, bounds checks; ${ev.ref} at ${ev.commit.slice(0, 12)}) says nothing about this line or its function.`,
    ];
  return [
    '',
    `What the compiler says (\`-m=2\`, bounds checks; ${ev.ref} at ${ev.commit.slice(0, 12)}, built as measured):`,
    '',
    ...notes.map((n) => `- \`${n.location}\`: ${n.text}`),
  ];
}

function perfCommitLines(func: string, commits: readonly PerfCommit[]): string[] {
  if (commits.length === 0) return [];
  const shown = commits
    .slice(0, 5)
    .map((c) => `\`${c.sha.slice(0, 12)}\` ${c.subject}`)
    .join('; ');
  return [
    `- Earlier perf commits that touched \`${shortName(func)}\`: ${shown}${commits.length > 5 ? `; and ${commits.length - 5} more` : ''}. Check what they changed before redoing it.`,
  ];
}

const NOTES_COMMON = [
  '- needs benchmark: the gain is a guess until a run with the change shows it (`perflab run --ref main --ref BRANCH`, then `perflab compare`).',
  '- Shares come from profiled runs, which never feed the timing statistics.',
];

export function findingBody(f: FindingBase, rule: Rule, benchCount: number, ev: CompilerEvidence | null = null): string {
  const lines = [
    '## Problem',
    '',
    `${f.category} in \`${f.function}\`. Current behavior, from the profiles:`,
    '',
    ...f.benchmarks.slice(0, 8).map((b) => evidenceLine(f, b)),
    ...(f.benchmarks.length > 8 ? [`- and ${f.benchmarks.length - 8} more profiles.`] : []),
    ...compilerLines(f.compiler, ev),
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
    ...NOTES_COMMON,
    ...perfCommitLines(f.function, f.perfCommits),
  ];
  return `${lines.join('\n')}\n`;
}

/** `perf: reduce allocations in F (file: lines 10, 14)`, or in a file across functions. */
export function groupTitle(byFunction: boolean, members: readonly Finding[]): string {
  const file = (l: string) => l.slice(0, l.lastIndexOf(':'));
  const line = (l: string) => l.slice(l.lastIndexOf(':') + 1);
  if (byFunction)
    return `perf: reduce allocations in ${shortName(members[0].function)} (${file(members[0].location)}: lines ${members.map((m) => line(m.location)).join(', ')})`;
  const fns = [...new Set(members.map((m) => shortName(m.function)))];
  return `perf: reduce allocations in ${file(members[0].location)} (${fns.join(', ')})`;
}

/** One issue body for related allocation findings: each one's evidence, location and change. */
export function groupBody(
  members: readonly { finding: Finding; rule: Rule }[],
  impact: FindingLevel,
  complexity: FindingLevel,
  benchCount: number,
  ev: CompilerEvidence | null,
): string {
  const lines = ['## Problem', '', `${members.length} related allocation sites, small changes each, filed together:`, ''];
  for (const { finding: f } of members) {
    lines.push(`- \`${f.location}\` in \`${shortName(f.function)}\` (${f.impact} alone):`);
    for (const b of f.benchmarks.slice(0, 3)) lines.push(`  ${evidenceLine(f, b)}`);
    if (ev && ev.unavailable === null)
      for (const n of f.compiler.filter((c) => c.location === f.location)) lines.push(`  - compiler: ${n.text}`);
  }
  if (ev && ev.unavailable !== null) lines.push('', `Compiler notes: none (${ev.unavailable}).`);
  lines.push(
    '',
    '## Location',
    '',
    ...members.map(({ finding: f }) => `- \`${f.location}\` in \`${f.function}\``),
    '',
    '## Proposed Fix',
    '',
  );
  for (const { finding: f, rule } of members)
    lines.push(
      `At \`${f.location}\`: ${rule.change} (needs benchmark)`,
      '',
      '```go',
      rule.sketch,
      '```',
      '',
      `Trade-off: ${rule.tradeOff}`,
      '',
    );
  const top = Math.max(...members.map((m) => m.finding.share));
  lines.push(
    '## Impact',
    '',
    `**${impact}**: together the sites account for up to the summed shares of each profile (the largest single one ${pct(top)})${benchCount > 1 ? ` in ${benchCount} benchmarks` : ''}. An upper bound on the gain, not a measurement.`,
    '',
    `Complexity: **${complexity}** (an estimate: the hardest of the changes).`,
    '',
    '## Notes',
    '',
    ...NOTES_COMMON,
  );
  const fns = new Map<string, PerfCommit[]>();
  for (const { finding: f } of members) if (f.perfCommits.length) fns.set(f.function, [...f.perfCommits]);
  for (const [fn, cs] of fns) lines.push(...perfCommitLines(fn, cs));
  return `${lines.join('\n')}\n`;
}

export function renderFindingsMarkdown(
  runId: number,
  findings: readonly Finding[],
  issues: readonly FindingIssue[],
  hotLines: readonly HotLine[],
  profileCount: number,
  compiler: CompilerEvidence | null = null,
  skipped: readonly { location: string; function: string; reason: string }[] = [],
): string {
  const out = [`# Findings for run ${runId}`, ''];
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (findings.length === 0) {
    out.push(`No finding in the module's own code above the thresholds in ${plural(profileCount, 'profile')}.`, '');
  } else {
    out.push(
      `${plural(findings.length, 'finding')} from ${plural(profileCount, 'profile')} (${plural(issues.length, 'tracker issue')} for the Medium and High ones); sorted by impact, then complexity (an estimate).`,
      '',
    );
    out.push('| Impact | Complexity | Category | Location | Function | Largest share |', '|---|---|---|---|---|---|');
    for (const f of findings)
      out.push(
        `| ${f.impact} | ${f.complexity} | ${f.category} | \`${f.location}\` | \`${shortName(f.function)}\` | ${pct(f.share)} in ${f.benchmarks[0].name} |`,
      );
    out.push('');
  }
  if (compiler) {
    out.push(
      compiler.unavailable === null
        ? `Compiler notes: \`${compiler.command}\` at ${compiler.ref} (${compiler.commit.slice(0, 12)}), with the measured binaries' settings.`
        : `Compiler notes: none (${compiler.unavailable}).`,
      '',
    );
  }
  if (skipped.length) {
    out.push('Left out:', '', ...skipped.map((s) => `- \`${s.location}\` in \`${shortName(s.function)}\`: ${s.reason}.`), '');
  }
  for (const i of issues) out.push(`# ${i.title}`, '', i.body.replace(/^## /gm, '### '));
  if (hotLines.length) {
    out.push(
      '## Hot lines with no known pattern',
      '',
      "The module's own code that costs the most CPU where no rule applies (context, not issues):",
      '',
    );
    for (const h of hotLines)
      out.push(`- \`${h.location}\` in \`${shortName(h.function)}\`: ${pct(h.share)} of the CPU time of \`${h.benchmark}\`.`);
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
