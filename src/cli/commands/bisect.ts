// `perflab bisect --good REF --bad REF --bench RE [...]`: statistical bisect. Progress (each
// step as it starts and ends, the current run's bar) on stderr; the report (first bad commit,
// evidence, steps, commands to reproduce) or `--json` on stdout. Exit 0 found, 1 bad is not
// worse than good beyond the threshold, 4 undecided (an interval it could not split), 3 could
// not measure, 2 bad input, 130 canceled. `bisect list` and `bisect show ID` read stored
// bisects (any lab process's, running or ended).
import type { LabEvent } from '../../shared/api.js';
import type { BisectReport } from '../../shared/bisect-types.js';
import { exitCodeFor } from '../../shared/errors.js';
import type { Lab } from '../../core/lab.js';
import { bisectStepLine, bisectText } from '../../core/workflow/bisect-text.js';
import { envArg, intArg, intListArg, listArg, numArg, parse, UsageError } from '../args.js';
import { formatDuration, ProgressView, table, type CliContext } from '../io.js';
import { printJson, repoArg } from './common.js';

export const BISECT_OPTIONS = {
  repo: { type: 'string' },
  good: { type: 'string' },
  bad: { type: 'string' },
  bench: { type: 'string' },
  pkg: { type: 'string', multiple: true },
  unit: { type: 'string' },
  threshold: { type: 'string' },
  alpha: { type: 'string' },
  count: { type: 'string' },
  'max-count': { type: 'string' },
  benchtime: { type: 'string', multiple: true },
  cpu: { type: 'string' },
  env: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const USAGE =
  'usage: perflab bisect [--repo PATH] --good REF --bad REF --bench RE [--pkg PKG]... [--unit U] [--threshold PCT]\n' +
  '       [--count N] [--max-count M] [--benchtime D] [--cpu N] [--env K=V]... [--json]';

export function bisectExitCode(r: BisectReport): number {
  switch (r.status) {
    case 'found':
      return 0;
    case 'not-worse':
      return 1;
    case 'undecided':
      return 4;
    case 'canceled':
      return 130;
    case 'failed':
      return r.error ? exitCodeFor(r.error) : 3;
    case 'running':
    case 'interrupted':
      return 3;
  }
}

const SHOW_OPTIONS = { json: { type: 'boolean' } } as const;

/** `bisect list`: the stored bisects, newest first. */
async function listCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, SHOW_OPTIONS);
  if (positionals.length)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: perflab bisect list [--json]`);
  const all = await lab.api.listBisects({});
  if (values.json) {
    printJson(ctx, all);
    return 0;
  }
  if (all.length === 0) {
    ctx.stderr.write('no bisects yet: perflab bisect --good REF --bad REF --bench RE\n');
    return 0;
  }
  const rows = all.map((r) => [
    String(r.id),
    r.status,
    `${r.good.sha.slice(0, 12)}..${r.bad.sha.slice(0, 12)}`,
    r.settings.bench,
    r.startedAt.slice(0, 16).replace('T', ' '),
    r.firstBad ? `${r.firstBad.sha.slice(0, 12)} ${r.firstBad.subject}` : r.message,
  ]);
  ctx.stdout.write(table([['ID', 'STATUS', 'GOOD..BAD', 'BENCH', 'STARTED', 'RESULT'], ...rows]));
  return 0;
}

/** `bisect show ID`: a stored bisect's report, as the bisect printed it (or as it stands). */
async function showCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, SHOW_OPTIONS);
  const usage = 'usage: perflab bisect show ID [--json]';
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length ? `unexpected argument ${JSON.stringify(positionals[1])}\n${usage}` : `ID is required\n${usage}`,
    );
  const id = intArg('ID', positionals[0]);
  if (id === undefined || id <= 0) throw new UsageError(`ID must be a positive integer, got ${JSON.stringify(positionals[0])}\n${usage}`);
  const report = await lab.api.bisectStatus({ id });
  if (values.json) printJson(ctx, report);
  else ctx.stdout.write(bisectText(report));
  return 0;
}

export async function bisectCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  if (args[0] === 'list') return listCommand(lab, ctx, args.slice(1));
  if (args[0] === 'show') return showCommand(lab, ctx, args.slice(1));
  const { values, positionals } = parse(args, BISECT_OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\n${USAGE}`);
  for (const k of ['good', 'bad', 'bench'] as const) if (!values[k]) throw new UsageError(`--${k} is required\n${USAGE}`);
  const cpu = intListArg('--cpu', values.cpu === undefined ? undefined : [values.cpu]);
  if (cpu && cpu.length > 1) throw new UsageError('--cpu takes one value for bisect (one series per benchmark)');
  const input: Record<string, unknown> = {
    repo: repoArg(ctx, values.repo),
    good: values.good,
    bad: values.bad,
    bench: values.bench,
    packages: values.pkg ?? [],
    unit: values.unit,
    thresholdPct: numArg('--threshold', values.threshold),
    alpha: numArg('--alpha', values.alpha),
    count: intArg('--count', values.count),
    maxCount: intArg('--max-count', values['max-count']),
    benchtime: listArg(values.benchtime),
    cpu,
    env: envArg(values.env),
    timeout: values.timeout,
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];

  const view = new ProgressView(ctx.stderr);
  const started = Date.now();
  let id = 0;
  let runId: number | null = null;
  const printed = new Map<number, string>();
  const early: LabEvent[] = [];
  const handle = (e: LabEvent) => {
    if (e.type === 'bisect-update' && e.bisectId === id) {
      for (const st of e.report.steps) {
        if (printed.get(st.index) === st.state) continue;
        printed.set(st.index, st.state);
        if (st.state === 'measuring') {
          if (st.runId !== null) {
            runId = st.runId;
            view.log(
              `step ${st.index + 1}: ` +
                (st.kind === 'confirm' ? 'confirming bad vs good' : `measuring ${st.sha.slice(0, 12)} ${st.subject.slice(0, 60)}`) +
                ` (run ${st.runId})`,
            );
          } else printed.delete(st.index);
        } else view.log(bisectStepLine(e.report, st));
      }
    } else if (e.type === 'run-progress' && e.runId === runId) view.update(e.progress);
    else if (e.type === 'run-queued' && e.runId === runId) view.log(`run ${runId} is queued: waiting for ${e.behind}`);
  };
  const off = lab.subscribe((e) => (id === 0 ? early.push(e) : handle(e)));
  const onAbort = () => {
    view.log(`canceling bisect ${id}...`);
    void lab.api.cancelBisect({ id }).catch(() => undefined);
  };
  let report: BisectReport;
  try {
    const first = await lab.api.startBisect(input as Parameters<Lab['api']['startBisect']>[0]);
    id = first.id;
    ctx.stderr.write(
      `bisect ${id}: ${first.commits.length} commits after ${first.good.sha.slice(0, 12)} up to ${first.bad.sha.slice(0, 12)}\n`,
    );
    for (const e of early.splice(0)) handle(e);
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) onAbort();
    report = await lab.waitForBisect(id);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    off();
    view.done();
  }
  ctx.stderr.write(`bisect ${id} ${report.status} (${formatDuration(Date.now() - started)})\n`);
  if (report.status === 'failed') ctx.stderr.write(`${report.message}\n`);
  if (report.error?.code === 'BuildFailed') ctx.stderr.write(`${report.error.detail.output.slice(0, 4000)}\n`);
  if (values.json) printJson(ctx, report);
  else ctx.stdout.write(bisectText(report));
  return bisectExitCode(report);
}
