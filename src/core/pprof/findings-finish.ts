// Finishing findings (on the lab's side of the analysis worker, where git and the compiler's
// notes are at hand): each draft's location is checked against the profiled commit's file, its
// rule settled (the source line refines a generic allocation), the compiler's notes and the
// earlier perf commits that touched its function attached; a finding such a commit clearly
// made already (its subject names the function and the rule's change) is left out. Then the
// sort, the grouping into tracker issues (related Low/Medium allocation findings of one
// function, else of one file, become one issue) and the text.
import type {
  CompilerChange,
  CompilerEvidence,
  CompilerNote,
  Finding,
  FindingIssue,
  FindingLevel,
  FindingsReport,
  PerfCommit,
} from '../../shared/profile-types.js';
import { notesForFinding } from '../compiler/compiler-attach.js';
import type { ParsedNotes } from '../compiler/compiler-notes.js';
import { compilerName, topLevelName } from '../compiler/compiler-notes.js';
import { PATTERN_CATEGORY } from './findings-attribute.js';
import { findingDrafts, impactOf, type FindingDraft, type FindingsDrafts, type FindingsInput } from './findings.js';
import { findingBody, findingTitle, groupBody, groupTitle, renderFindingsMarkdown } from './findings-markdown.js';
import { allocPatternOfLine, ruleFor, shortName, type Rule } from './findings-rules.js';

export interface FinishExtras {
  /** The text of a module-relative file's line at the profiled commit. */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  /** Lines in a module-relative file at the profiled commit; null: no such file there; undefined: not known. */
  readonly lineCount?: (file: string) => number | null | undefined;
  /** How the profiled commit is named in a skip reason ("commit 1a2b3c4d5e6f"). */
  readonly checkedAt?: string;
  readonly compiler?: { readonly evidence: CompilerEvidence; readonly notes: ParsedNotes } | null;
  /** What the compiler decided differently from the run's base column, for the findings' functions. */
  readonly compilerSince?: { readonly base: string; readonly changes: readonly CompilerChange[] } | null;
  /** Earlier perf commits that touched a function (newest first). */
  readonly perfCommits?: (file: string, func: string) => readonly PerfCommit[];
}

const LEVEL_RANK: Readonly<Record<FindingLevel, number>> = { High: 0, Medium: 1, Low: 2 };

/** A commit whose subject names the function and the change the rule proposes. */
export function addressedBy(commits: readonly PerfCommit[], func: string, rule: Rule): PerfCommit | null {
  const name = topLevelName(shortName(func)).replace(/^\(\*?(\w+)\)\./, '$1.');
  const bare = name.slice(name.lastIndexOf('.') + 1);
  return commits.find((c) => new RegExp(`\\b${bare.replace(/[^\w]/g, '')}\\b`).test(c.subject) && rule.keywords.test(c.subject)) ?? null;
}

interface Done {
  readonly finding: Finding;
  readonly rule: Rule;
}

const CHANGE_KIND: Readonly<Record<CompilerChange['change'], CompilerNote['kind']>> = {
  'no longer inlined': 'inline',
  'now inlined': 'inline',
  'now escapes': 'escape',
  'no longer escapes': 'escape',
  'bounds checks': 'bounds',
};

/** The compiler's changes from the base column in the finding's function (same package directory). */
function sinceBase(since: FinishExtras['compilerSince'], file: string, func: string): CompilerNote[] {
  if (!since) return [];
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const name = topLevelName(compilerName(func));
  return since.changes
    .filter((c) => c.function === name && (c.location.includes('/') ? c.location.slice(0, c.location.lastIndexOf('/')) : '.') === dir)
    .map((c) => ({
      location: c.location,
      kind: CHANGE_KIND[c.change],
      text: `since ${since.base}: ${c.change} (${c.text}${c.before ? `; was: ${c.before}` : ''})${c.at === 'base' ? ` (line at ${since.base})` : ''}`,
    }));
}

