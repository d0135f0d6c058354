// The `perf:` commit message of a comparison: a subject (conventional `perf(scope): ...` or
// the Go project's `pkg/path: ...`), summary lines for the rows whose verdict is a decided
// change (speed, throughput, memory, allocations; a geomean line when there are several rows),
// an honest line for undecided rows (what the spread hides, the --count that would decide),
// the benchstat-identical table, the environment and the commands that reproduce it. It says
// "no change" only when every row is decided `no change`, and makes no `perf:` claim in the
// subject when nothing was decided. Every figure comes from the comparison engine; prose is
// wrapped at 72 columns, table lines are indented 4 spaces and never wrapped, commands are
// broken with ` \` continuations.
import type { Comparison, CompareDelta, CompareRow, CompareTable } from '../../shared/compare-types.js';
import type { CommitMessage } from '../../shared/workflow-types.js';
import type { RunDetail, RunRef } from '../../shared/models.js';
import { formatGoFloat } from '../benchunit/index.js';
import { MAX_COUNT_NEEDED } from '../stats/index.js';

export interface CommitInput {
  readonly run: RunDetail;
  readonly base: RunRef;
  readonly head: RunRef;
  readonly comparison: Comparison;
  /** benchstat's text for the same comparison. */
  readonly table: string;
  /** Markdown tables for the same comparison. */
  readonly markdown: string;
  readonly modulePath: string;
  readonly scope?: string;
  readonly summary?: string;
  readonly style: 'conventional' | 'go';
  readonly format: 'text' | 'markdown';
}

const WIDTH = 72;

function pct(ratio: number | null): string {
  if (ratio === null) return 'from 0';
  const v = (ratio - 1) * 100;
  return `${v >= 0 ? '+' : '-'}${formatGoFloat(Math.abs(v), 1)}%`;
}

/** `1.718µ ± 1%` -> `1.718µs` for sec/op (the unit's numerator follows the scaled number). */
function valueText(cellText: string, unit: string): string {
  const num = cellText.split(' ±')[0].trim();
  const numerator = unit.split('/')[0];
  if (unit === 'allocs/op') return num;
  if (unit === 'peak-RSS-B') return `${num}B`;
  if (numerator === 'sec') return `${num}s`;
  if (numerator === 'B') return `${num}B${unit === 'B/s' ? '/s' : ''}`;
  return `${num} ${unit}`;
}

function pText(d: CompareDelta): string {
  return d.p === null
    ? `n=${d.n1 === d.n2 ? d.n1 : `${d.n1}+${d.n2}`}`
    : `p=${formatGoFloat(d.p, 3)}, n=${d.n1 === d.n2 ? d.n1 : `${d.n1}+${d.n2}`}`;
}

interface Change {
  readonly table: CompareTable;
  readonly row: CompareRow;
  readonly delta: CompareDelta;
}

const CHANGED = new Set(['faster', 'slower', 'changed']);

/** Rows of a unit whose verdict is a decided change (tested or exact). */
function significantChanges(c: Comparison, unit: string): Change[] {
  return allRows(c, new Set([unit])).filter((x) => CHANGED.has(x.delta.verdict.state));
}

/** Every compared row of these units that has both cells. */
function allRows(c: Comparison, units: ReadonlySet<string>): Change[] {
  const out: Change[] = [];
  for (const t of c.tables) {
    if (!units.has(t.unit)) continue;
    for (const row of t.rows) {
      const d = row.deltas[1];
      if (d && row.cells[0] && row.cells[1]) out.push({ table: t, row, delta: d });
    }
  }
  return out;
}

const pctText = (x: number) => `${formatGoFloat(x, x < 10 ? 1 : 0)}%`;
/** 0.05 -> `0.05`, 2 -> `2` (at most 3 significant digits, no trailing zeros). */
const num = (x: number) => String(Number(x.toPrecision(3)));

