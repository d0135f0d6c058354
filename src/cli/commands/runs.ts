// `perflab runs [--repo PATH] [--json]` and `perflab show RUN [--format text|json|benchfmt|csv]`.
import type { Lab } from '../../core/lab.js';
import type { ResultRow, RunDetail } from '../../shared/models.js';
import { parse, runArg, UsageError } from '../args.js';
import { table, type CliContext } from '../io.js';
import { pathArg, printJson } from './common.js';
import { refDisplay } from '../../shared/ref-match.js';

export async function runsCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values } = parse(args, { repo: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } }, false);
  const runs = await lab.api.listRuns({
    repo: values.repo ? pathArg(ctx, values.repo) : undefined,
    limit: values.limit ? Number(values.limit) : 200,
  });
  if (values.json) {
    printJson(ctx, runs);
    return 0;
  }
  if (runs.length === 0) {
    ctx.stdout.write('no runs yet: perflab run --repo PATH --bench REGEX\n');
    return 0;
  }
  // Runs of several repositories (no --repo): a REPO column, by directory name unless two share one.
  const paths = [...new Set(runs.map((r) => r.repoPath))];
  const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
  const short = new Set(paths.map(base)).size === paths.length;
  const repoCol = paths.length > 1 ? (r: (typeof runs)[number]) => [short ? base(r.repoPath) : r.repoPath] : () => [];
  ctx.stdout.write(
    table([
      ['ID', ...(paths.length > 1 ? ['REPO'] : []), 'STATUS', 'RESULTS', 'REFS', 'CREATED', 'LABEL'],
      ...runs.map((r) => [
        String(r.id),
        ...repoCol(r),
        r.status,
        String(r.resultCount),
        r.refs.map((x) => refDisplay(x)).join(' '),
        r.createdAt.replace('T', ' ').slice(0, 19),
        r.label,
      ]),
    ]),
  );
  return 0;
}

export async function showCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1)
    throw new UsageError(
      'usage: perflab show RUN [--format text|json|benchfmt|csv|github-action-benchmark|github-action-benchmark-bigger|bmf]',
    );
  const run = runArg(positionals[0]);
  const format = values.json ? 'json' : (values.format ?? 'text');
  switch (format) {
    case 'benchfmt':
    case 'csv':
    case 'json':
    case 'github-action-benchmark':
    case 'github-action-benchmark-bigger':
    case 'bmf':
      ctx.stdout.write((await lab.api.exportRun({ run, format })).text);
      return 0;
    case 'text': {
      const detail = await lab.api.getRun({ run });
      const results = await lab.api.getResults({ run: detail.id });
      ctx.stdout.write(showText(detail, results));
      return 0;
    }
    default:
      throw new UsageError(
        `--format must be text, json, benchfmt, csv, github-action-benchmark, github-action-benchmark-bigger or bmf, not ${JSON.stringify(format)}`,
      );
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmtValue(v: number, unit: string): string {
  if (unit === 'sec/op') {
    const units: [number, string][] = [
      [1, 's'],
      [1e-3, 'ms'],
      [1e-6, 'µs'],
      [1e-9, 'ns'],
    ];
    for (const [f, u] of units) if (Math.abs(v) >= f || f === 1e-9) return `${(v / f).toPrecision(4)}${u}`;
  }
  return `${Number(v.toPrecision(4))} ${unit}`;
}

/** A human summary: run header, notes, failures, and the median of each cell. */
export function showText(d: RunDetail, results: readonly ResultRow[]): string {
  const lines: string[] = [];
  lines.push(`run ${d.id}${d.label ? ` "${d.label}"` : ''}: ${d.status}${d.statusDetail ? ` (${d.statusDetail.split('\n')[0]})` : ''}`);
  if (d.repoPath) lines.push(`repository: ${d.repoPath}`);
  lines.push(`created: ${d.createdAt}${d.finishedAt ? `, finished: ${d.finishedAt}` : ''}`);
  for (const r of d.refs) lines.push(`ref ${r.label}: ${r.sha || '(file)'}${r.dirty ? ' with uncommitted changes' : ''}`);
  if (d.spec && !d.spec.commandsOnly) {
    lines.push(
      `matrix: -bench ${JSON.stringify(d.spec.bench)} -count ${d.spec.count} -benchtime ${d.spec.benchtime.join(',')}${d.spec.cpu.length ? ` -cpu ${d.spec.cpu.join(',')}` : ''}${d.spec.tags ? ` -tags ${d.spec.tags}` : ''}${d.spec.resources ? ' with resource runs' : ''}`,
    );
  }
  if (d.spec?.main?.length) {
    lines.push(
      `commands: ${d.spec.main.join(', ')}${d.spec.args?.length ? ` x ${d.spec.args.length} argument sets` : ''} -count ${d.spec.count}${d.spec.warmup ? ` after ${d.spec.warmup} warmup runs` : ''}`,
    );
  }
  if (d.environment)
    lines.push(
      `environment: ${d.environment.goVersion} ${d.environment.goos}/${d.environment.goarch}, ${d.environment.cpuModel} x${d.environment.cpuCount}`,
    );
  for (const w of d.environment?.warnings ?? []) lines.push(`warning: ${w.message}`);
  for (const n of d.notes) lines.push(`note: ${n}`);
  for (const f of d.failures.filter((x) => x.kind !== 'skip'))
    lines.push(`failed: ${f.pkg}.${f.name} at ${f.refLabel} round ${f.round} (${f.kind}): ${f.message.split('\n')[0]}`);
  lines.push('');
  const groups = new Map<
    string,
    { pkg: string; name: string; cpu: number; benchtime: string; ref: string; values: Map<string, number[]> }
  >();
  for (const r of results) {
    const key = `${r.pkg}\0${r.name}\0${r.cpu}\0${r.benchtime}\0${r.refLabel}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { pkg: r.pkg, name: r.name, cpu: r.cpu, benchtime: r.benchtime, ref: r.refLabel, values: new Map() }));
    for (const m of r.metrics) {
      const arr = g.values.get(m.unit) ?? [];
      arr.push(m.value);
      g.values.set(m.unit, arr);
    }
  }
  const rows: string[][] = [['BENCHMARK', 'CPU', 'BENCHTIME', 'REF', 'N', 'MEDIANS']];
  for (const g of groups.values()) {
    const n = Math.max(0, ...[...g.values.values()].map((v) => v.length));
    rows.push([
      `${g.pkg ? `${g.pkg}.` : ''}${g.name}`,
      String(g.cpu),
      g.benchtime,
      g.ref,
      String(n),
      [...g.values].map(([u, v]) => fmtValue(median(v), u)).join('  '),
    ]);
  }
  lines.push(table(rows).trimEnd());
  return `${lines.join('\n')}\n`;
}