/**
 * Drafts with their generic allocation refined by the source line, and the drafts that then
 * share a (function, line, category) merged: a go statement's closure allocation (heap profile)
 * and its runtime.newproc time (CPU profile) are one finding.
 */
function refineDrafts(drafts: readonly FindingDraft[], sourceLine: FinishExtras['sourceLine']): FindingDraft[] {
  const out = new Map<string, FindingDraft>();
  // Drafts whose pattern came from the profile's own frames (not from the source line).
  const direct = new Set<FindingDraft>();
  for (const d of drafts) {
    const pattern = d.pattern === 'alloc' ? (allocPatternOfLine(sourceLine?.(d.file, d.line)) ?? 'alloc') : d.pattern;
    const f: FindingDraft = { ...d, pattern, category: PATTERN_CATEGORY[pattern] };
    const key = JSON.stringify([f.function, f.file, f.line, f.category]);
    const seen = out.get(key);
    if (d.pattern === pattern) direct.add(f);
    if (!seen) {
      out.set(key, f);
      continue;
    }
    const benchmarks = [...seen.benchmarks, ...f.benchmarks].sort((p, q) => q.share - p.share || p.name.localeCompare(q.name));
    const perBench = new Map<string, number>();
    for (const b of benchmarks) perBench.set(`${b.name}\0${b.ref}`, Math.max(perBench.get(`${b.name}\0${b.ref}`) ?? 0, b.share));
    // The evidence of the pattern itself (newproc in the CPU profile) names the callee when present.
    const lead = direct.has(f) !== direct.has(seen) ? (direct.has(f) ? f : seen) : seen.share >= f.share ? seen : f;
    const merged: FindingDraft = {
      ...seen,
      impact: impactOf([...perBench.values()]),
      share: benchmarks[0].share,
      benchmarks,
      callee: lead.callee,
      benchCount: perBench.size,
    };
    if (direct.has(lead)) direct.add(merged);
    out.set(key, merged);
  }
  return [...out.values()];
}

