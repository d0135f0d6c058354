// `perflab bench list [--repo PATH] [--tags TAGS] [--json]`: packages and their benchmarks:
// before trust from a static scan (go list and the _test.go sources; nothing of the repository
// runs), after trust from each test binary's -test.list. Each package says which.
import type { Lab } from '../../core/lab.js';
import { parse, UsageError } from '../args.js';
import type { CliContext } from '../io.js';
import { printJson, repoArg } from './common.js';

export async function benchCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError('usage: perflab bench list [--repo PATH] [--tags TAGS] [--json]');
  const { values } = parse(rest, { repo: { type: 'string' }, tags: { type: 'string' }, json: { type: 'boolean' } }, false);
  const pkgs = await lab.api.listPackages({ repo: repoArg(ctx, values.repo), ...(values.tags !== undefined ? { tags: values.tags } : {}) });
  if (values.json) {
    printJson(ctx, pkgs);
    return 0;
  }
  for (const p of pkgs) {
    const source = p.source === 'binary' ? 'go test -list' : `static scan${p.listError ? `; ${p.listError}` : ''}`;
    const note = !p.hasTests ? ' (no test files)' : `${p.benchmarks.length === 0 ? ' (no benchmarks)' : ''} [${source}]`;
    ctx.stdout.write(`${p.importPath}${note}\n`);
    for (const b of p.benchmarks) ctx.stdout.write(`  ${b}\n`);
  }
  return 0;
}
