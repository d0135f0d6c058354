// The matrix draft being built, per repository, kept in sessionStorage so picking benchmarks
// and refs on the Repositories page and then opening New run (or reloading) keeps it.
import { emptyDraft, type MatrixDraft } from '../model/matrix.js';

const key = (repoId: number) => `perflab:draft:${repoId}`;

export function loadDraft(repoId: number, repoPath: string): MatrixDraft {
  try {
    const s = sessionStorage.getItem(key(repoId));
    if (s) return { ...emptyDraft(repoId, repoPath), ...(JSON.parse(s) as Partial<MatrixDraft>), repoId, repoPath };
  } catch {
    /* a damaged draft is dropped */
  }
  return emptyDraft(repoId, repoPath);
}

export function saveDraft(d: MatrixDraft): void {
  try {
    sessionStorage.setItem(key(d.repoId), JSON.stringify(d));
  } catch {
    /* storage disabled: the draft lives as long as the view */
  }
}
