// The perf workflow on the command line: `export commit`, `gate`, `history` (`investigate` is investigate.ts).
import type { Input } from '../../shared/api.js';
import type { GateReport } from '../../shared/workflow-types.js';
import type { Lab } from '../../core/lab.js';
import { intArg, numArg, parse, runArg, UsageError } from '../args.js';
import { table, type CliContext } from '../io.js';
import { pathArg, printJson, scaledWithInterval } from './common.js';
import { RUN_OPTIONS, runSpecFromArgs, startAndWatch } from './run.js';
import { gateToJunit, gateToMarkdown } from '../../core/workflow/gate-formats.js';

export async function exportCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'commit')
    throw new UsageError(
      'usage: perflab export commit RUN [--base REF --head REF] [--scope TEXT] [--summary TEXT] [--style conventional|go] [--format text|markdown]',
    );
  const { values, positionals } = parse(rest, {
    base: { type: 'string' },
    head: { type: 'string' },
    scope: { type: 'string' },
    summary: { type: 'string' },
    style: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    trailer: { type: 'string', multiple: true },
  });
  if (positionals.length !== 1) throw new UsageError('usage: perflab export commit RUN [--base REF --head REF]');
  const style = values.style ?? 'conventional';
  if (style !== 'conventional' && style !== 'go' && style !== 'improvements')
    throw new UsageError(`--style must be conventional, go or improvements, not ${JSON.stringify(style)}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'markdown') throw new UsageError(`--format must be text or markdown, not ${JSON.stringify(format)}`);
  const msg = await lab.api.exportCommit({
    run: runArg(positionals[0]),
    base: values.base,
    head: values.head,
    scope: values.scope,
    summary: values.summary,
    style,
    format,
    trailers: values.trailer ?? [],
  });
  if (values.json) printJson(ctx, msg);
  else ctx.stdout.write(msg.text);
  return 0;
}

/** `gate RUN [--baseline NAME|RUN]` or `gate --base REF --head REF [run flags]`: exit 1 on a
 * regression beyond budget (wins), 4 when nothing regressed but some checked row is undecided
 * (unless --allow-undecided), 3 when it could not measure, 2 for an environment mismatch with
 * the baseline (unless --allow-env-mismatch). */
export async function gateCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...RUN_OPTIONS,
    base: { type: 'string' },
    head: { type: 'string' },
    'max-regression': { type: 'string' },
    strict: { type: 'boolean' },
    'allow-undecided': { type: 'boolean' },
    baseline: { type: 'string' },
    'allow-env-mismatch': { type: 'boolean' },
    format: { type: 'string' },
  });
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (!['text', 'json', 'markdown', 'junit'].includes(format))
    throw new UsageError(`--format must be text, json, markdown or junit, not ${JSON.stringify(format)}`);
  if (values.baseline !== undefined && (values.base !== undefined || values.head !== undefined))
    throw new UsageError('--baseline compares a run with a stored baseline: use perflab gate RUN --baseline NAME|RUN');
  const maxRegression = numArg('--max-regression', values['max-regression']);
  let run: number | 'latest';
  if (values.base !== undefined || values.head !== undefined) {
    if (!values.base || !values.head || positionals.length)
      throw new UsageError('usage: perflab gate --base REF --head REF [run flags] (or: perflab gate RUN)');
    const spec = runSpecFromArgs(ctx, { ...values, ref: [values.base, values.head] }, []);
    // A gate no budget applies to checks nothing (exit 2): say so before measuring anything.
    if (maxRegression === undefined && spec.repo !== undefined) {
      const at = (await lab.api.getBudgets({ repo: spec.repo, ref: values.base })).atRef;
      if (at && at.budgets === 0 && at.maxRegression === null) {
        ctx.stderr.write(
          `gate: nothing to check: no budget in perflab.json at ${values.base} (${at.sha.slice(0, 12)}) or set through the API, and no --max-regression; nothing was measured\n`,
        );
        return 2;
      }
    }
    const reused = await findReusableRun(lab, spec);
    if (reused !== null) {
      ctx.stderr.write(`reusing run ${reused} (same refs, commits and matrix)\n`);
      run = reused;
    } else {
      const code = await startAndWatch(
        lab,
        ctx,
        { ...spec, label: spec.label ?? `gate ${values.base}..${values.head}` },
        false,
        values.verbose === true,
        true,
      );
      if (code !== 0) {
        ctx.stderr.write('gate: could not measure (the run did not complete)\n');
        return code === 2 ? 2 : 3;
      }
      run = 'latest';
    }
  } else {
    if (positionals.length !== 1)
      throw new UsageError(
        'usage: perflab gate RUN [--max-regression PCT] [--strict] [--allow-undecided] [--baseline NAME|RUN [--allow-env-mismatch]]',
      );
    run = runArg(positionals[0]);
  }
  const d = await lab.api.getRun({ run });
  if (d.status !== 'completed' || (d.failedCells > 0 && d.resultCount === 0)) {
    ctx.stderr.write(`gate: could not measure: run ${d.id} is ${d.status}${d.statusDetail ? ` (${d.statusDetail.split('\n')[0]})` : ''}\n`);
    return 3;
  }
  const missing = d.notes.filter((n) => / is missing in /.test(n));
  const baseline = values.baseline === undefined ? undefined : /^\d+$/.test(values.baseline) ? Number(values.baseline) : values.baseline;
  const report = await lab.api.gate({
    run: d.id,
    maxRegression,
    strict: values.strict === true,
    allowUndecided: values['allow-undecided'] === true,
    baseline,
    allowEnvMismatch: values['allow-env-mismatch'] === true,
  });
  const labelOf = (pos: 'base' | 'head') => {
    const r = pos === 'base' ? d.refs[0] : d.refs[d.refs.length - 1];
    return r ? `${r.label}@${r.sha.slice(0, 12)}` : pos;
  };
  const formatCtx = {
    base: values.baseline !== undefined ? `baseline ${values.baseline}` : labelOf('base'),
    head: labelOf('head'),
    allowUndecided: values['allow-undecided'] === true,
    command: `perflab ${['gate', ...args].join(' ')}`,
  };
  if (format === 'json') printJson(ctx, report);
  else if (format === 'markdown') ctx.stdout.write(gateToMarkdown(report, formatCtx));
  else if (format === 'junit') ctx.stdout.write(gateToJunit(report, formatCtx));
  else ctx.stdout.write(report.text);
  if (missing.length) ctx.stderr.write(`${missing.join('\n')}\n`);
  return GATE_EXIT[report.status];
}

/** The gate's exit status: stable, CI scripts read it (docs/cli.md). */
const GATE_EXIT: Record<GateReport['status'], number> = { passed: 0, failed: 1, 'nothing checked': 2, undecided: 4 };

/** `baseline set NAME RUN [--ref REF]` | `baseline list [--json]`. */
export async function baselineCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, { ref: { type: 'string' }, json: { type: 'boolean' } });
  if (sub === 'set') {
    if (positionals.length !== 2) throw new UsageError('usage: perflab baseline set NAME RUN [--ref REF]');
    const b = await lab.api.baselineSet({ name: positionals[0], run: runArg(positionals[1]), ref: values.ref });
    if (values.json) printJson(ctx, b);
    else ctx.stdout.write(`baseline ${b.name}: run ${b.runId} ${b.refLabel} (${b.sha.slice(0, 12)})\n`);
    return 0;
  }
  if (sub === 'list' && positionals.length === 0) {
    const list = await lab.api.baselineList({});
    if (values.json) printJson(ctx, list);
    else
      ctx.stdout.write(
        table([
          ['NAME', 'RUN', 'REF', 'COMMIT', 'GO', 'SET'],
          ...list.map((b) => [
            b.name,
            String(b.runId),
            b.refLabel,
            b.sha.slice(0, 12),
            b.goVersion ?? '-',
            b.createdAt.slice(0, 19).replace('T', ' '),
          ]),
        ]),
      );
    return 0;
  }
  throw new UsageError('usage: perflab baseline set NAME RUN [--ref REF] | perflab baseline list [--json]');
}

async function findReusableRun(lab: Lab, spec: Input<'startRun'>): Promise<number | null> {
  if ((spec.refs ?? []).includes('WORKTREE')) return null;
  const runs = await lab.api.listRuns({ repo: spec.repo, limit: 50 });
  const refs = await lab.api.listRefs({ repo: spec.repo, limit: 500 });
  const shaOf = (name: string) => refs.find((r) => r.name === name)?.sha ?? (/^[0-9a-f]{40}$/.test(name) ? name : null);
  const want = (spec.refs ?? []).map(shaOf);
  if (want.some((s) => s === null)) return null;
  for (const r of runs) {
    if (r.status !== 'completed' || !r.spec) continue;
    if (r.refs.length !== want.length || r.refs.some((x, i) => x.sha !== want[i] || x.variant !== null)) continue;
    const s = r.spec;
    if (
      s.bench !== (spec.bench ?? '.') ||
      s.count !== (spec.count ?? 6) ||
      JSON.stringify(s.benchtime) !== JSON.stringify(spec.benchtime ?? ['1s']) ||
      JSON.stringify(s.packages) !== JSON.stringify(spec.packages ?? []) ||
      JSON.stringify(s.cpu) !== JSON.stringify(spec.cpu ?? [])
    )
      continue;
    return r.id;
  }
  return null;
}

export async function historyCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    repo: { type: 'string' },
    unit: { type: 'string' },
    order: { type: 'string' },
    cpu: { type: 'string' },
    benchtime: { type: 'string' },
    json: { type: 'boolean' },
    changes: { type: 'boolean' },
    check: { type: 'boolean' },
    threshold: { type: 'string' },
    alpha: { type: 'string' },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      'usage: perflab history NAME [--repo PATH] [--unit UNIT] [--order date|commit]\n' +
        '       [--changes [--check] [--threshold PCT]] [--json]',
    );
  }
  if (values.changes || values.check) return historyChangesCommand(lab, ctx, positionals[0], values);
  if (values.threshold !== undefined || values.alpha !== undefined) throw new UsageError('--threshold and --alpha go with --changes');
  const order = values.order ?? 'date';
  if (order !== 'date' && order !== 'commit') throw new UsageError(`--order must be date or commit, not ${JSON.stringify(order)}`);
  const h = await lab.api.history({
    name: positionals[0],
    repo: values.repo ? pathArg(ctx, values.repo) : undefined,
    unit: values.unit ?? 'sec/op',
    order,
    cpu: intArg('--cpu', values.cpu),
    benchtime: values.benchtime,
  });
  if (values.json) {
    printJson(ctx, h);
    return 0;
  }
  ctx.stdout.write(
    `${h.name} ${h.unit} (-cpu ${h.cpu}, -benchtime ${h.benchtime}, ${h.build}), ${h.points.length} points in ${order} order\n`,
  );
  for (const o of h.otherBuilds) ctx.stdout.write(`left out: ${runList(o.runIds)} (built otherwise: ${o.build})\n`);
  ctx.stdout.write(
    table([
      ['RUN', 'DATE', 'REF', 'COMMIT', h.unit, 'CI', 'N'],
      ...h.points.map((p) => {
        const v = scaledWithInterval(h.unit, p.center, p.lo, p.hi);
        // a range or bisect column is labelled by its full SHA: 12 digits, as everywhere else
        const ref = /^[0-9a-f]{40,64}$/.test(p.refLabel) ? p.refLabel.slice(0, 12) : p.refLabel;
        return [String(p.runId), p.date.slice(0, 19).replace('T', ' '), ref, p.sha.slice(0, 12), v.center, v.ci, String(p.n)];
      }),
    ]),
  );
  return 0;
}

/** `run 7` or `runs 3, 7`. */
function runList(ids: readonly number[]): string {
  return `${ids.length === 1 ? 'run' : 'runs'} ${ids.join(', ')}`;
}

/** `history NAME --changes [--check]`: change points over stored history on one machine; --check exits 1 on a regression at the
 * newest commit. */
async function historyChangesCommand(
  lab: Lab,
  ctx: CliContext,
  name: string,
  values: {
    repo?: string;
    unit?: string;
    order?: string;
    cpu?: string;
    benchtime?: string;
    json?: boolean;
    check?: boolean;
    threshold?: string;
    alpha?: string;
  },
): Promise<number> {
  if (values.order !== undefined && values.order !== 'commit') {
    throw new UsageError('--changes orders the series by commit (by date when the commits are unknown): leave out --order');
  }
  const r = await lab.api.historyChanges({
    name,
    repo: values.repo ? pathArg(ctx, values.repo) : undefined,
    unit: values.unit ?? 'sec/op',
    cpu: intArg('--cpu', values.cpu),
    benchtime: values.benchtime,
    thresholdPct: numArg('--threshold', values.threshold),
    alpha: numArg('--alpha', values.alpha),
  });
  // --check: 1 a regression at the newest commit, 4 a step that could not be decided (measured alone), else 0.
  const code = values.check && r.check.regression ? 1 : values.check && r.check.undecided ? 4 : 0;
  if (values.json) {
    printJson(ctx, r);
    return code;
  }
  const pct = (v: number | null) => (v === null ? '?' : `${v >= 0 ? '+' : '-'}${Math.abs(v).toFixed(1)}%`);
  ctx.stdout.write(
    `${r.name} ${r.unit} (-cpu ${r.cpu}, -benchtime ${r.benchtime}, ${r.build}): ${r.columns.length} commits in ${r.order} order, ` +
      `measured on ${r.machine}; ` +
      `alpha ${r.alpha}, threshold ${r.thresholdPct}%\n`,
  );
  if (r.excludedRuns.length) ctx.stdout.write(`left out: run ${r.excludedRuns.join(', ')} (another machine or Go)\n`);
  for (const o of r.otherBuilds) ctx.stdout.write(`left out: ${runList(o.runIds)} (built otherwise: ${o.build})\n`);
  if (r.excludedDirty) ctx.stdout.write(`left out: ${r.excludedDirty} column(s) with uncommitted changes\n`);
  if (r.changes.length === 0) {
    ctx.stdout.write(`no change point: no step is significant after correction and at least ${r.thresholdPct}%\n`);
  } else {
    ctx.stdout.write(
      table([
        ['COMMIT', 'DELTA', 'INTERVAL', 'P', 'SUBJECT'],
        ...r.changes.map((c) => [
          c.sha.slice(0, 12),
          `${pct(c.delta)}${c.regression === true ? ' (worse)' : c.regression === false ? ' (better)' : ''}`,
          `[${pct(c.lo)}, ${pct(c.hi)}]`,
          c.p < 0.001 ? '<0.001' : c.p.toFixed(3),
          c.subject.slice(0, 60),
        ]),
      ]),
    );
  }
  if (values.check)
    ctx.stdout.write(`check: ${r.check.regression ? 'REGRESSION' : r.check.undecided ? 'UNDECIDED' : 'ok'}: ${r.check.reason}\n`);
  return code;
}
