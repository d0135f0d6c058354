// GC figures of one process from the runtime's own trace (GODEBUG=gctrace=1 writes one line per
// collection to stderr): how many collections the program itself triggered, and their
// stop-the-world pause. runtime/metrics cannot be read from outside the test binary, so this is
// the only outside view. Lines ending `(forced)` are left out: the testing package calls
// runtime.GC() before each benchmark run, and those are its collections, not the code's.
// A line reads `gc 7 @0.12s 3%: 0.021+1.2+0.034 ms clock, 0.08+0.4/1.1/0.2+0.13 ms cpu, ...`:
// the three clock phases are sweep termination (STW), concurrent mark, mark termination (STW).

export interface GcTrace {
  /** Collections not forced by runtime.GC(). */
  readonly gcs: number;
  /** Summed stop-the-world pause of those collections, in seconds (1st + 3rd `ms clock` fields). */
  readonly stwSec: number;
  /** Forced collections seen (left out of both figures). */
  readonly forced: number;
}

const LINE = /^gc \d+ @[0-9.]+s \d+%: ([0-9.]+)\+([0-9.]+)\+([0-9.]+) ms clock,/;

/** Reads gctrace lines out of a process's stderr text; other lines are ignored. */
export function parseGcTrace(text: string): GcTrace {
  let gcs = 0;
  let forced = 0;
  let stwMs = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const m = LINE.exec(line);
    if (!m) continue;
    if (line.endsWith('(forced)')) {
      forced++;
      continue;
    }
    gcs++;
    stwMs += Number(m[1]) + Number(m[3]);
  }
  return { gcs, stwSec: stwMs / 1000, forced };
}
