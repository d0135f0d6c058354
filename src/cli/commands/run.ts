// `perflab run`: start a benchmark matrix, show progress on stderr (a bar on a terminal,
// plain lines otherwise), print the run id (or the run as JSON) on stdout. Ctrl-C cancels the
// run: the benchmark process group is killed and what was measured is kept.
import type { Input, LabEvent } from '../../shared/api.js';
import { exitCodeFor } from '../../shared/errors.js';
import type { Lab } from '../../core/lab.js';
import { envArg, intArg, intListArg, listArg, parse, UsageError } from '../args.js';
import { formatDuration, ProgressView, type CliContext } from '../io.js';
import { pathArg, printJson, repoArg } from './common.js';
import { parseVariant } from './variant-arg.js';

export const RUN_OPTIONS = {
  repo: { type: 'string' },
  pkg: { type: 'string', multiple: true },
  bench: { type: 'string' },
  ref: { type: 'string', multiple: true },
  range: { type: 'string' },
  every: { type: 'string' },
  count: { type: 'string' },
  cpu: { type: 'string', multiple: true },
  benchtime: { type: 'string', multiple: true },
  tags: { type: 'string' },
  profile: { type: 'string', multiple: true },
  'profile-benchtime': { type: 'string' },
  resources: { type: 'boolean' },
  main: { type: 'string', multiple: true },
  args: { type: 'string', multiple: true },
  stdin: { type: 'string' },
  warmup: { type: 'string' },
  memprofilerate: { type: 'string' },
  blockprofilerate: { type: 'string' },
  mutexprofilefraction: { type: 'string' },
  env: { type: 'string', multiple: true },
  label: { type: 'string' },
  timeout: { type: 'string' },
  schedule: { type: 'string' },
  sequential: { type: 'boolean' },
  seed: { type: 'string' },
  variant: { type: 'string', multiple: true },
  'until-significant': { type: 'string' },
  'pgo-loop': { type: 'boolean' },
  gowork: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

export function runSpecFromArgs(ctx: CliContext, values: Record<string, unknown>, positionals: readonly string[]): Input<'startRun'> {
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (packages go in --pkg)`);
  const schedule = values.sequential ? 'sequential' : (values.schedule as string | undefined);
  if (schedule !== undefined && !['interleaved', 'sequential', 'shuffled'].includes(schedule))
    throw new UsageError(`--schedule must be interleaved, sequential or shuffled, not ${JSON.stringify(schedule)}`);
  const spec: Record<string, unknown> = {
    repo: repoArg(ctx, values.repo as string | undefined),
    packages: (values.pkg as string[] | undefined) ?? [],
    bench: (values.bench as string | undefined) ?? '.',
    main: values.main,
    args: values.args,
    stdin: values.stdin === undefined ? undefined : pathArg(ctx, values.stdin as string),
    warmup: intArg('--warmup', values.warmup as string | undefined),
    // --main alone times the programs only; --bench adds the benchmarks.
    commandsOnly: (values.main as string[] | undefined)?.length && values.bench === undefined ? true : undefined,
    refs: (values.ref as string[] | undefined) ?? ['WORKTREE'],
    count: intArg('--count', values.count as string | undefined),
    cpu: intListArg('--cpu', values.cpu as string[] | undefined),
    benchtime: listArg(values.benchtime as string[] | undefined),
    tags: values.tags,
    profile: listArg(values.profile as string[] | undefined),
    profileBenchtime: values['profile-benchtime'],
    resources: values.resources,
    memProfileRate: intArg('--memprofilerate', values.memprofilerate as string | undefined),
    blockProfileRate: intArg('--blockprofilerate', values.blockprofilerate as string | undefined),
    mutexProfileFraction: intArg('--mutexprofilefraction', values.mutexprofilefraction as string | undefined),
    env: envArg(values.env as string[] | undefined),
    label: values.label,
    timeout: values.timeout,
    schedule,
    seed: intArg('--seed', values.seed as string | undefined),
    variants: values['pgo-loop']
      ? [{ name: 'nopgo' }, { name: 'pgo', pgo: 'self' }, ...((values.variant as string[] | undefined)?.map(parseVariant) ?? [])]
      : (values.variant as string[] | undefined)?.map(parseVariant),
    untilSignificant: intArg('--until-significant', values['until-significant'] as string | undefined),
    gowork: values.gowork,
  };
  for (const k of Object.keys(spec)) if (spec[k] === undefined) delete spec[k];
  return spec as Input<'startRun'>;
}

export async function runCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, RUN_OPTIONS);
  let spec = runSpecFromArgs(ctx, values, positionals);
  if (values.range !== undefined) {
    if (values.ref !== undefined) throw new UsageError('--range A..B measures the commits of the range: leave out --ref');
    const every = intArg('--every', values.every) ?? 1;
    const r = await lab.api.rangeCommits({ repo: spec.repo, range: values.range, every });
    ctx.stderr.write(
      `range ${values.range}: ${r.commits.length} commits${r.skipped ? ` (every ${every}th, ${r.skipped} skipped)` : ''}, oldest first\n`,
    );
    spec = { ...spec, refs: r.commits.map((c) => c.sha), label: spec.label ?? `range ${values.range}` };
  } else if (values.every !== undefined) {
    throw new UsageError('--every goes with --range A..B');
  }
  return startAndWatch(lab, ctx, spec, values.json === true, values.verbose === true);
}

/** Starts a run and follows it to the end; returns the exit code for its outcome. */
export async function startAndWatch(
  lab: Lab,
  ctx: CliContext,
  spec: Input<'startRun'>,
  json: boolean,
  verbose: boolean,
  quietStdout = false,
): Promise<number> {
  const view = new ProgressView(ctx.stderr);
  const started = Date.now();
  let runId = 0;
  // Events of the new run can arrive before startRun returns its id: keep them until then.
  const early: LabEvent[] = [];
  const handle = (e: LabEvent) => {
    if (!('runId' in e) || e.runId !== runId) return;
    switch (e.type) {
      case 'run-progress':
        view.update(e.progress);
        break;
      case 'run-log':
        if (e.source === 'lab' || verbose) view.log(e.line);
        break;
      case 'run-queued':
        view.log(`run ${runId} is queued: waiting for ${e.behind}`);
        break;
      default:
        break;
    }
  };
  const unsubscribe = lab.subscribe((e) => {
    if (runId === 0) early.push(e);
    else handle(e);
  });
  const onAbort = () => {
    view.log(`canceling run ${runId}...`);
    void lab.api.cancelRun({ runId }).catch(() => undefined);
  };
  try {
    ({ runId } = await lab.api.startRun(spec));
    ctx.stderr.write(`run ${runId} started\n`);
    for (const e of early.splice(0)) handle(e);
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) onAbort();
    await lab.waitForRun(runId);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    unsubscribe();
    view.done();
  }
  const run = await lab.api.getRun({ run: runId });
  ctx.stderr.write(`run ${runId} ${run.status}: ${run.statusDetail.split('\n')[0]} (${formatDuration(Date.now() - started)})\n`);
  if (run.status === 'failed' && run.statusDetail.includes('\n')) ctx.stderr.write(`${run.statusDetail.split('\n').slice(1).join('\n')}\n`);
  for (const w of (run.environment?.warnings ?? []).filter((x) => x.severity === 'warning').slice(0, 10))
    ctx.stderr.write(`warning: ${w.message}\n`);
  for (const n of run.notes.filter((x) => x.startsWith('adaptive'))) ctx.stderr.write(`${n}\n`);
  for (const f of run.failures.filter((x) => x.kind !== 'skip').slice(0, 10)) {
    ctx.stderr.write(`  ${f.kind}: ${f.pkg}.${f.name} at ${f.refLabel}, round ${f.round}: ${f.message.split('\n')[0]}\n`);
  }
  if (!quietStdout && ctx.stderr.isTTY && run.resultCount > 0) await printSummary(lab, ctx, runId, run.refs.length);
  if (!quietStdout) {
    if (json) printJson(ctx, run);
    else ctx.stdout.write(`${runId}\n`);
  }
  switch (run.status) {
    case 'completed':
      return 0;
    case 'canceled':
      return 130;
    case 'failed':
      return run.error ? exitCodeFor(run.error) : 3;
    default:
      return 3;
  }
}

const SUMMARY_LINES = 60;

/**
 * The end-of-run summary for a person at a terminal, on stderr (stdout stays the run id or
 * JSON for scripts): benchstat's table of the run by ref, which is the comparison when the run
 * has two refs and the medians with their intervals when it has one.
 */
async function printSummary(lab: Lab, ctx: CliContext, runId: number, refs: number): Promise<void> {
  try {
    const out = await lab.api.compareRender({ runs: [runId], texts: [], format: 'text', deltaCi: refs === 2 });
    const lines = out.stdout.trimEnd().split('\n');
    ctx.stderr.write(`\n${lines.slice(0, SUMMARY_LINES).join('\n')}\n`);
    if (lines.length > SUMMARY_LINES) ctx.stderr.write(`... ${lines.length - SUMMARY_LINES} more lines: perflab compare ${runId}\n`);
    ctx.stderr.write('\n');
  } catch {
    // A summary is a convenience: the run and its exit code stand without it.
  }
}
