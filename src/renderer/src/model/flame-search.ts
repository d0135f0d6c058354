// Search in a flame graph: which frames match (an RE2 pattern over function names, as Go's
// regexp, case-insensitive when the query has no capitals; or one exact function when a row of
// the top table is selected), the matches in order for next/previous, a name filter for the
// top table, and their total share: the value of matching frames not inside
// another matching frame, over the total (so recursion is not counted twice).
import { RE2JS } from 're2js';
import type { FlameData } from '../../../shared/profile-types.js';
import type { FlameLayout } from './flame-layout.js';

export interface FlameMatches {
  /** 1 for matching nodes. */
  readonly nodes: Uint8Array;
  readonly count: number;
  /** Value of the outermost matching frames. */
  readonly value: number;
  readonly share: number;
}

export type SearchOutcome = { readonly ok: true; readonly matches: FlameMatches | null } | { readonly ok: false; readonly error: string };

function collect(d: FlameData, l: FlameLayout, labelMatch: Uint8Array): FlameMatches {
  const n = d.level.length;
  const nodes = new Uint8Array(n);
  let count = 0;
  let value = 0;
  let coveredUntil = 0;
  for (let i = 0; i < n; i++) {
    if (!labelMatch[d.label[i]]) continue;
    nodes[i] = 1;
    count++;
    if (i >= coveredUntil) {
      value += d.value[i];
      coveredUntil = l.end[i];
    }
  }
  const total = d.total || l.total || 1;
  return { nodes, count, value, share: value / total };
}

/** Frames whose function name matches the query; null matches for an empty query. */
export function searchFlame(d: FlameData, l: FlameLayout, query: string): SearchOutcome {
  const q = query.trim();
  if (!q) return { ok: true, matches: null };
  let re: RE2JS;
  try {
    re = RE2JS.compile(q, q === q.toLowerCase() ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const labelMatch = new Uint8Array(d.names.length);
  for (let k = 0; k < d.names.length; k++) if (re.matcher(d.names[k]).find()) labelMatch[k] = 1;
  return { ok: true, matches: collect(d, l, labelMatch) };
}

/** Frames of exactly one function (the row selected in the top table). */
export function matchFunction(d: FlameData, l: FlameLayout, func: string): FlameMatches {
  const labelMatch = new Uint8Array(d.names.length);
  for (let k = 0; k < d.names.length; k++) if (d.names[k] === func) labelMatch[k] = 1;
  return collect(d, l, labelMatch);
}

/** A predicate over function names for the query (the top table's filter); null for an empty or invalid query. */
export function namePredicate(query: string): ((name: string) => boolean) | null {
  const q = query.trim();
  if (!q) return null;
  try {
    const re = RE2JS.compile(q, q === q.toLowerCase() ? RE2JS.CASE_INSENSITIVE : 0);
    return (name) => re.matcher(name).find();
  } catch {
    return null;
  }
}

/** The matching nodes in graph order (left to right, outer before inner): what next/previous step through. */
export function matchOrder(m: FlameMatches): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.nodes.length; i++) if (m.nodes[i]) out.push(i);
  return out;
}
