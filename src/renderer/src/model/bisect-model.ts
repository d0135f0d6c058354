// The Bisect view's pure parts: status words and badge classes, and which of two reports of
// one bisect is further along (the event stream and the polled fetch race).
import type { BisectReport } from '../../../shared/bisect-types.js';

export const STATUS_TEXT: Readonly<Record<BisectReport['status'], string>> = {
  running: 'running',
  found: 'found',
  'not-worse': 'not worse',
  undecided: 'undecided',
  failed: 'failed',
  canceled: 'canceled',
  interrupted: 'interrupted',
};

export function statusClass(s: BisectReport['status']): string {
  return s === 'found'
    ? 'completed'
    : s === 'running'
      ? 'running'
      : s === 'failed' || s === 'interrupted'
        ? 'failed'
        : s === 'canceled'
          ? 'canceled'
          : 'queued';
}

/** The report further along: an ended one, else more steps, else more rounds (events and fetches race). */
export function newerReport(a: BisectReport | undefined, b: BisectReport | undefined): BisectReport | undefined {
  if (!a || !b) return a ?? b;
  const rank = (x: BisectReport) => [
    x.status === 'running' ? 0 : 1,
    x.steps.length,
    x.steps.reduce((n, st) => n + st.rounds, 0),
    x.steps.filter((st) => st.state !== 'measuring').length,
  ];
  const [p, q] = [rank(a), rank(b)];
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i] > q[i] ? a : b;
  return a;
}
