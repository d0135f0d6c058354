// Findings: problems in the module's own code worth a perf issue. Per (benchmark, ref, kind)
// the repetitions are merged; every sample is charged to its nearest frame in the module's
// non-test files (findings-attribute.ts), the callee chain below that frame decides the
// category, and sites are grouped into one finding per (function, line, category) with every
// benchmark it affects. Impact comes from the largest share and the number of benchmarks.
// These drafts (the analysis worker's part) are finished by findings-finish.ts (which imports this module, never the reverse): the rule and
// complexity (findings-rules.ts), compiler notes, earlier perf commits, grouping, the text.
import type { FindingBenchmark, FindingCategory, FindingLevel, HotLine, SampleTypeInfo } from '../../shared/profile-types.js';
import { attribute, PATTERN_CATEGORY, topCallee, type AttributionKind, type ModuleScope, type Pattern } from './findings-attribute.js';
import { mergeProfiles } from './merge.js';
import type { Profile } from './model.js';

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
  /** The module whose code findings point at; null: anything outside the standard library. */
  readonly module?: ModuleScope | null;
  /** Profiles of this ref yield no findings (it is the baseline of a comparison). */
  readonly baseRef?: string;
  /** The text of a module-relative file's line, when the source is at hand (refines allocation rules). */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  /** Also read the base ref's profiles, for hotFunctions (a compiler diff); findings never come from them. */
  readonly hotFromBase?: boolean;
  /** Smallest share a site must reach in some benchmark to be listed (default 0.01). */
  readonly minShare?: number;
}

/** Thresholds of impact (documented in docs/cli.md). */
export const IMPACT = { high: 0.2, medium: 0.05, spreadHigh: 0.1, spreadMedium: 0.02, spreadBenchmarks: 3 } as const;

/** High: >= 20% of some benchmark, or >= 10% in 3+ benchmarks; Medium: >= 5%, or >= 2% in 3+; else Low. */
export function impactOf(shares: readonly number[]): FindingLevel {
  const max = Math.max(0, ...shares);
  const many = (x: number) => shares.filter((s) => s >= x).length >= IMPACT.spreadBenchmarks;
  if (max >= IMPACT.high || many(IMPACT.spreadHigh)) return 'High';
  if (max >= IMPACT.medium || many(IMPACT.spreadMedium)) return 'Medium';
  return 'Low';
}

/** The sample type each kind is read in, and how its samples are classified; null: not used. */
export function kindInfo(kind: FindingsKind): { readonly sampleType: string; readonly as: AttributionKind } | null {
  switch (kind) {
    case 'cpu':
      return { sampleType: 'cpu', as: 'cpu' };
    case 'mem':
      return { sampleType: 'alloc_space', as: 'mem' };
    case 'mutex':
      return { sampleType: 'delay', as: 'mutex' };
    case 'block':
    case 'trace-sync':
      return { sampleType: 'delay', as: 'block' };
    case 'trace-syscall':
      return { sampleType: 'delay', as: 'cpu' };
    case 'trace-sched':
    case 'trace-net':
      return null;
  }
}

interface Acc {
  readonly func: string;
  readonly file: string;
  readonly line: number;
  readonly category: FindingCategory;
  /** Value per pattern (the largest names the rule). */
  readonly patterns: Map<Pattern, number>;
  readonly benchmarks: FindingBenchmark[];
}

function typeIndex(p: Profile, want: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === want);
  return i >= 0 ? i : p.defaultSampleTypeIndex;
}

/** A finding before its rule, text and extras are settled (plain data: it crosses the worker boundary). */
export interface FindingDraft {
  readonly category: FindingCategory;
  readonly file: string;
  readonly line: number;
  readonly function: string;
  readonly impact: FindingLevel;
  readonly share: number;
  readonly benchmarks: readonly FindingBenchmark[];
  /** The pattern that carries most of the cost ('alloc' when only the source line can tell more). */
  readonly pattern: Pattern;
  /** The callee chain of the benchmark with the largest share that has one. */
  readonly callee: string;
  /** Benchmarks (name and ref) it shows in. */
  readonly benchCount: number;
}

export interface FindingsDrafts {
  readonly runId: number;
  readonly modulePath: string | null;
  readonly drafts: readonly FindingDraft[];
  readonly hotLines: readonly HotLine[];
  /** Module functions with at least minShare of some profile (the base's too with hotFromBase): the hot functions of a compiler diff. */
  readonly hotFunctions: readonly { readonly function: string; readonly file: string }[];
  readonly profileCount: number;
}