export function finishFindings(d: FindingsDrafts, x: FinishExtras = {}): FindingsReport {
  const done: Done[] = [];
  const skipped: { location: string; function: string; reason: string }[] = [];
  for (const f of refineDrafts(d.drafts, x.sourceLine)) {
    const location = `${f.file}:${f.line}`;
    const lines = x.lineCount?.(f.file);
    const at = x.checkedAt ?? 'the profiled commit';
    if (lines === null) {
      skipped.push({ location, function: f.function, reason: `${f.file} is not in the repository at ${at}` });
      continue;
    }
    if (lines !== undefined && f.line > lines) {
      skipped.push({ location, function: f.function, reason: `${f.file} has ${lines} lines at ${at}` });
      continue;
    }
    const rule = ruleFor(f.pattern, f.function, f.callee);
    const perfCommits = x.perfCommits?.(f.file, f.function) ?? [];
    const made = addressedBy(perfCommits, f.function, rule);
    if (made) {
      skipped.push({ location, function: f.function, reason: `already addressed by ${made.sha.slice(0, 12)} "${made.subject}"` });
      continue;
    }
    const compiler = [
      ...(x.compiler ? notesForFinding(x.compiler.notes, f.file, f.line, f.function) : []),
      ...sinceBase(x.compilerSince, f.file, f.function),
    ];
    const base = {
      category: f.category,
      location,
      function: f.function,
      impact: f.impact,
      complexity: rule.complexity,
      benchmarks: f.benchmarks,
      share: f.share,
      compiler,
      perfCommits,
    };
    const title = findingTitle(base, rule);
    done.push({
      rule,
      finding: { ...base, title, body: findingBody(base, rule, f.benchCount, x.compiler?.evidence ?? null), issue: null },
    });
  }
  done.sort(
    (p, q) =>
      LEVEL_RANK[p.finding.impact] - LEVEL_RANK[q.finding.impact] ||
      LEVEL_RANK[q.finding.complexity] - LEVEL_RANK[p.finding.complexity] ||
      q.finding.share - p.finding.share ||
      p.finding.location.localeCompare(q.finding.location),
  );
  const issueOf = new Map<Done, FindingIssue>();
  for (const g of groups(done)) {
    const shares = new Map<string, number>();
    for (const m of g.members)
      for (const b of m.finding.benchmarks) {
        const k = `${b.name}\0${b.ref}\0${b.kind}`;
        shares.set(k, (shares.get(k) ?? 0) + b.share);
      }
    const perBench = new Map<string, number>();
    for (const [k, v] of shares) {
      const nb = k.split('\0').slice(0, 2).join('\0');
      perBench.set(nb, Math.max(perBench.get(nb) ?? 0, v));
    }
    const impact = impactOf([...perBench.values()]);
    if (impact === 'Low') continue;
    // The hardest of the changes (High has the lowest rank).
    const complexity = g.members.reduce<FindingLevel>(
      (c, m) => (LEVEL_RANK[m.finding.complexity] < LEVEL_RANK[c] ? m.finding.complexity : c),
      'Low',
    );
    const title = groupTitle(
      g.byFunction,
      g.members.map((m) => m.finding),
    );
    const issue: FindingIssue = {
      title,
      impact,
      complexity,
      locations: g.members.map((m) => m.finding.location),
      body: groupBody(
        g.members.map((m) => ({ finding: m.finding, rule: m.rule })),
        impact,
        complexity,
        perBench.size,
        x.compiler?.evidence ?? null,
      ),
    };
    for (const m of g.members) issueOf.set(m, issue);
  }
  const issues: FindingIssue[] = [];
  const findings: Finding[] = done.map((m) => {
    const grouped = issueOf.get(m);
    if (grouped) {
      if (!issues.includes(grouped)) issues.push(grouped);
      return { ...m.finding, issue: grouped.title };
    }
    if (m.finding.impact === 'Low') return m.finding;
    const f = m.finding;
    issues.push({ title: f.title, body: f.body, impact: f.impact, complexity: f.complexity, locations: [f.location] });
    return { ...f, issue: f.title };
  });
  issues.sort((p, q) => LEVEL_RANK[p.impact] - LEVEL_RANK[q.impact] || LEVEL_RANK[q.complexity] - LEVEL_RANK[p.complexity]);
  const compiler = x.compiler?.evidence ?? null;
  return {
    runId: d.runId,
    modulePath: d.modulePath,
    findings,
    hotLines: d.hotLines,
    issues,
    compiler,
    skipped,
    markdown: renderFindingsMarkdown(d.runId, findings, issues, d.hotLines, d.profileCount, compiler, skipped),
  };
}

/** Related allocation findings (Low or Medium): two or more in one function, else two or more left in one file. */
function groups(done: readonly Done[]): { byFunction: boolean; members: Done[] }[] {
  const cands = done.filter((m) => m.finding.category === 'allocation' && m.finding.impact !== 'High');
  const by = (key: (m: Done) => string, list: readonly Done[]) => {
    const out = new Map<string, Done[]>();
    for (const m of list) {
      const k = key(m);
      const l = out.get(k);
      if (l) l.push(m);
      else out.set(k, [m]);
    }
    return out;
  };
  const result: { byFunction: boolean; members: Done[] }[] = [];
  const taken = new Set<Done>();
  for (const [, ms] of by((m) => m.finding.function, cands)) {
    if (ms.length < 2) continue;
    result.push({ byFunction: true, members: ms });
    for (const m of ms) taken.add(m);
  }
  for (const [, ms] of by(
    (m) => m.finding.location.slice(0, m.finding.location.lastIndexOf(':')),
    cands.filter((m) => !taken.has(m)),
  )) {
    if (ms.length >= 2) result.push({ byFunction: false, members: ms });
  }
  return result;
}

/** Findings of a set of profiles in one step (no compiler notes, commits or git checks). */
export function findingsFromProfiles(input: FindingsInput): FindingsReport {
  return finishFindings(findingDrafts(input), { sourceLine: input.sourceLine });
}
