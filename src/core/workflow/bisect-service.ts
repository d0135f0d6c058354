// Statistical bisect, run by the lab: confirm that bad is worse than good beyond the
// threshold, then binary-search the first-parent commits between them (bisect-search.ts).
// Each step is one stored run: good, the candidate and bad, rounds interleaved as every run
// does, with adaptive rounds added (up to maxCount) until the candidate is decided like good
// or like bad (bisect-decide.ts, alpha spent over looks, decisions and series). Commits are
// built in app-owned worktrees and each binary is built once (the runner's binary cache), so
// the user's checkout is never touched. A candidate that does not build is skipped. Every
// change is stored (store/bisects.ts) and sent as a `bisect-update`; a bisect whose lab process
// ended while it ran reads as `interrupted`.
import { fail, LabFailure, toLabError } from '../../shared/errors.js';
import type { Parsed } from '../../shared/api.js';
import type { BisectReport, BisectStep } from '../../shared/bisect-types.js';
import type { Repo } from '../../shared/models.js';
import { commitSubjects, firstParentRange, isAncestor, resolveRef, validateRefName } from '../git/index.js';
import type { LabEvent } from '../../shared/api.js';
import type { GitTool } from '../git/index.js';
import type { RunService } from '../runner/run-service.js';
import type { OpenedDb } from '../store/open-db.js';
import { parseInput } from '../lab-input.js';
import { plannedLooks } from '../runner/adaptive.js';
import { validateBenchRegex } from '../runner/bench-regex.js';
import type { AdaptiveHook } from '../runner/execute.js';
import type { Db } from '../store/open-db.js';
import { getRunDetail } from '../store/runs.js';
import { insertBisect, saveBisect } from '../store/bisects.js';
import { selfIdentity } from '../proc/process-identity.js';
import { plannedDecisions } from './bisect-decide.js';
import { bisectEvidence, runUnits } from './bisect-samples.js';
import { judgeStep, type Judged } from './bisect-judge.js';
import { recoverInterruptedBisects, storedBisect, storedBisects } from './bisect-stored.js';
import { afterOutcome, initialSearch, nextStep, remaining, type SearchState } from './bisect-search.js';
import { reproduceCommands } from './bisect-text.js';

type Input = Parsed<'startBisect'>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableReport = Omit<Mutable<BisectReport>, 'steps'> & { steps: BisectStep[] };

interface Entry {
  report: MutableReport;
  readonly input: Input;
  readonly repo: Repo;
  readonly abort: AbortController;
  currentRun: number | null;
  /** Series keys confirmed worse: the ones each candidate is judged on. */
  judged: Set<string>;
  done: Promise<void>;
}

/** What a bisect needs of the lab (the lab context has it all; named here so this module does
 * not import the context that holds the service). */
export interface BisectDeps {
  readonly store: OpenedDb;
  readonly runs: RunService;
  emit(e: LabEvent): void;
  gitTool(): Promise<GitTool>;
  writable(): void;
  resolveRepo(ref: string | number): Repo;
}

/** Bisects the list shows (newest first). */
const LIST_LIMIT = 200;