/** Attribution and grouping (the worker's part): findings without rule, text or extras. */
export function findingDrafts(input: FindingsInput): FindingsDrafts {
  const minShare = input.minShare ?? 0.01;
  const scope = input.module ?? null;
  const groups = new Map<string, { benchmark: string; ref: string; kind: FindingsKind; profiles: Profile[] }>();
  for (const x of input.profiles) {
    const key = JSON.stringify([x.benchmark, x.ref, x.kind]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { benchmark: x.benchmark, ref: x.ref, kind: x.kind, profiles: [] }));
    g.profiles.push(x.profile);
  }
  const accs = new Map<string, Acc>();
  const hot: HotLine[] = [];
  const hotFunctions = new Map<string, { function: string; file: string }>();
  for (const g of groups.values()) {
    const info = kindInfo(g.kind);
    const isBase = input.baseRef !== undefined && g.ref === input.baseRef;
    if (!info || (isBase && !input.hotFromBase)) continue;
    const p = g.profiles.length === 1 ? g.profiles[0] : mergeProfiles(g.profiles);
    const ti = typeIndex(p, info.sampleType);
    const sampleType: SampleTypeInfo = p.sampleTypes[ti];
    const a = attribute(p, ti, info.as, scope);
    // CPU and bytes are shares of the whole profile; waits are shares of the waiting charged
    // to the module (the harness waits for the whole run and would drown every share).
    const total = info.as === 'block' || info.as === 'mutex' ? a.attributed : a.total;
    if (total <= 0) continue;
    for (const s of a.sites) if (s.value / total >= minShare) hotFunctions.set(`${s.file}\0${s.func}`, { function: s.func, file: s.file });
    // The baseline of a comparison only tells which functions are hot.
    if (isBase) continue;
    // Sites of one (function, line, category) add up across patterns in the same profile.
    const perKey = new Map<string, { acc: Acc; value: number; callees: Map<string, number> }>();
    for (const s of a.sites) {
      if (s.pattern === null) {
        if (info.as === 'cpu' && s.value / total >= minShare)
          hot.push({ location: `${s.file}:${s.line}`, function: s.func, benchmark: g.benchmark, share: s.value / total });
        continue;
      }
      const category = PATTERN_CATEGORY[s.pattern];
      const key = JSON.stringify([s.func, s.file, s.line, category]);
      let acc = accs.get(key);
      if (!acc) accs.set(key, (acc = { func: s.func, file: s.file, line: s.line, category, patterns: new Map(), benchmarks: [] }));
      acc.patterns.set(s.pattern, (acc.patterns.get(s.pattern) ?? 0) + s.value / total);
      let pk = perKey.get(key);
      if (!pk) perKey.set(key, (pk = { acc, value: 0, callees: new Map() }));
      pk.value += s.value;
      const c = topCallee(s);
      pk.callees.set(c, (pk.callees.get(c) ?? 0) + s.value);
    }
    for (const { acc, value, callees } of perKey.values()) {
      let callee = '',
        best = -1;
      for (const [c, v] of callees)
        if (v > best) {
          callee = c;
          best = v;
        }
      acc.benchmarks.push({ name: g.benchmark, ref: g.ref, kind: g.kind, sampleType, share: value / total, value, total, callee });
    }
  }

  const drafts: FindingDraft[] = [];
  for (const acc of accs.values()) {
    const bySharesDesc = [...acc.benchmarks].sort((x, y) => y.share - x.share || x.name.localeCompare(y.name));
    if (bySharesDesc.length === 0 || bySharesDesc[0].share < minShare) continue;
    let pattern: Pattern = acc.patterns.keys().next().value!,
      pv = -1;
    for (const [pt, v] of acc.patterns)
      if (v > pv) {
        pattern = pt;
        pv = v;
      }
    if (pattern === 'alloc') {
      // A specific pattern seen in any profile (the CPU profile keeps growslice, concatstrings)
      // beats the generic one; else the source line may tell (findings-finish.ts).
      let sv = 0;
      for (const [pt, v] of acc.patterns)
        if (pt !== 'alloc' && v > sv) {
          pattern = pt;
          sv = v;
        }
    }
    // One share per benchmark (its largest over kinds) decides the impact.
    const perBench = new Map<string, number>();
    for (const b of acc.benchmarks) perBench.set(`${b.name}\0${b.ref}`, Math.max(perBench.get(`${b.name}\0${b.ref}`) ?? 0, b.share));
    const lead = bySharesDesc.find((b) => b.callee !== '') ?? bySharesDesc[0];
    drafts.push({
      category: acc.category,
      file: acc.file,
      line: acc.line,
      function: acc.func,
      impact: impactOf([...perBench.values()]),
      share: bySharesDesc[0].share,
      benchmarks: bySharesDesc,
      pattern,
      callee: lead.callee,
      benchCount: perBench.size,
    });
  }
  hot.sort((x, y) => y.share - x.share);
  return {
    runId: input.runId,
    modulePath: scope?.path ?? null,
    drafts,
    hotLines: hot.slice(0, 5),
    hotFunctions: [...hotFunctions.values()],
    profileCount: input.profiles.length,
  };
}
