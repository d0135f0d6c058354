// `perflab compare (RUN|FILE)...`: benchstat's comparison of stored runs (columns by ref, cpu,
// benchtime, label or run) or Go benchmark files (columns by file). With files and no options
// the output is byte-identical to `benchstat FILE...`; `--format csv` to `benchstat -format csv`.
// A comparison of files only (no --repo) is run by ../compare-files.ts, without the lab.
import { resolve } from 'node:path';
import type { Input } from '../../shared/api.js';
import { MAX_BENCH_TEXT_BYTES, readTextBounded } from '../../core/fs/safe-read.js';
import type { Lab } from '../../core/lab.js';
import { labelInputs } from '../../core/compare/index.js';
import { numArg } from '../args.js';
import { isRunArg, parseCompareArgs } from '../compare-files.js';
import type { CliContext } from '../io.js';
import { pathArg } from './common.js';

export async function compareCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals, by, format } = parseCompareArgs(args);
  const runs: (number | 'latest')[] = [];
  const fileArgs: string[] = [];
  for (const a of positionals) {
    if (isRunArg(a, ctx.cwd)) runs.push(a === 'latest' ? 'latest' : Number(a));
    else fileArgs.push(a);
  }
  const texts: { name: string; text: string; path: string }[] = [];
  for (const { path, label } of labelInputs(fileArgs)) {
    texts.push({
      name: label,
      path,
      text: await readTextBounded(resolve(ctx.cwd, path), { maxBytes: MAX_BENCH_TEXT_BYTES, shownPath: path }),
    });
  }
  const input: Input<'compare'> = {
    runs,
    texts,
    by,
    filter: values.filter,
    alpha: numArg('--alpha', values.alpha),
    confidence: numArg('--confidence', values.confidence),
    holm: values.holm,
    tolerance: numArg('--tolerance', values.tolerance),
    repo: values.repo ? pathArg(ctx, values.repo) : undefined,
    row: values.row,
    col: values.col,
    table: values.table,
    ignore: values.ignore,
  };
  for (const k of Object.keys(input) as (keyof typeof input)[]) if (input[k] === undefined) delete input[k];
  // Stored runs that compare to nothing never print nothing and pass (files keep benchstat's
  // behaviour, which prints nothing): the filter left no row.
  const nothing = () => {
    if (texts.length > 0) return false;
    ctx.stderr.write(`perflab compare: no result of run ${runs.join(', ')} matches ${JSON.stringify(values.filter ?? '*')}\n`);
    return true;
  };
  if (format === 'json') {
    const c = await lab.api.compare(input);
    if (c.tables.length === 0 && nothing()) return 2;
    ctx.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
    return 0;
  }
  const out = await lab.api.compareRender({ ...input, format, deltaCi: values['delta-ci'] === true });
  ctx.stderr.write(out.stderr);
  if (out.stdout.trim() === '' && nothing()) return 2;
  ctx.stdout.write(out.stdout);
  return 0;
}
