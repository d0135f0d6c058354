// Who owns a run: a pid plus the process start time, so a reused pid is not mistaken for the
// lab process that started a run (used to find runs left `running` by a process that died).
import { readFileSync } from 'node:fs';

/** Start time of a process in clock ticks since boot (Linux), or null where unreadable. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22: starttime
  } catch {
    return null;
  }
}

export function selfIdentity(): { readonly pid: number; readonly start: string } {
  return { pid: process.pid, start: processStartTicks(process.pid) ?? `t${Math.round(Date.now() - process.uptime() * 1000)}` };
}

/** True when the process with this pid exists and (where checkable) is the same process. */
export function isSameProcessAlive(pid: number, start: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStartTicks(pid);
  if (now === null || start === null || start.startsWith('t')) return true;
  return now === start;
}