export class BisectService {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly ctx: BisectDeps) {}

  async start(i: Input): Promise<BisectReport> {
    this.ctx.writable();
    const repo = this.ctx.resolveRepo(i.repo);
    if (!repo.trusted) fail('RepoNotTrusted', { path: repo.path });
    validateBenchRegex(i.bench);
    const maxCount = i.maxCount ?? i.count * 3;
    if (maxCount < i.count) fail('InvalidInput', { field: 'maxCount', value: String(maxCount) }, `at least --count (${i.count})`);
    validateRefName(i.good);
    validateRefName(i.bad);
    const git = await this.ctx.gitTool();
    const good = await resolveRef(git, repo.gitRoot, i.good);
    const bad = await resolveRef(git, repo.gitRoot, i.bad);
    if (good === bad) fail('InvalidInput', { field: 'bad', value: i.bad }, `${i.good} and ${i.bad} are the same commit`);
    if (!(await isAncestor(git, repo.gitRoot, good, bad))) {
      fail(
        'InvalidInput',
        { field: 'good', value: i.good },
        `${i.good} is not an ancestor of ${i.bad}: bisect searches the first-parent commits from good to bad`,
      );
    }
    const commits = await firstParentRange(git, repo.gitRoot, good, bad);
    if (commits.length === 0) fail('InvalidInput', { field: 'bad', value: i.bad }, `${i.bad} has no first-parent commits after ${i.good}`);
    const subjects = await commitSubjects(git, repo.gitRoot, [good, bad]);
    const report: MutableReport = {
      id: 0,
      repoId: repo.id,
      repoPath: repo.path,
      status: 'running',
      good: { ref: i.good, sha: good, subject: subjects.get(good) ?? '' },
      bad: { ref: i.bad, sha: bad, subject: subjects.get(bad) ?? '' },
      settings: {
        bench: i.bench,
        packages: i.packages,
        unit: i.unit,
        thresholdPct: i.thresholdPct,
        alpha: i.alpha,
        count: i.count,
        maxCount,
        benchtime: i.benchtime,
        cpu: i.cpu,
        env: i.env,
      },
      commits,
      lookAlpha: 0,
      firstBad: null,
      interval: null,
      skipped: [],
      steps: [],
      evidence: null,
      message: `confirming that ${i.bad} is worse than ${i.good}`,
      reproduce: [],
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    const e: Entry = {
      report,
      input: { ...i, maxCount },
      repo,
      abort: new AbortController(),
      currentRun: null,
      judged: new Set(),
      done: Promise.resolve(),
    };
    const { id: _, ...stored } = report;
    report.id = insertBisect(this.ctx.store.db, stored, selfIdentity());
    this.entries.set(report.id, e);
    e.done = this.execute(e);
    this.emit(e);
    return snapshot(report);
  }

  status(id: number): BisectReport {
    const e = this.entries.get(id);
    return e ? snapshot(e.report) : this.stored(id);
  }

  list(): BisectReport[] {
    return storedBisects(this.ctx.store.db, LIST_LIMIT).map((r) => {
      const e = this.entries.get(r.id);
      return e ? snapshot(e.report) : r;
    });
  }

  cancel(id: number): boolean {
    const e = this.entries.get(id);
    if (!e) {
      const { report: r, row } = storedBisect(this.ctx.store.db, id);
      if (r.status !== 'running') return false;
      fail(
        'InvalidInput',
        { field: 'id', value: String(id) },
        `bisect ${id} runs in another lab process (pid ${row.ownerPid}): cancel it there (Ctrl-C in its terminal)`,
      );
    }
    if (e.report.status !== 'running') return false;
    e.abort.abort();
    if (e.currentRun !== null) this.ctx.runs.cancel(e.currentRun);
    return true;
  }

  async wait(id: number): Promise<BisectReport> {
    const e = this.entries.get(id);
    if (!e) return this.stored(id);
    await e.done;
    return snapshot(e.report);
  }

  /** At lab start: bisects left running by a lab process that no longer exists are stored as interrupted. */
  recoverInterrupted(): number[] {
    return recoverInterruptedBisects(this.ctx.store);
  }

  private stored(id: number): BisectReport {
    return storedBisect(this.ctx.store.db, id).report;
  }

  async cancelAll(): Promise<void> {
    for (const e of this.entries.values()) if (e.report.status === 'running') this.cancel(e.report.id);
    await Promise.allSettled([...this.entries.values()].map((e) => e.done));
  }

  private emit(e: Entry): void {
    const report = snapshot(e.report);
    try {
      saveBisect(this.ctx.store.db, report);
    } catch {
      // A full disk must not stop the measuring: this process still serves the report.
    }
    this.ctx.emit({ type: 'bisect-update', bisectId: e.report.id, report });
  }

  private async execute(e: Entry): Promise<void> {
    const r = e.report;
    const n = r.commits.length;
    try {
      const confirm = await this.step(e, 'confirm', n - 1, null);
      if (confirm.state === 'not worse') {
        return this.finish(
          e,
          'not-worse',
          `${r.bad.ref} is not worse than ${r.good.ref} beyond ${r.settings.thresholdPct}% in ${r.settings.unit}`,
        );
      }
      if (confirm.state !== 'worse') {
        r.interval = [...r.commits];
        return this.finish(
          e,
          'undecided',
          `could not confirm that ${r.bad.ref} is worse than ${r.good.ref} beyond ${r.settings.thresholdPct}% ` +
            `after ${confirm.rounds} rounds: measure with a larger --max-count or --benchtime`,
        );
      }
      e.judged = new Set(confirm.keys);
      let s: SearchState = initialSearch(n);
      for (;;) {
        const next = nextStep(s);
        if (next.kind === 'found') {
          r.firstBad = r.commits[next.index];
          this.addEvidence(e, next.index);
          return this.finish(e, 'found', `first bad commit: ${r.firstBad.sha.slice(0, 12)} ${r.firstBad.subject}`);
        }
        if (next.kind === 'skipped-out') {
          r.interval = next.interval.map((k) => r.commits[k]);
          return this.finish(
            e,
            'undecided',
            `only skipped commits are left: the first bad commit is one of ${r.interval.map((c) => c.sha.slice(0, 12)).join(', ')}`,
          );
        }
        const out = await this.step(e, 'candidate', next.index, s);
        if (out.state === 'like good' || out.state === 'like bad' || out.state === 'skipped') {
          s = afterOutcome(s, next.index, out.state);
          continue;
        }
        r.interval = r.commits.slice(s.lo + 1, s.hi + 1);
        return this.finish(
          e,
          'undecided',
          `could not decide ${r.commits[next.index].sha.slice(0, 12)} after ${out.rounds} rounds: ` +
            `the first bad commit is one of the ${r.interval.length} commits after ` +
            `${s.lo < 0 ? r.good.ref : r.commits[s.lo].sha.slice(0, 12)} up to ${r.commits[s.hi].sha.slice(0, 12)}`,
        );
      }
    } catch (err) {
      const le = toLabError(err);
      if (e.abort.signal.aborted || le.code === 'Canceled') return this.finish(e, 'canceled', 'canceled');
      r.error = le;
      return this.finish(e, 'failed', `could not measure: ${le.message}`);
    }
  }

  private finish(e: Entry, status: BisectReport['status'], message: string): void {
    const r = e.report;
    // A step left measuring by a failure or a cancel says how it ended.
    r.steps = r.steps.map((st) =>
      st.state === 'measuring'
        ? { ...st, state: status === 'canceled' ? 'undecided' : 'failed', note: status === 'canceled' ? 'canceled' : message }
        : st,
    );
    r.status = status;
    r.message = message;
    r.finishedAt = new Date().toISOString();
    r.reproduce = reproduceCommands(r);
    this.emit(e);
  }

  /** Measures one step (a stored run) and judges it. */
  private async step(e: Entry, kind: 'confirm' | 'candidate', index: number, s: SearchState | null): Promise<Judged> {
    const r = e.report;
    const i = e.input;
    if (e.abort.signal.aborted) throw new LabFailure({ code: 'Canceled', message: 'canceled' });
    const commit = r.commits[index];
    const refs = kind === 'confirm' ? [r.good.sha, r.bad.sha] : [r.good.sha, commit.sha, r.bad.sha];
    const stepIndex = r.steps.length;
    const base: BisectStep = {
      index: stepIndex,
      kind,
      sha: commit.sha,
      subject: commit.subject,
      position: index + 1,
      runId: null,
      state: 'measuring',
      rounds: 0,
      series: [],
      remaining: s ? remaining(s) : r.commits.length,
      note: '',
    };
    r.steps.push(base);
    r.message =
      kind === 'confirm'
        ? `confirming that ${r.bad.ref} is worse than ${r.good.ref}`
        : `measuring ${commit.sha.slice(0, 12)} (${commit.subject})`;
    this.emit(e);
    const maxCount = i.maxCount ?? i.count;
    const looks = maxCount > i.count ? plannedLooks(i.count, maxCount) : 1;
    const decisions = plannedDecisions(r.commits.length);
    const judge = (db: Db, runId: number, refIds: readonly number[]) =>
      judgeStep(db, {
        kind,
        runId,
        refIds,
        unit: i.unit,
        judged: e.judged,
        alpha: i.alpha,
        looks,
        decisions,
        thresholdPct: i.thresholdPct,
      });
    const hook: AdaptiveHook = {
      decide: (db, runId, columns) => {
        const j = judge(
          db,
          runId,
          columns.map((c) => c.runRefId),
        );
        r.lookAlpha = j.alpha;
        return {
          undecided: j.state === 'undecided' ? j.tops : new Set(),
          undecidedRows: j.state === 'undecided' ? 1 : 0,
          decidedRows: j.state === 'undecided' ? 0 : 1,
          alpha: j.alpha,
        };
      },
      note:
        `bisect ${r.id} ${kind === 'confirm' ? 'confirmation' : `candidate ${commit.sha.slice(0, 12)}`}: ` +
        `each look tests at alpha ${i.alpha} / (${looks} looks x ${decisions} decisions x series)`,
    };
    const spec = parseInput('startRun', {
      repo: e.repo.id,
      packages: i.packages,
      bench: i.bench,
      refs,
      count: i.count,
      cpu: i.cpu,
      benchtime: i.benchtime,
      env: i.env,
      timeout: i.timeout,
      untilSignificant: maxCount > i.count ? maxCount : undefined,
      label: `bisect ${r.id}: ${kind === 'confirm' ? 'confirm' : `step ${stepIndex}`} ${commit.sha.slice(0, 12)}`,
    }) as Parsed<'startRun'>;
    const runId = await this.ctx.runs.start({ ...spec, repo: e.repo.path }, e.repo, hook);
    e.currentRun = runId;
    r.steps[stepIndex] = { ...base, runId };
    this.emit(e);
    if (e.abort.signal.aborted) this.ctx.runs.cancel(runId);
    await this.ctx.runs.wait(runId);
    e.currentRun = null;
    const db = this.ctx.store.db;
    const d = getRunDetail(db, runId);
    const set = (patch: Partial<BisectStep>) => {
      // What is left once this outcome is applied (the search applies it right after).
      const st = patch.state;
      const left = s && (st === 'like good' || st === 'like bad' || st === 'skipped') ? remaining(afterOutcome(s, index, st)) : undefined;
      r.steps[stepIndex] = { ...r.steps[stepIndex], ...patch, ...(left !== undefined ? { remaining: left } : {}) };
      this.emit(e);
    };
    if (!d || d.status === 'canceled' || e.abort.signal.aborted) throw new LabFailure({ code: 'Canceled', message: 'canceled' });
    if (d.status === 'failed') {
      const err = d.error;
      if (kind === 'candidate' && err?.code === 'BuildFailed' && err.detail.ref === commit.sha) {
        const why =
          err.detail.output
            .split('\n')
            .find((l) => l.trim() && !l.startsWith('#'))
            ?.trim() ?? '';
        const note = `does not build (${err.detail.pkg}${why ? `: ${why.slice(0, 200)}` : ''}): skipped, as git bisect skip`;
        r.skipped = [...r.skipped, { sha: commit.sha, subject: commit.subject, note }];
        set({ state: 'skipped', note });
        return { series: [], keys: [], tops: new Set(), state: 'skipped', rounds: 0 };
      }
      set({ state: 'failed', note: d.statusDetail.split('\n')[0] });
      throw new LabFailure(err ?? { code: 'RunFailed', message: `run ${runId} failed`, detail: { runId, status: d.status } });
    }
    const refIds = [...d.refs].sort((a, b) => a.position - b.position).map((x) => x.id);
    const j = judge(db, runId, refIds);
    r.lookAlpha = j.alpha;
    if (kind === 'confirm' && j.series.length === 0) {
      set({ state: 'failed', rounds: j.rounds });
      fail(
        'InvalidInput',
        { field: 'unit', value: i.unit },
        `no benchmark matching ${JSON.stringify(i.bench)} reported it (units measured: ${runUnits(db, runId).join(', ') || 'none'})`,
      );
    }
    if (kind === 'candidate' && j.series.every((x) => x.n === 0)) {
      const note = `no ${i.unit} results at this commit (run ${runId}: ${d.statusDetail.split('\n')[0]}): skipped`;
      r.skipped = [...r.skipped, { sha: commit.sha, subject: commit.subject, note }];
      set({ state: 'skipped', rounds: j.rounds, series: j.series, note });
      return { ...j, state: 'skipped' };
    }
    set({
      state: j.state,
      rounds: j.rounds,
      series: j.series,
      note: j.state === 'undecided' ? (j.series.find((x) => x.state === 'undecided')?.why ?? '') : '',
    });
    return j;
  }

  private addEvidence(e: Entry, index: number): void {
    e.report.evidence = bisectEvidence(this.ctx.store.db, e.report, index, e.judged);
  }
}

/** A copy safe to hand out (the entry keeps changing). */
function snapshot(r: BisectReport): BisectReport {
  return { ...r, steps: [...r.steps], skipped: [...r.skipped] };
}