/** The honest line for undecided rows: at which n, what the spread hides, what would decide. */
export function inconclusiveLine(undecided: readonly Change[], total: number): string {
  const vs = undecided.map((u) => u.delta.verdict);
  const n = Math.min(...undecided.map((u) => Math.min(u.delta.n1, u.delta.n2)));
  const counts = vs.map((v) => v.countNeeded).filter((x): x is number => x !== null);
  const alpha = num(vs[0].alpha);
  const which =
    undecided.length === total
      ? total === 1
        ? 'the row is undecided'
        : `all ${total} rows undecided`
      : `${undecided.length} of ${total} rows undecided`;
  // The spread figure and the change it hides come from the same row: the one hiding the most.
  let widest: (typeof vs)[number] | null = null;
  for (const v of vs) if (v.detectablePct !== null && (widest === null || v.detectablePct > (widest.detectablePct ?? 0))) widest = v;
  const tied = vs.filter((v) => v.reason === 'samples tied').length;
  const tiedText =
    tied === 0 ? '' : `${tied === 1 ? 'one row has' : `${tied} rows have`} samples tied at one value that the U test cannot separate`;
  let hides: string;
  if (vs.every((v) => v.reason === 'n too small for alpha')) {
    const cvs = vs.map((v) => v.cv).filter((x): x is number => x !== null);
    const spread = cvs.length ? ` (spread: CV ${pctText(Math.max(...cvs) * 100)})` : '';
    hides = `with ${n} samples per side the U test cannot reach p <= ${alpha} whatever the change${spread}`;
  } else if (widest !== null) {
    const cv = widest.cv !== null ? ` (CV ${pctText(widest.cv * 100)})` : '';
    hides = `the spread${cv} hides changes below ${pctText(widest.detectablePct ?? 0)}${tiedText ? `; ${tiedText}` : ''}`;
  } else if (tied > 0) hides = tiedText;
  else hides = 'the spread hides changes below the tolerance';
  const zeroBase = vs.filter((v) => v.reason === 'samples tied' && v.tie?.zeroBase).length;
  const measure = counts.length
    ? `; measure with --count ${Math.max(...counts)}${counts.length + zeroBase < vs.length ? ' or more' : ''}${zeroBase > 0 ? ' for the others' : ''}`
    : zeroBase === vs.length
      ? '; from a base of 0 no --count can show "no change" in percent'
      : `; more than ${MAX_COUNT_NEEDED} samples per side would be needed`;
  return `Inconclusive at n=${n} (${which}): ${hides}${measure}.`;
}

/** A shell command broken with ` \` continuations so no line exceeds the width: a flag stays
 * with its value; the first line is indented 4 spaces, continuations 6. */
export function breakCommand(args: readonly string[], width = WIDTH): string[] {
  const words: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (/^--?[a-z]/.test(args[k]) && !args[k].includes('=') && k + 1 < args.length && !args[k + 1].startsWith('-'))
      words.push(`${args[k]} ${args[++k]}`);
    else words.push(args[k]);
  }
  const lines: string[] = [];
  let cur = `    ${words[0] ?? ''}`;
  for (const w of words.slice(1)) {
    if (cur.length + 1 + w.length + 2 > width) {
      lines.push(`${cur} \\`);
      cur = `      ${w}`;
    } else cur = `${cur} ${w}`;
  }
  lines.push(cur);
  return lines;
}

function rowName(name: string): string {
  return name.replace(/-\d+$/, '');
}

/** Words wrapped at 72 columns; continuation lines indented by two spaces. */
export function wrap(line: string, width = WIDTH): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const w of line.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = `  ${w}`;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The name a module's root package goes by in a commit subject: its last path element without
 * a major version suffix (`github.com/pierrec/lz4/v4` -> `lz4`, `gopkg.in/yaml.v3` -> `yaml`).
 */
export function moduleScope(modulePath: string): string {
  const parts = modulePath.split('/');
  let last = parts.pop() ?? modulePath;
  if (/^v\d+$/.test(last) && parts.length) last = parts.pop()!;
  return last.replace(/\.v\d+$/, '') || modulePath;
}

/** The package scope: the package path relative to the module, from the tables' pkg config. */
export function defaultScope(c: Comparison, modulePath: string, changed: readonly Change[]): string {
  const pkgs = new Set<string>();
  for (const ch of changed.length ? changed.map((x) => x.table) : c.tables) {
    const pkg = ch.config.find(([k]) => k === 'pkg')?.[1];
    if (pkg) pkgs.add(pkg);
  }
  const rel = [...pkgs].map((p) =>
    p === modulePath ? moduleScope(modulePath) : p.startsWith(`${modulePath}/`) ? p.slice(modulePath.length + 1) : p,
  );
  if (rel.length === 1) return rel[0];
  if (rel.length === 0) return moduleScope(modulePath) || 'all';
  const parts = rel.map((r) => r.split('/'));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => p[i] !== undefined && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.length ? common.join('/') : 'all';
}

