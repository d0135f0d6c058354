// The `--style improvements` commit message of the optimize loop, in a fixed shape:
//
//   perf: optimize <component>
//
//   Improvements:
//   - Speed: 1.20ms → 600.0µs (50.0% faster)
//   - Memory: 4.000KiB → 0B (100% reduction)
//
//   Co-Authored-By: ...
//
// One line per unit (per benchmark when several rows): time says "% faster" with X =
// (before - after) / before, memory and allocations "% reduction", throughput "% higher"; a
// change for the worse says so ("% slower", "% increase", "% lower"). A row whose verdict is
// undecided makes no claim: its line says undecided and the count that would decide it. The
// trailers (K: V) close the message; Signed-off-by is one of them.
import type { Comparison, CompareDelta, CompareRow, CompareTable } from '../../shared/compare-types.js';
import type { CommitMessage } from '../../shared/workflow-types.js';
import { formatGoFloat, scaleValue, unitClass } from '../benchunit/index.js';

export interface ImprovementsInput {
  readonly comparison: Comparison;
  /** What was optimized: the subject says `perf: optimize <component>`. */
  readonly component: string;
  /** Replaces `optimize <component>` when given. */
  readonly summary?: string;
  readonly trailers: readonly string[];
}

const KINDS: readonly { unit: string; label: string; better: string; worse: string; higher: boolean }[] = [
  { unit: 'sec/op', label: 'Speed', better: 'faster', worse: 'slower', higher: false },
  { unit: 'B/s', label: 'Throughput', better: 'higher', worse: 'lower', higher: true },
  { unit: 'B/op', label: 'Memory', better: 'reduction', worse: 'increase', higher: false },
  { unit: 'allocs/op', label: 'Allocations', better: 'reduction', worse: 'increase', higher: false },
];

/** A center with its own scale and the unit's numerator: `102.8µs`, `18.52KiB`, `0B`, `186` allocations, `143.1MiB/s`. */
function value(v: number, unit: string): string {
  if (unit === 'allocs/op' && Number.isInteger(v)) return String(v);
  const n = v === 0 ? '0' : scaleValue(v, unitClass(unit));
  if (unit === 'allocs/op') return n;
  if (unit === 'sec/op') return `${n}s`;
  if (unit === 'B/op') return `${n}B`;
  if (unit === 'B/s') return `${n}B/s`;
  return `${n} ${unit}`;
}

/** 50 -> `50%`, 7.25 -> `7.3%`; never rounds a change that is not whole up to `100%` (99.9 stays `99.9%`). */
const pct = (x: number) => `${formatGoFloat(x, x < 10 || (x > 99.5 && x < 100) ? 1 : 0)}%`;

function changeText(d: CompareDelta, higher: boolean, better: string, worse: string): string {
  const ratio = d.ratio;
  if (ratio === null) return d.verdict.state === 'faster' ? better : worse; // from 0
  const improved = higher ? ratio > 1 : ratio < 1;
  // X = (before - after) / before for lower-is-better units; (after - before) / before for throughput.
  const x = Math.abs(higher ? ratio - 1 : 1 - ratio) * 100;
  return `${pct(x)} ${improved ? better : worse}`;
}

function line(t: CompareTable, row: CompareRow, named: boolean, kind: (typeof KINDS)[number]): string | null {
  const d = row.deltas[1];
  const before = row.cells[0];
  const after = row.cells[1];
  if (!d || !before || !after) return null;
  const label = named ? `${kind.label} (${row.name.replace(/-\d+$/, '')})` : kind.label;
  const fig = `${value(before.center, t.unit)} → ${value(after.center, t.unit)}`;
  switch (d.verdict.state) {
    case 'faster':
    case 'slower':
    case 'changed':
      return `- ${label}: ${fig} (${changeText(d, kind.higher, kind.better, kind.worse)})`;
    case 'no change':
      return `- ${label}: ${fig} (no change, within ±${formatGoFloat(d.verdict.tolerancePct, 0)}%)`;
    case 'undecided':
      return `- ${label}: ${fig} (undecided${d.verdict.countNeeded !== null ? `; measure with --count ${d.verdict.countNeeded}` : ''}: no claim made)`;
  }
}

export function improvementsMessage(i: ImprovementsInput): CommitMessage {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const tables = i.comparison.tables.filter((t) => t.unit === kind.unit);
    const rows = tables.flatMap((t) => t.rows.map((row) => ({ t, row })));
    const named = rows.length > 1;
    for (const { t, row } of rows.slice(0, 8)) {
      const l = line(t, row, named, kind);
      if (l) lines.push(l);
    }
  }
  const subject = `perf: ${i.summary ?? `optimize ${i.component}`}`;
  const body = [
    'Improvements:',
    ...(lines.length ? lines : ['- nothing compared: no row has samples on both sides']),
    ...(i.trailers.length ? ['', ...i.trailers] : []),
  ].join('\n');
  return { subject, body, text: `${subject}\n\n${body}\n`, format: 'text' };
}

/** A trailer `Key: value` (RFC 822-style token, one line); null when it is not one. */
export function parseTrailer(s: string): string | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*):\s*(\S.*)$/.exec(s);
  return m && !/[\r\n]/.test(s) ? `${m[1]}: ${m[2].trim()}` : null;
}
