// `perflab bench list [--repo PATH] [--json]`: packages and their benchmarks, read statically
// (go list and the _test.go sources; nothing of the repository runs).
import type { Lab } from '../../core/lab.js';
import { parse, UsageError } from '../args.js';
import type { CliContext } from '../io.js';
import { printJson, repoArg } from './common.js';

export async function benchCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError('usage: perflab bench list [--repo PATH] [--json]');
  const { values } = parse(rest, { repo: { type: 'string' }, json: { type: 'boolean' } }, false);
  const pkgs = await lab.api.listPackages({ repo: repoArg(ctx, values.repo) });
  if (values.json) {
    printJson(ctx, pkgs);
    return 0;
  }
  for (const p of pkgs) {
    const note = !p.hasTests ? ' (no test files)' : p.benchmarks.length === 0 ? ' (no benchmarks)' : '';
    ctx.stdout.write(`${p.importPath}${note}\n`);
    for (const b of p.benchmarks) ctx.stdout.write(`  ${b}\n`);
  }
  return 0;
}
