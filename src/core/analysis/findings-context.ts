// What turns the analysis worker's finding drafts into the report, on the lab's side: the
// profiled commit's files (read through git at the run's commit, not from the module on disk:
// locations are checked against them and they refine allocation rules), the compiler's notes
// of that commit built as measured (compiler-build.ts), and the earlier `perf` commits that
// touched each finding's function (`git log -L` over the function's lines). Also the compiler
// diff between two columns of a run, for the hot functions.
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { BuildRecord, Repo, RunRef, RunSpec } from '../../shared/models.js';
import type { CompilerEvidence, CompilerDiffReport, FindingsReport, PerfCommit } from '../../shared/profile-types.js';
import { LabFailure } from '../../shared/errors.js';
import { columnNotes, type NotesDeps } from '../compiler/compiler-build.js';
import { diffCompilerNotes, renderCompilerChanges } from '../compiler/compiler-diff.js';
import { compilerName } from '../compiler/compiler-notes.js';
import { commitsTouchingLines, showFileAt } from '../git/index.js';
import type { FindingsDrafts } from '../pprof/findings.js';
import { finishFindings } from '../pprof/findings-finish.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_HISTORY_LOOKUPS = 60;

export interface RunFacts {
  readonly repo: Repo | null;
  readonly spec: RunSpec | null;
  readonly refs: readonly RunRef[];
  readonly builds: readonly BuildRecord[];
}

/** The column the findings are about: the ref most findings' largest share comes from (else the last). */
export function profiledRef(d: FindingsDrafts, refs: readonly RunRef[]): RunRef | null {
  const votes = new Map<string, number>();
  for (const f of d.drafts) votes.set(f.benchmarks[0].ref, (votes.get(f.benchmarks[0].ref) ?? 0) + 1);
  let best: string | null = null;
  for (const [label, n] of votes) if (best === null || n > votes.get(best)!) best = label;
  return refs.find((r) => r.label === best) ?? refs[refs.length - 1] ?? null;
}

/** The lines of each file: at the commit through git, or (uncommitted changes) from the working tree. */
async function readSources(deps: NotesDeps, repo: Repo, ref: RunRef, files: readonly string[]): Promise<Map<string, string[] | null>> {
  const out = new Map<string, string[] | null>();
  for (const file of files) {
    let text: string | null = null;
    try {
      if (ref.dirty) {
        const root = resolve(repo.path);
        const p = resolve(root, file);
        if (p.startsWith(root + sep) && statSync(p).size <= MAX_FILE_BYTES) text = readFileSync(p, 'utf8');
      } else {
        const path = repo.moduleSubdir ? `${repo.moduleSubdir}/${file}` : file;
        text = await showFileAt(deps.git, repo.gitRoot, ref.sha, path);
        if (text !== null && text.length > MAX_FILE_BYTES) text = null;
      }
    } catch (e) {
      if (!(e instanceof LabFailure) && !(e as NodeJS.ErrnoException).code) throw e;
      text = null;
    }
    out.set(file, text === null ? null : text.split('\n'));
  }
  return out;
}

/** The lines of the function around `line`: from its `func` line to the first `}` in column 0 (null: not inside one). */
export function functionRange(lines: readonly string[], line: number): { from: number; to: number } | null {
  let from = -1;
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--)
    if (lines[i].startsWith('func ')) {
      from = i;
      break;
    }
  if (from < 0) return null;
  if (/\}\s*$/.test(lines[from])) return from + 1 === line ? { from: from + 1, to: from + 1 } : null; // a one-line function
  for (let i = from; i < lines.length; i++)
    if (lines[i] === '}' || lines[i].startsWith('}')) return i + 1 >= line ? { from: from + 1, to: i + 1 } : null;
  return null;
}

/**
 * The report. Without go or git (ToolMissing) the findings still come, unchecked and without
 * compiler notes, and the report says why.
 */
