// `perflab changes RUN [--bench RE] [--unit U] [--threshold PCT] [--alpha A] [--json]`: where a
// run's series steps over its columns in order (a `run --range A..B` run: its commits oldest
// first). Prints one line per change point with its commit, subject, delta and interval.
import type { Lab } from '../../core/lab.js';
import { formatGoFloat } from '../../core/benchunit/index.js';
import { numArg, parse, runArg, UsageError } from '../args.js';
import { table, type CliContext } from '../io.js';
import { printJson } from './common.js';

const pct = (v: number | null) => (v === null ? '?' : `${v >= 0 ? '+' : '-'}${formatGoFloat(Math.abs(v), 2)}%`);

export async function changesCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    bench: { type: 'string' },
    unit: { type: 'string' },
    threshold: { type: 'string' },
    alpha: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: perflab changes RUN [--bench RE] [--unit UNIT] [--threshold PCT] [--alpha A] [--json]');
  const run = runArg(positionals[0]);
  const d = await lab.api.getRun({ run });
  if (d.status !== 'completed') {
    ctx.stderr.write(`changes: run ${d.id} is ${d.status}: only a completed run has a whole series\n`);
    return 3;
  }
  const report = await lab.api.changes({
    run: d.id,
    bench: values.bench,
    unit: values.unit,
    thresholdPct: numArg('--threshold', values.threshold),
    alpha: numArg('--alpha', values.alpha),
  });
  if (values.json) {
    printJson(ctx, report);
    return 0;
  }
  const head = `changes in run ${report.runId}: ${report.series} series over ${report.columns.length} commits, alpha ${report.alpha}, threshold ${report.thresholdPct}%`;
  if (report.changes.length === 0) {
    ctx.stdout.write(`${head}\nno change point: no step is significant after correction and at least ${report.thresholdPct}%\n`);
    return 0;
  }
  ctx.stdout.write(`${head}\n`);
  ctx.stdout.write(
    table([
      ['BENCHMARK', 'UNIT', 'COMMIT', 'DELTA', 'INTERVAL', 'P', 'SUBJECT'],
      ...report.changes.map((c) => [
        c.bench,
        c.unit,
        c.sha.slice(0, 12),
        `${pct(c.delta)}${c.regression === true ? ' (worse)' : c.regression === false ? ' (better)' : ''}`,
        `[${pct(c.lo)}, ${pct(c.hi)}]`,
        c.p < 0.001 ? '<0.001' : formatGoFloat(c.p, 3),
        c.subject.slice(0, 60),
      ]),
    ]),
  );
  return 0;
}
