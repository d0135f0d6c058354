// Go duration strings (`10m`, `1m30s`, `500ms`) as milliseconds, for our own timers.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function goDurationMs(d: string): number {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(d))) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== d.length || consumed === 0) throw new Error(`not a Go duration: ${d}`);
  return total;
}

/**
 * Grace beyond the run's timeout before the lab stops a benchmark process itself. Go's own
 * -test.timeout alarm is stopped before benchmarks start (testing.M.Run), so for benchmarks
 * this timer is what enforces the timeout; a few seconds leave room for the goroutine dump.
 */
export const TIMEOUT_GRACE_MS = 5_000;

/** Wall-clock limit of one benchmark or profile process for a run timeout like `10m`. */
export function processWallTimeoutMs(timeout: string): number {
  return goDurationMs(timeout) + TIMEOUT_GRACE_MS;
}
