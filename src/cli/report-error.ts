// How the CLI reports a command's failure on stderr, and its exit code: usage errors exit 2, a
// LabError its code's exit status (shared/errors.ts). main.ts and the file-only compare entry
// (compare-main.ts) both use it, so a failure reads the same on either path.
import { describeError, exitCodeFor, toLabError } from '../shared/errors.js';
import { UsageError } from './args.js';
import type { Out } from './io.js';

export function reportError(cmd: string, err: unknown, stderr: Out, env: NodeJS.ProcessEnv): number {
  if (err instanceof UsageError) {
    stderr.write(`perflab ${cmd}: ${err.message}\n`);
    return 2;
  }
  const e = toLabError(err);
  stderr.write(`perflab ${cmd}: ${e.message || describeError(e)}\n`);
  if (e.code === 'BuildFailed') stderr.write(`${e.detail.output}\n`);
  if (e.code === 'ToolFailed' && e.detail.output) stderr.write(`${e.detail.output.slice(0, 4000)}\n`);
  if (e.code === 'Internal' && env.PERFLAB_DEBUG) stderr.write(`${e.detail?.stack ?? ''}\n`);
  return exitCodeFor(e);
}
