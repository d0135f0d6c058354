// Findings: problems in the module's own code worth a perf issue. Per (benchmark, ref, kind)
// the repetitions are merged; every sample is charged to its nearest frame in the module's
// non-test files (findings-attribute.ts), the callee chain below that frame decides the
// category, and sites are grouped into one finding per (function, line, category) with every
// benchmark it affects. Impact comes from the largest share and the number of benchmarks,
// complexity from the rule (findings-rules.ts); findings-markdown.ts writes titles and bodies.
import type { Finding, FindingBenchmark, FindingCategory, FindingLevel, FindingsReport, HotLine, SampleTypeInfo } from '../../shared/profile-types.js';
import { attribute, PATTERN_CATEGORY, topCallee, type AttributionKind, type ModuleScope, type Pattern } from './findings-attribute.js';
import { findingBody, findingTitle, renderFindingsMarkdown } from './findings-markdown.js';
import { allocPatternOfLine, ruleFor } from './findings-rules.js';
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
    case 'cpu': return { sampleType: 'cpu', as: 'cpu' };
    case 'mem': return { sampleType: 'alloc_space', as: 'mem' };
    case 'mutex': return { sampleType: 'delay', as: 'mutex' };
    case 'block': case 'trace-sync': return { sampleType: 'delay', as: 'block' };
    case 'trace-syscall': return { sampleType: 'delay', as: 'cpu' };
    case 'trace-sched': case 'trace-net': return null;
  }
}

const LEVEL_RANK: Readonly<Record<FindingLevel, number>> = { High: 0, Medium: 1, Low: 2 };

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

export function findingsFromProfiles(input: FindingsInput): FindingsReport {
  const minShare = input.minShare ?? 0.01;
  const scope = input.module ?? null;
  const groups = new Map<string, { benchmark: string; ref: string; kind: FindingsKind; profiles: Profile[] }>();
  for (const x of input.profiles) {
    if (input.baseRef !== undefined && x.ref === input.baseRef) continue;
    const key = JSON.stringify([x.benchmark, x.ref, x.kind]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { benchmark: x.benchmark, ref: x.ref, kind: x.kind, profiles: [] }));
    g.profiles.push(x.profile);
  }
  const accs = new Map<string, Acc>();
  const hot: HotLine[] = [];
  for (const g of groups.values()) {
    const info = kindInfo(g.kind);
    if (!info) continue;
    const p = g.profiles.length === 1 ? g.profiles[0] : mergeProfiles(g.profiles);
    const ti = typeIndex(p, info.sampleType);
    const sampleType: SampleTypeInfo = p.sampleTypes[ti];
    const a = attribute(p, ti, info.as, scope);
    // CPU and bytes are shares of the whole profile; waits are shares of the waiting charged
    // to the module (the harness waits for the whole run and would drown every share).
    const total = info.as === 'block' || info.as === 'mutex' ? a.attributed : a.total;
    if (total <= 0) continue;
    // Sites of one (function, line, category) add up across patterns in the same profile.
    const perKey = new Map<string, { acc: Acc; value: number; callees: Map<string, number> }>();
    for (const s of a.sites) {
      if (s.pattern === null) {
        if (info.as === 'cpu' && s.value / total >= minShare) hot.push({ location: `${s.file}:${s.line}`, function: s.func, benchmark: g.benchmark, share: s.value / total });
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
      let callee = '', best = -1;
      for (const [c, v] of callees) if (v > best) { callee = c; best = v; }
      acc.benchmarks.push({ name: g.benchmark, ref: g.ref, kind: g.kind, sampleType, share: value / total, value, total, callee });
    }
  }

  const findings: Finding[] = [];
  for (const acc of accs.values()) {
    const bySharesDesc = [...acc.benchmarks].sort((x, y) => y.share - x.share || x.name.localeCompare(y.name));
    if (bySharesDesc.length === 0 || bySharesDesc[0].share < minShare) continue;
    let pattern: Pattern = acc.patterns.keys().next().value!, pv = -1;
    for (const [pt, v] of acc.patterns) if (v > pv) { pattern = pt; pv = v; }
    if (pattern === 'alloc') {
      // A specific pattern seen in any profile (the CPU profile keeps growslice, concatstrings)
      // beats the generic one; else the source line may tell.
      let sv = 0;
      for (const [pt, v] of acc.patterns) if (pt !== 'alloc' && v > sv) { pattern = pt; sv = v; }
      if (pattern === 'alloc') pattern = allocPatternOfLine(input.sourceLine?.(acc.file, acc.line)) ?? 'alloc';
    }
    // One share per benchmark (its largest over kinds) decides the impact.
    const perBench = new Map<string, number>();
    for (const b of acc.benchmarks) perBench.set(`${b.name}\0${b.ref}`, Math.max(perBench.get(`${b.name}\0${b.ref}`) ?? 0, b.share));
    const impact = impactOf([...perBench.values()]);
    const lead = bySharesDesc.find((b) => b.callee !== '') ?? bySharesDesc[0];
    const rule = ruleFor(pattern, acc.func, lead.callee);
    const location = `${acc.file}:${acc.line}`;
    const base = { category: acc.category, location, function: acc.func, impact, complexity: rule.complexity, benchmarks: bySharesDesc, share: bySharesDesc[0].share };
    findings.push({ ...base, title: findingTitle(base, rule), body: findingBody(base, rule, perBench.size) });
  }
  findings.sort((x, y) => LEVEL_RANK[x.impact] - LEVEL_RANK[y.impact] || LEVEL_RANK[y.complexity] - LEVEL_RANK[x.complexity] || y.share - x.share || x.location.localeCompare(y.location));
  hot.sort((x, y) => y.share - x.share);
  const hotLines = hot.slice(0, 5);
  return {
    runId: input.runId,
    modulePath: scope?.path ?? null,
    findings,
    hotLines,
    markdown: renderFindingsMarkdown(input.runId, findings, hotLines, input.profiles.length),
  };
}
