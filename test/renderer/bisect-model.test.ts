// Which of two reports of one bisect the page shows: the event stream's and the polled fetch's
// race, and a stale one must never replace a newer one (nor "found" go back to "running").
import { describe, expect, it } from 'vitest';
import { newerReport, statusClass, STATUS_TEXT } from '../../src/renderer/src/model/bisect-model.js';
import type { BisectReport, BisectStep } from '../../src/shared/bisect-types.js';

const step = (rounds: number, state: BisectStep['state'] = 'measuring'): BisectStep => ({
  index: 0,
  kind: 'confirm',
  sha: 'b'.repeat(40),
  subject: 'bad',
  position: 1,
  runId: 1,
  state,
  rounds,
  series: [],
  remaining: 1,
  note: '',
});
const report = (status: BisectReport['status'], steps: BisectStep[]): BisectReport => ({ id: 1, status, steps }) as unknown as BisectReport;

describe('newerReport', () => {
  it('prefers an ended report, then more steps, more rounds, more decided steps; a tie keeps the first', () => {
    const running = report('running', [step(8, 'worse'), step(8)]);
    expect(newerReport(running, report('found', [step(8, 'worse')]))?.status).toBe('found');
    expect(newerReport(report('running', [step(8)]), running)).toBe(running);
    expect(newerReport(report('running', [step(8, 'worse'), step(12)]), running)?.steps[1].rounds).toBe(12);
    const decided = report('running', [step(8, 'worse'), step(8, 'like good')]);
    expect(newerReport(running, decided)).toBe(decided);
    const twin = report('running', [step(8, 'worse'), step(8)]);
    expect(newerReport(running, twin)).toBe(running);
    expect(newerReport(undefined, running)).toBe(running);
    expect(newerReport(running, undefined)).toBe(running);
  });

  it('names every status, and an interrupted bisect wears the failed badge', () => {
    expect(STATUS_TEXT.interrupted).toBe('interrupted');
    expect(statusClass('interrupted')).toBe('failed');
    expect(statusClass('found')).toBe('completed');
  });
});
