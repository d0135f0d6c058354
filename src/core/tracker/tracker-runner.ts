// The one runner of issue-tracker commands (bd, gh): argv only (no shell), run in the
// repository's directory with the user's environment (the trackers need their own config and
// credentials), expected exit codes declared, anything else a typed ToolFailed. A missing
// executable is ToolMissing. The files next to this one are one tracker subcommand each.
import { fail } from '../../shared/errors.js';
import { exec } from '../proc/exec.js';

export type TrackerTool = 'bd' | 'gh';

export interface TrackerCall {
  /** The repository directory the command runs in. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly expected?: readonly number[];
  readonly timeoutMs?: number;
}

export interface TrackerOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The argv a call runs, as printed by --dry-run (each argument JSON-quoted when it needs it). */
export function formatCommand(tool: TrackerTool, args: readonly string[]): string {
  return [tool, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export async function runTracker(tool: TrackerTool, args: readonly string[], call: TrackerCall): Promise<TrackerOutput> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.env)) if (v !== undefined) env[k] = v;
  const r = await exec(tool, tool, args, { cwd: call.cwd, env, timeoutMs: call.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 });
  const expected = call.expected ?? [0];
  if (r.exitCode === null || !expected.includes(r.exitCode)) {
    fail('ToolFailed', { command: `${tool} ${args[0] ?? ''}`.trim(), exitCode: r.exitCode, output: (r.stderr || r.stdout).slice(0, 4000) });
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}
