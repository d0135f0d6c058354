// Findings: the hot spots of a run's profiles worth a perf issue. Per (benchmark, ref, kind)
// the repetitions are merged, then functions are ranked by flat share (where the time or
// bytes are spent) and by cum share (what a caller costs, leaving out the umbrella frames of
// the runtime and the testing harness); each finding names its hottest line, and, when a base
// ref is given, the same function's share there. findings-markdown.ts renders the report.
import type { Finding, FindingCategory, FindingsReport, SampleTypeInfo } from '../../shared/profile-types.js';
import { renderFindingsMarkdown } from './findings-markdown.js';
import { frameTable } from './frames.js';
import { mergeProfiles } from './merge.js';
import type { Profile } from './model.js';
import { functionLines } from './source-view.js';
import { flatCum } from './top.js';

export type FindingsKind = 'cpu' | 'mem' | 'block' | 'mutex' | 'trace-sched' | 'trace-sync' | 'trace-syscall' | 'trace-net';

export interface FindingsProfile {
  readonly profile: Profile;
  readonly benchmark: string;
  /** The ref's label (branch name, commit, WORKTREE...). */
  readonly ref: string;
  readonly kind: FindingsKind;
}

export interface FindingsInput {
  readonly runId: number;
  readonly profiles: readonly FindingsProfile[];
  /** Compare shares against this ref (its own profiles yield no findings). */
  readonly baseRef?: string;
  /** Findings per (benchmark, ref, kind) and ranking (default 5). */
  readonly perProfile?: number;
  /** Smallest flat share reported (default 0.02). */
  readonly minShare?: number;
  /** Smallest cum share reported for cum-ranked functions (default 0.1). */
  readonly minCumShare?: number;
}

/** The sample type each kind of profile is read in, and the category of its findings. */
export function kindInfo(kind: FindingsKind): { readonly sampleType: string | undefined; readonly category: FindingCategory } {
  switch (kind) {
    case 'cpu': return { sampleType: 'cpu', category: 'cpu' };
    case 'mem': return { sampleType: 'alloc_space', category: 'allocation' };
    case 'mutex': return { sampleType: 'delay', category: 'lock contention' };
    case 'block': return { sampleType: 'delay', category: 'blocking' };
    case 'trace-sync': return { sampleType: undefined, category: 'lock contention' };
    case 'trace-sched': case 'trace-syscall': case 'trace-net': return { sampleType: undefined, category: 'blocking' };
  }
}

/** Frames that hold everything below them: never reported for their cum share. */
const UMBRELLA = /^(runtime\.(goexit|main|mcall|morestack|systemstack)|testing\.|main\.main$)|\.Benchmark[^.]*$/;

interface Shares {
  readonly names: readonly string[];
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
  readonly index: ReadonlyMap<string, number>;
}

function shares(p: Profile, sampleType: string | undefined): Shares {
  const type = sampleType !== undefined && p.sampleTypes.some((t) => t.type === sampleType) ? sampleType : undefined;
  const fc = flatCum(p, { sampleType: type });
  return { names: fc.names, flat: fc.flat, cum: fc.cum, total: fc.total, index: frameTable(p).byName };
}

/** file:line of the function's hottest line (by flat, else by cum), else its first line. */
function hottestLine(p: Profile, func: string, sampleType: string | undefined): string {
  const ft = frameTable(p);
  const f = ft.byName.get(func)!;
  const { flat, cum } = functionLines(p, func, { sampleType });
  const best = (m: ReadonlyMap<number, number>) => {
    let line = 0, v = 0;
    for (const [l, x] of m) if (Math.abs(x) > v || (Math.abs(x) === v && l < line)) { line = l; v = Math.abs(x); }
    return line;
  };
  const line = best(flat) || best(cum) || ft.startLines[f];
  const file = ft.files[f];
  if (!file) return func;
  return line > 0 ? `${file}:${line}` : file;
}

export function findingsFromProfiles(input: FindingsInput): FindingsReport {
  const per = input.perProfile ?? 5;
  const minShare = input.minShare ?? 0.02;
  const minCum = input.minCumShare ?? 0.1;
  // Group repetitions.
  const groups = new Map<string, { benchmark: string; ref: string; kind: FindingsKind; profiles: Profile[] }>();
  for (const x of input.profiles) {
    const key = JSON.stringify([x.benchmark, x.ref, x.kind]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { benchmark: x.benchmark, ref: x.ref, kind: x.kind, profiles: [] }));
    g.profiles.push(x.profile);
  }
  const merged = new Map<string, Profile>();
  for (const [key, g] of groups) merged.set(key, mergeProfiles(g.profiles));

  const findings: Finding[] = [];
  for (const [key, g] of groups) {
    if (input.baseRef !== undefined && g.ref === input.baseRef) continue;
    const p = merged.get(key)!;
    const info = kindInfo(g.kind);
    const st = info.sampleType !== undefined && p.sampleTypes.some((t) => t.type === info.sampleType) ? info.sampleType : undefined;
    const sampleType: SampleTypeInfo = st ? p.sampleTypes.find((t) => t.type === st)! : p.sampleTypes[p.defaultSampleTypeIndex];
    const sh = shares(p, st);
    if (sh.total === 0) continue;
    const baseKey = input.baseRef !== undefined ? JSON.stringify([g.benchmark, input.baseRef, g.kind]) : null;
    const baseProfile = baseKey ? merged.get(baseKey) : undefined;
    const base = baseProfile ? shares(baseProfile, st) : null;

    const byFlat = sh.names.map((_, f) => f).filter((f) => sh.flat[f] / sh.total >= minShare).sort((a, b) => sh.flat[b] - sh.flat[a]).slice(0, per);
    const picked = new Set(byFlat);
    const byCum = sh.names.map((_, f) => f)
      .filter((f) => !picked.has(f) && !UMBRELLA.test(sh.names[f]) && sh.cum[f] / sh.total >= minCum && sh.cum[f] / sh.total < 0.95)
      .sort((a, b) => sh.cum[b] - sh.cum[a]).slice(0, per);
    const emit = (f: number, rankedBy: 'flat' | 'cum') => {
      const name = sh.names[f];
      const bi = base ? base.index.get(name) : undefined;
      findings.push({
        category: info.category,
        func: name,
        location: hottestLine(p, name, st),
        share: sh.flat[f] / sh.total,
        cumShare: sh.cum[f] / sh.total,
        baseShare: base ? (bi !== undefined && base.total !== 0 ? base.flat[bi] / base.total : 0) : null,
        baseCumShare: base ? (bi !== undefined && base.total !== 0 ? base.cum[bi] / base.total : 0) : null,
        benchmark: g.benchmark,
        refLabel: g.ref,
        baseRefLabel: base ? input.baseRef! : null,
        sampleType,
        flat: sh.flat[f],
        cum: sh.cum[f],
        total: sh.total,
        rankedBy,
      });
    };
    for (const f of byFlat) emit(f, 'flat');
    for (const f of byCum) emit(f, 'cum');
  }
  findings.sort((a, b) => (b.rankedBy === 'flat' ? b.share : b.cumShare) - (a.rankedBy === 'flat' ? a.share : a.cumShare));
  return { runId: input.runId, findings, markdown: renderFindingsMarkdown(input.runId, findings, input.profiles.length) };
}