export function commitMessage(i: CommitInput): CommitMessage {
  const c = i.comparison;
  const speed = significantChanges(c, 'sec/op');
  const speedTables = c.tables.filter((t) => t.unit === 'sec/op');
  const rowsOf = (ts: readonly CompareTable[]) => ts.reduce((n, t) => n + t.rows.length, 0);
  const single = rowsOf(speedTables) <= 1;
  const lines: string[] = [];
  const nameOf = (ch: Change) => (single ? '' : `${rowName(ch.row.name)} `);
  for (const ch of speed.slice(0, 8)) {
    lines.push(
      `Speed: ${nameOf(ch)}${valueText(ch.row.cells[0]!.text, 'sec/op')} -> ${valueText(ch.row.cells[1]!.text, 'sec/op')} per op (${pct(ch.delta.ratio)}, ${pText(ch.delta)})`,
    );
  }
  if (speed.length > 8) lines.push(`Speed: ${speed.length - 8} more rows changed significantly (see the table)`);
  const throughput = significantChanges(c, 'B/s');
  for (const ch of throughput.slice(0, 4)) {
    lines.push(
      `Throughput: ${nameOf(ch)}${valueText(ch.row.cells[0]!.text, 'B/s')} -> ${valueText(ch.row.cells[1]!.text, 'B/s')} (${pct(ch.delta.ratio)}, ${pText(ch.delta)})`,
    );
  }
  if (throughput.length > 4) lines.push(`Throughput: ${throughput.length - 4} more rows changed significantly (see the table)`);
  const mem = significantChanges(c, 'B/op');
  const allocs = significantChanges(c, 'allocs/op');
  const memNames = new Set([...mem, ...allocs].map((x) => x.row.name));
  for (const name of [...memNames].slice(0, 6)) {
    const m = mem.find((x) => x.row.name === name);
    const a = allocs.find((x) => x.row.name === name);
    const parts: string[] = [];
    if (m)
      parts.push(`${valueText(m.row.cells[0]!.text, 'B/op')} -> ${valueText(m.row.cells[1]!.text, 'B/op')} per op (${pct(m.delta.ratio)})`);
    if (a)
      parts.push(
        `allocs ${valueText(a.row.cells[0]!.text, 'allocs/op')} -> ${valueText(a.row.cells[1]!.text, 'allocs/op')} (${pct(a.delta.ratio)})`,
      );
    lines.push(`Memory: ${single ? '' : `${rowName(name)} `}${parts.join('; ')}`);
  }
  // Peak RSS of the test binary (a --resources run): a process figure, not per op.
  const peak = significantChanges(c, 'peak-RSS-B');
  for (const ch of peak.slice(0, 4)) {
    lines.push(
      `Peak memory: ${nameOf(ch)}${valueText(ch.row.cells[0]!.text, 'peak-RSS-B')} -> ${valueText(ch.row.cells[1]!.text, 'peak-RSS-B')} peak RSS (${pct(ch.delta.ratio)}, ${pText(ch.delta)})`,
    );
  }
  const geo = speedTables.length === 1 && speedTables[0].rows.length > 1 ? speedTables[0].geomean : null;
  if (geo && geo.ratios[1] !== null && geo.ratios[1] !== undefined && speed.length > 0) {
    lines.push(`Geomean: ${pct(geo.ratios[1])} time per op over ${speedTables[0].rows.length} benchmarks`);
  }
  const rows = allRows(c, new Set(['sec/op', 'B/s', 'B/op', 'allocs/op']));
  const undecided = rows.filter((r) => r.delta.verdict.state === 'undecided');
  const decidedChange = rows.some((r) => CHANGED.has(r.delta.verdict.state)) || peak.length > 0;
  const allNoChange = rows.length > 0 && rows.every((r) => r.delta.verdict.state === 'no change');
  if (undecided.length) lines.push(inconclusiveLine(undecided, rows.length));
  if (allNoChange)
    lines.push(
      `No change beyond ±${num(Math.max(...rows.map((r) => r.delta.verdict.tolerancePct)))}% in time, throughput or memory per op.`,
    );
  if (lines.length === 0) lines.push('Nothing compared: no row has samples on both sides.');

  const scope = i.scope ?? defaultScope(c, i.modulePath, speed.length ? speed : [...mem, ...allocs]);
  const biggest = [...speed].sort((a, b) => Math.abs((b.delta.ratio ?? 1) - 1) - Math.abs((a.delta.ratio ?? 1) - 1))[0];
  const memChange = [...allocs, ...mem][0];
  const nMin = rows.length ? Math.min(...rows.map((r) => Math.min(r.delta.n1, r.delta.n2))) : 0;
  const auto = biggest
    ? `make ${rowName(biggest.row.name)} ${formatGoFloat(Math.abs(((biggest.delta.ratio ?? 1) - 1) * 100), 0)}% ${biggest.delta.verdict.state === 'faster' ? 'faster' : 'slower'}`
    : memChange
      ? `${memChange.delta.verdict.state === 'faster' ? 'reduce' : 'increase'} ${memChange.table.unit === 'allocs/op' ? 'allocations' : 'memory'} of ${rowName(memChange.row.name)}`
      : peak.length
        ? `${peak[0].delta.verdict.state === 'faster' ? 'reduce' : 'increase'} peak memory of ${rowName(peak[0].row.name)}`
        : allNoChange
          ? 'no measurable change'
          : `inconclusive benchmark results (n=${nMin})`;
  const summary = i.summary ?? auto;
  // Nothing decided: no perf claim in the subject.
  const claim = decidedChange || allNoChange;
  // An empty scope (`--scope ''`) leaves the parentheses out: `perf: ...`, never `perf(): ...`.
  const subject =
    i.style === 'go' || !claim ? (scope ? `${scope}: ${summary}` : summary) : scope ? `perf(${scope}): ${summary}` : `perf: ${summary}`;

  const spec = i.run.spec;
  const env = i.run.environment;
  const date = (i.run.finishedAt ?? i.run.createdAt).slice(0, 10);
  // An imported run was measured elsewhere: say so, and reproduce the table from its files.
  const imported = i.run.kind === 'imported' || !spec;
  const measured = imported
    ? `Imported from Go benchmark text on ${date}: the machine, -count and settings are those of the files.`
    : `Measured with perflab: ${env ? `${env.goVersion} ${env.goos}/${env.goarch}, ${env.cpuModel} (${env.cpuCount} CPUs), ` : ''}` +
      `-count=${spec.count}, ${spec.schedule}, ${date}`;
  const bench = spec?.bench ?? '.';
  // A stored snapshot (an investigation's attempt) is re-measured by its id, the working tree as WORKTREE.
  const refArg = (r: RunRef) => (r.name === 'WORKTREE' ? 'WORKTREE' : r.name.startsWith('snapshot:') ? r.name : r.sha || r.name);
  const runArgs = [
    'perflab',
    'run',
    '--ref',
    refArg(i.base),
    '--ref',
    refArg(i.head),
    ...(spec?.packages ?? []).flatMap((p) => ['--pkg', shellQuote(p)]),
    '--bench',
    shellQuote(bench),
    '--count',
    String(spec?.count ?? 10),
    ...(spec && spec.benchtime.join(',') !== '1s' ? ['--benchtime', spec.benchtime.join(',')] : []),
    ...(spec?.cpu.length ? ['--cpu', spec.cpu.join(',')] : []),
    ...(spec?.resources ? ['--resources'] : []),
  ];
  const reproduce = `Reproduce: ${runArgs.join(' ')}`;
  const goArgs = [
    'go',
    'test',
    "-run='^$'",
    `-bench=${shellQuote(bench)}`,
    `-count=${spec?.count ?? 10}`,
    ...(spec && spec.benchtime.length === 1 && spec.benchtime[0] !== '1s' ? [`-benchtime=${spec.benchtime[0]}`] : []),
    ...(spec?.packages.length ? spec.packages : ['./...']),
    '>',
    'new.txt',
  ];

  const fromFiles = ['benchstat', shellQuote(i.base.name), shellQuote(i.head.name)];
  if (i.format === 'markdown') {
    const body = [
      ...lines.map((l) => `- ${l}`),
      '',
      i.markdown.trimEnd(),
      '',
      `<sub>${measured}</sub>`,
      '',
      '```sh',
      imported ? fromFiles.join(' ') : reproduce.replace(/^Reproduce: /, ''),
      '```',
    ].join('\n');
    return { subject, body, text: `${subject}\n\n${body}\n`, format: 'markdown' };
  }
  const table = i.table
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `    ${l}` : ''))
    .join('\n');
  const body = [
    ...lines.flatMap((l) => wrap(l)),
    '',
    table,
    '',
    ...wrap(measured),
    '',
    ...(imported
      ? ['Reproduce the table from the imported files:', ...breakCommand(fromFiles)]
      : [
          'Reproduce:',
          ...breakCommand(runArgs),
          'or, with the base results in old.txt:',
          ...breakCommand(goArgs),
          '    benchstat old.txt new.txt',
        ]),
  ].join('\n');
  return { subject, body, text: `${subject}\n\n${body}\n`, format: 'text' };
}
