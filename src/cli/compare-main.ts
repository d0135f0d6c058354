// The entry of dist/perflab-compare.mjs, the small bundle bin/perflab.js tries first for
// `perflab compare`: main.ts's prelude (global options, terminal-safe streams), then
// compare-files.ts, without loading the lab. null: not a comparison of files only (or a line the
// full CLI reports on): bin/perflab.js then runs the full CLI on the same arguments.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
   * Also: a full collection where much of the heap has just become garbage (collector()).
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
  let collect: (() => void) | undefined;
  if (o.tuneHeap === true) {
    setFlagsFromString('--semi-space-growth-factor=1');
    collect = collector();
  }
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
    return await compareFiles(ctx, args.slice(1), { collect });
  } catch (err) {
    return reportError('compare', err, stderr, env);
  }
}

/** Heap growth (bytes) since the last full collection that makes `collect` run another. */
const GROWTH = 8 << 20;

/**
 * A full garbage collection where compare-files.ts says much of the heap has just become
 * garbage (the prepared input once the raw cells are built; a written table's texts), when the
 * heap grew by GROWTH since the last one. V8 would not collect the old generation there on its
 * own (it lets it grow to several times its live size): on 2 x 100,000 lines (10,000 rows x 3
 * units) peak RSS 118-131 -> 100-103 MB (benchstat: 98 MB) for 2-3 full collections (~50 ms of
 * GC instead of ~20). A process of its own only (tuneHeap).
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let base = getHeapStatistics().used_heap_size;
  return () => {
    if (getHeapStatistics().used_heap_size - base < GROWTH) return;
    gc();
    base = getHeapStatistics().used_heap_size;
  };
}