export async function finishRunFindings(getDeps: () => Promise<NotesDeps>, d: FindingsDrafts, run: RunFacts): Promise<FindingsReport> {
  const { repo } = run;
  const ref = profiledRef(d, run.refs);
  if (!repo || !ref || !ref.sha || d.drafts.length === 0) return finishFindings(d, {});
  let deps: NotesDeps;
  try {
    deps = await getDeps();
  } catch (e) {
    if (!(e instanceof LabFailure) || e.error.code !== 'ToolMissing') throw e;
    const evidence: CompilerEvidence = { ref: ref.label, commit: ref.sha, command: '', unavailable: e.error.message };
    return finishFindings(d, { compiler: { evidence, notes: { files: {} } } });
  }
  const files = [...new Set(d.drafts.map((f) => f.file))];
  const sources = await readSources(deps, repo, ref, files);
  const checkedAt = ref.dirty ? `the working tree (${ref.label} measured uncommitted changes)` : `${ref.label} (${ref.sha.slice(0, 12)})`;

  const history = new Map<string, PerfCommit[]>();
  if (!ref.dirty) {
    let lookups = 0;
    for (const f of d.drafts) {
      const key = `${f.file}\0${f.function}`;
      const lines = sources.get(f.file);
      if (history.has(key) || !lines || lookups >= MAX_HISTORY_LOOKUPS) continue;
      const range = functionRange(lines, f.line);
      if (!range) {
        history.set(key, []);
        continue;
      }
      lookups++;
      const path = repo.moduleSubdir ? `${repo.moduleSubdir}/${f.file}` : f.file;
      const commits = await commitsTouchingLines(deps.git, repo.gitRoot, ref.sha, path, range.from, range.to).catch(() => []);
      history.set(
        key,
        commits.filter((c) => /^perf\b/i.test(c.subject)),
      );
    }
  }

  const cn = await columnNotes(deps, repo, run.spec, ref, run.builds);
  const evidence: CompilerEvidence = { ref: ref.label, commit: ref.sha, command: cn.command, unavailable: cn.unavailable };
  // With a base column, what the compiler decided differently since, in the findings' functions.
  let compilerSince: { base: string; changes: ReturnType<typeof diffCompilerNotes> } | null = null;
  const base = run.refs.length > 1 ? run.refs[0] : null;
  if (cn.unavailable === null && base && base !== ref && d.drafts.length > 0) {
    const bn = await columnNotes(deps, repo, run.spec, base, run.builds);
    if (bn.unavailable === null) {
      const fns = d.drafts.map((f) => ({
        dir: f.file.includes('/') ? f.file.slice(0, f.file.lastIndexOf('/')) : '.',
        name: compilerName(f.function),
      }));
      compilerSince = { base: base.label, changes: diffCompilerNotes(bn.notes, cn.notes, fns) };
    }
  }
  return finishFindings(d, {
    sourceLine: (file, line) => sources.get(file)?.[line - 1],
    lineCount: (file) => {
      const l = sources.get(file);
      if (l === undefined) return undefined;
      if (l === null) return null;
      return l.length > 0 && l[l.length - 1] === '' ? l.length - 1 : l.length;
    },
    checkedAt,
    compiler: { evidence, notes: cn.notes },
    compilerSince,
    perfCommits: (file, func) => history.get(`${file}\0${func}`) ?? [],
  });
}

/** What the compiler decided differently from `base` to `head` for the hot functions of the run. */
export async function runCompilerDiff(
  deps: NotesDeps,
  d: FindingsDrafts | null,
  run: RunFacts,
  base: RunRef,
  head: RunRef,
): Promise<CompilerDiffReport> {
  const repo = run.repo;
  const none = (why: string): CompilerDiffReport => ({
    base: base.label,
    head: head.label,
    baseCommit: base.sha,
    headCommit: head.sha,
    hotFunctions: 0,
    changes: [],
    unavailable: why,
    text: `No compiler diff: ${why}.\n`,
  });
  if (!repo) return none('the run has no repository');
  const [b, h] = [await columnNotes(deps, repo, run.spec, base, run.builds), await columnNotes(deps, repo, run.spec, head, run.builds)];
  if (b.unavailable !== null) return none(`${base.label}: ${b.unavailable}`);
  if (h.unavailable !== null) return none(`${head.label}: ${h.unavailable}`);
  const hot =
    d && d.hotFunctions.length > 0
      ? d.hotFunctions.map((x) => ({
          dir: x.file.includes('/') ? x.file.slice(0, x.file.lastIndexOf('/')) : '.',
          name: compilerName(x.function),
        }))
      : null;
  const changes = diffCompilerNotes(b.notes, h.notes, hot);
  const scope =
    hot === null
      ? 'every function (the run has no profiles to tell the hot ones)'
      : `${new Set(hot.map((x) => `${x.dir}/${x.name}`)).size} hot functions`;
  return {
    base: base.label,
    head: head.label,
    baseCommit: base.sha,
    headCommit: head.sha,
    hotFunctions: hot === null ? 0 : new Set(hot.map((x) => `${x.dir}/${x.name}`)).size,
    changes,
    unavailable: null,
    text: `${renderCompilerChanges(changes, base.label, head.label)}(compared: ${scope}; ${b.command})\n`,
  };
}
