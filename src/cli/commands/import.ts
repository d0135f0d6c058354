// `perflab import FILE... [--label TEXT] [--json]`: Go benchmark text becomes a stored run.
import { basename, resolve } from 'node:path';
import { MAX_BENCH_TEXT_BYTES, readTextBounded } from '../../core/fs/safe-read.js';
import type { Lab } from '../../core/lab.js';
import { parse, UsageError } from '../args.js';
import type { CliContext } from '../io.js';
import { printJson } from './common.js';

export async function importCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { label: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('usage: perflab import FILE... [--label TEXT]');
  const files = [];
  for (const p of positionals) {
    const path = resolve(ctx.cwd, p);
    const text = await readTextBounded(path, { maxBytes: MAX_BENCH_TEXT_BYTES, shownPath: p });
    files.push({ name: basename(p), text });
  }
  const r = await lab.api.importBenchfmt({ files, label: values.label ?? '' });
  for (const e of r.syntaxErrors.slice(0, 20)) ctx.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
  if (r.syntaxErrors.length > 20) ctx.stderr.write(`... and ${r.syntaxErrors.length - 20} more syntax errors\n`);
  if (values.json) printJson(ctx, r);
  else {
    ctx.stderr.write(`imported ${r.results} results as run ${r.runId}\n`);
    ctx.stdout.write(`${r.runId}\n`);
  }
  return 0;
}
