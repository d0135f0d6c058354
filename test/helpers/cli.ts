// Runs the real CLI function in-process and captures stdout/stderr, or the built `perflab`
// binary as a child process (for signals and exit codes as a shell sees them).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'perflab.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: readonly string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; signal?: AbortSignal; lockDir?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(
    args,
    {
      write: (s: string) => {
        stdout += s;
      },
    },
    {
      write: (s: string) => {
        stderr += s;
      },
    },
    {
      env: o.env ?? process.env,
      cwd: o.cwd,
      signal: o.signal,
      lockDir: o.lockDir,
    },
  );
  return { code, stdout, stderr };
}

/** Spawns `node bin/perflab.js ...` (needs `npm run build:node`). */
export function spawnCli(args: readonly string[], o: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? ROOT,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, sig) => resolve({ code: code ?? (sig ? 128 : -1), stdout, stderr })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}
