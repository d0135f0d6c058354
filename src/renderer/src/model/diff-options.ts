// The Profile view's "Diff against" choices: only profiles that exist for the benchmark and
// kind on show, as another ref of the same run or a ref of another run; and the route values
// of a choice. Pure, so the list is tested without a DOM.
import type { ProfileRecord } from '../../../shared/models.js';

export interface DiffChoice {
  /** The select's value: `ref:LABEL` (same run) or `run:ID:LABEL`. */
  readonly value: string;
  readonly label: string;
  readonly baseRun?: number;
  readonly baseRef: string;
}

export interface DiffTarget {
  readonly run: number;
  readonly bench: string;
  readonly kind: string;
  readonly ref: string;
}

/** Choices for the profile on show: `profiles` of its own run, `others` of other runs (newest first). */
export function diffChoices(
  t: DiffTarget,
  profiles: readonly ProfileRecord[],
  others: readonly { readonly runId: number; readonly title: string; readonly profiles: readonly ProfileRecord[] }[],
): DiffChoice[] {
  const has = (p: ProfileRecord) => p.benchmark === t.bench && p.kind === t.kind;
  const out: DiffChoice[] = [];
  for (const label of new Set(profiles.filter((p) => has(p) && p.refLabel !== t.ref).map((p) => p.refLabel))) {
    out.push({ value: `ref:${label}`, label: `ref ${label}`, baseRef: label });
  }
  for (const o of others) {
    if (o.runId === t.run) continue;
    for (const label of new Set(o.profiles.filter(has).map((p) => p.refLabel))) {
      out.push({ value: `run:${o.runId}:${label}`, label: `run #${o.runId} ${o.title} · ${label}`, baseRun: o.runId, baseRef: label });
    }
  }
  return out;
}

/**
 * The select's value for a route's base (baseRun with no baseRef means the same ref label;
 * baseRun naming the run on show means its own ref baseRef).
 */
export function diffValue(baseRun: number | undefined, baseRef: string | undefined, ref: string, run?: number): string {
  if (baseRun !== undefined && baseRun !== run) return `run:${baseRun}:${baseRef ?? ref}`;
  return baseRef !== undefined ? `ref:${baseRef}` : '';
}

/**
 * The profile a route's base names: another run's ref baseRef (without baseRef, the ref on
 * show as that run knows it: `refIn`), or baseRef of the run on show; undefined for no diff
 * (nothing named, or the profile on show itself).
 */
export function diffBase(
  baseRun: number | undefined,
  baseRef: string | undefined,
  run: number | undefined,
  refIn: (other: number) => string,
): { readonly run: number | undefined; readonly ref: string } | undefined {
  if (baseRun !== undefined && baseRun !== run) return { run: baseRun, ref: baseRef ?? refIn(baseRun) };
  return baseRef !== undefined ? { run, ref: baseRef } : undefined;
}
