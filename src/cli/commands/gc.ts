// `perflab gc [--dry-run]`: remove worktrees, cached binaries and unreferenced profile files.
import type { Lab } from '../../core/lab.js';
import { parse } from '../args.js';
import type { CliContext } from '../io.js';

export async function gcCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values } = parse(args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, false);
  const r = await lab.api.gc({ dryRun: values['dry-run'] === true });
  if (values.json) ctx.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const s of r.skipped) ctx.stderr.write(`skipped ${s}\n`);
    ctx.stdout.write(
      `${values['dry-run'] ? 'would remove' : 'removed'} ${r.removedWorktrees} worktrees, ${r.removedBinaries} binaries, ${r.removedProfiles} unreferenced profile files; ${(r.freedBytes / 1048576).toFixed(1)} MiB\n`,
    );
  }
  return 0;
}
