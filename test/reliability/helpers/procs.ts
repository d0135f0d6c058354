// Process helpers for the hygiene tests: is a pid alive, which processes mention a directory
// (our test binaries live in the data dir), pids a hostile benchmark wrote, and polling.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** True while the process exists and has not exited (a zombie left for init to reap is dead). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Processes (pid and command line) whose command line mentions dir, zombies excluded. */
export function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo') && !/^\s*\d+\s+Z/.test(l));
}

/** Pids a hostile benchmark appended to its pid file. */
export function pidsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

export { waitFor } from '../../helpers/wait.js';
