// gctrace lines from a real Go runtime's format: forced collections are left out, the pause is
// the first plus the third clock phase, other stderr lines are ignored.
import { describe, expect, it } from 'vitest';
import { parseGcTrace } from '../../../src/core/runner/gctrace.js';
import { withGcTrace } from '../../../src/core/runner/resource-capture.js';

const TRACE = [
  'gc 1 @0.004s 1%: 0.010+0.25+0.020 ms clock, 0.021+0.10/0.20/0.05+0.041 ms cpu, 3->3->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P',
  'gc 2 @0.050s 0%: 0.005+0.30+0.003 ms clock, 0.010+0/0.25/0+0.006 ms cpu, 0->0->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)',
  'goroutine 1 [running]:',
  'gc 3 @1.200s 2%: 1.5+12+0.5 ms clock, 3.0+0.5/10/1.0+1.0 ms cpu, 120->120->96 MB, 192 MB goal, 0 MB stacks, 0 MB globals, 2 P',
  'gc 4 @1.300s 2%: 0.020+0.40+0.010 ms clock, 0.040+0/0.35/0+0.020 ms cpu, 96->96->0 MB, 192 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)',
  '',
].join('\n');

describe('parseGcTrace', () => {
  it('counts collections not forced by runtime.GC and sums their stop-the-world phases', () => {
    const g = parseGcTrace(TRACE);
    expect(g.gcs).toBe(2);
    expect(g.forced).toBe(2);
    // (0.010 + 0.020) + (1.5 + 0.5) ms
    expect(g.stwSec).toBeCloseTo(0.00203, 9);
  });

  it('reads nothing from text without trace lines', () => {
    expect(parseGcTrace('PASS\nok\n')).toEqual({ gcs: 0, stwSec: 0, forced: 0 });
  });

  it('adds gctrace=1 to the GODEBUG a run sets', () => {
    expect(withGcTrace(undefined)).toBe('gctrace=1');
    expect(withGcTrace('madvdontneed=1')).toBe('madvdontneed=1,gctrace=1');
  });
});
