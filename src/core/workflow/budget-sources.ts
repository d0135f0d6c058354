// Where a gate's budgets come from: those set through the API (stored with the repository) and
// the `perflab.json` of the BASE ref (trusted repositories only, so a branch cannot raise its
// own budget; the module's own file first, then the repository root's). Read here, in one
// place, for the gate against the run's base column and against a baseline.
import { fail } from '../../shared/errors.js';
import type { Repo, RunRef } from '../../shared/models.js';
import { showFileAt, type GitTool } from '../git/index.js';
import type { Db } from '../store/open-db.js';
import { getBudgets } from '../store/repos.js';
import { compileBudgets, parseBudgets, type CompiledBudget } from './budgets.js';

export interface GateBudgets {
  readonly budgets: CompiledBudget[];
  /** The file's (or the stored) maximum regression in percent, when one is set. */
  readonly maxRegression?: number;
  /** Where the budgets came from, for the gate's first line. */
  readonly sources: string[];
}

/** Budgets set through the API plus those of perflab.json at the base ref. */
export async function readGateBudgets(
  db: Db,
  repo: Repo | null,
  base: Pick<RunRef, 'label' | 'sha'>,
  gitTool: () => Promise<GitTool>,
): Promise<GateBudgets> {
  const out: CompiledBudget[] = [];
  const sources: string[] = [];
  let maxRegression: number | undefined;
  if (!repo) return { budgets: out, sources };
  const stored = getBudgets(db, repo.id);
  if (stored) {
    const b = parseBudgets(stored, 'stored budgets');
    out.push(...compileBudgets(b));
    maxRegression = b.maxRegression;
    sources.push('budgets set through the API');
  }
  if (repo.trusted && /^[0-9a-f]{40,64}$/.test(base.sha)) {
    const git = await gitTool();
    for (const path of [repo.moduleSubdir ? `${repo.moduleSubdir}/perflab.json` : null, 'perflab.json']) {
      if (!path) continue;
      const text = await showFileAt(git, repo.gitRoot, base.sha, path);
      if (text === null) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        fail('ParseError', { file: `${path} at ${base.label}` }, (err as Error).message);
      }
      const b = parseBudgets(raw, `${path} at ${base.label}`);
      out.push(...compileBudgets(b));
      maxRegression = b.maxRegression ?? maxRegression;
      sources.push(`${path} at ${base.label} (${base.sha.slice(0, 12)})`);
      break;
    }
  }
  return { budgets: out, maxRegression, sources };
}

/** The `budgets: ...` line put above the gate's report (empty when none applied). */
export function budgetSourcesLine(b: GateBudgets): string {
  return b.sources.length ? `budgets: ${b.sources.join(', ')}\n` : '';
}
