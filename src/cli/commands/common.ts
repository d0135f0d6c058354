// Helpers shared by CLI commands: the default repository (the Go module around the working
// directory) and JSON output.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliContext } from '../io.js';

/** --repo, else the nearest directory with a go.mod at or above the working directory. */
export function repoArg(ctx: CliContext, v: string | undefined): string {
  if (v) return resolve(ctx.cwd, v);
  let d = resolve(ctx.cwd);
  for (;;) {
    if (existsSync(join(d, 'go.mod'))) return d;
    const up = dirname(d);
    if (up === d) return resolve(ctx.cwd);
    d = up;
  }
}

export function printJson(ctx: CliContext, v: unknown): void {
  ctx.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}
