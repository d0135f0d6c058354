// The entry of dist/perflab-compare.mjs, the small bundle bin/perflab.js tries first for
// `perflab compare`: main.ts's prelude (global options, terminal-safe streams), then
// compare-files.ts, without loading the lab. null: not a comparison of files only (or a line the
// full CLI reports on): bin/perflab.js then runs the full CLI on the same arguments.
import { setFlagsFromString } from 'node:v8';
import { takeGlobalOptions } from './args.js';
import { compareFiles } from './compare-files.js';
import { terminalSafe, type CliContext, type Out } from './io.js';
import { reportError } from './report-error.js';

export interface CompareMainOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /**
   * Keep V8's young generation at its starting size (a process of its own only): a compare
   * allocates fast and keeps what it builds, and a growing young generation is ~20 MB of peak
   * memory for ~5% less CPU (bench/compare-shapes.js). V8 reads the flag when it would grow.
   */
  readonly tuneHeap?: boolean;
}

export async function runCompareFiles(
  argv: readonly string[],
  rawStdout: Out,
  rawStderr: Out,
  o: CompareMainOptions = {},
): Promise<number | null> {
  let args: string[];
  try {
    ({ args } = takeGlobalOptions(argv));
  } catch {
    return null;
  }
  if (args[0] !== 'compare') return null;
  if (o.tuneHeap === true) setFlagsFromString('--semi-space-growth-factor=1');
  const env = o.env ?? process.env;
  const stderr = terminalSafe(rawStderr);
  const ctx: CliContext = {
    stdout: terminalSafe(rawStdout),
    stderr,
    env,
    cwd: o.cwd ?? process.cwd(),
    signal: new AbortController().signal,
    ask: null,
  };
  try {
    return await compareFiles(ctx, args.slice(1));
  } catch (err) {
    return reportError('compare', err, stderr, env);
  }
}
