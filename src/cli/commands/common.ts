// Helpers shared by CLI commands: the default repository (the Go module around the working
// directory) and JSON output.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { commonScale, formatScaled, unitClass } from '../../core/benchunit/index.js';
import { expandHome } from '../../core/repo/add-repo.js';
import type { CliContext } from '../io.js';

/** --repo, else the nearest directory with a go.mod at or above the working directory. */
export function repoArg(ctx: CliContext, v: string | undefined): string {
  if (v) return pathArg(ctx, v);
  let d = resolve(ctx.cwd);
  for (;;) {
    if (existsSync(join(d, 'go.mod'))) return d;
    const up = dirname(d);
    if (up === d) return resolve(ctx.cwd);
    d = up;
  }
}

/** A path on the command line: `~` is the home directory (also when the shell left it, as in --repo=~/x), else relative to the working directory. */
export function pathArg(ctx: CliContext, v: string): string {
  return resolve(ctx.cwd, expandHome(v));
}

export function printJson(ctx: CliContext, v: unknown): void {
  ctx.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

/** A value and its interval scaled as the comparison engine scales a table row: `5.136µ [3.931µ, 16.040µ]`. */
export function scaledWithInterval(
  unit: string,
  center: number | null,
  lo: number | null,
  hi: number | null,
): { center: string; ci: string } {
  const nums = [center, lo, hi].filter((x): x is number => x !== null && Number.isFinite(x));
  const s = commonScale(nums, unitClass(unit));
  const f = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : formatScaled(s, x));
  return { center: f(center), ci: lo === null || hi === null ? '∞' : `[${f(lo)}, ${f(hi)}]` };
}
