// A ref is its commit: the one place where a user's ref selector (a `--ref`, `--base`, `--head`,
// a UI choice) is matched against the refs of a run, and the one label a ref is shown with.
// A selector is the typed name (or the column label, `+variant` included), the shown label
// `name@sha12`, any unique commit prefix of 4 or more hex digits, or the full commit id; a
// working-tree column also by its snapshot id (7+ digits, optionally as `snapshot:ID`).
// Plain data in, a ref or a typed LabError out: the core, the CLI and the UI share it.
import { LabFailure, labError, type LabError } from './errors.js';

/** What matching needs of a run's ref (RunRef has it). */
export interface RefIdentity {
  /** Column label: the ref as typed, plus `+variant` when a variant applies. */
  readonly label: string;
  /** The ref as typed. */
  readonly name: string;
  /** The commit id (empty for imported columns that carried none). */
  readonly sha: string;
  readonly dirty: boolean;
  /** A working-tree column's snapshot id (tree hash): a selector of 7+ hex digits may name it. */
  readonly snapshot?: string;
}

const HEX = /^[0-9a-f]+$/;

/** True when a name is a prefix (4+ hex digits) of its own commit id: the name is the commit. */
export function nameIsCommit(name: string, sha: string): boolean {
  const n = name.toLowerCase();
  return n.length >= 4 && HEX.test(n) && sha.length > 0 && sha.startsWith(n);
}

/**
 * The one label of a ref: `label@sha12`, or the commit alone when the label is the commit
 * itself (a commit prefix of 7+ digits, at most 12 shown) or the label when no commit is known. `+dirty` marks uncommitted changes
 * only where asked (the benchfmt `ref:` value).
 */
export function refDisplay(r: RefIdentity, o: { dirty?: boolean } = {}): string {
  if (!r.sha) return r.label;
  const dirty = o.dirty && r.dirty ? '+dirty' : '';
  if (r.label.length >= 7 && nameIsCommit(r.label, r.sha)) return `${r.label.length > 12 ? r.sha.slice(0, 12) : r.label}${dirty}`;
  return `${r.label}@${r.sha.slice(0, 12)}${dirty}`;
}

export type RefMatch<R> = { readonly ok: true; readonly ref: R } | { readonly ok: false; readonly error: LabError };

function unique<R extends RefIdentity>(found: readonly R[], selector: string): RefMatch<R> | null {
  if (found.length === 1) return { ok: true, ref: found[0] };
  if (found.length > 1) return { ok: false, error: labError('AmbiguousRef', { ref: selector, matches: found.map((r) => refDisplay(r)) }) };
  return null;
}

/**
 * Matches a selector against a run's refs. In order: the column label, the typed name, the
 * shown label (`name@sha12`), then a commit prefix (4+ hex digits, or the full id). A name or
 * prefix that fits several columns (variants of one ref, two names of one commit) is ambiguous.
 */
export function findRunRef<R extends RefIdentity>(refs: readonly R[], selector: string, runId: number | null = null): RefMatch<R> {
  const sel = selector.trim();
  const byLabel = unique(
    refs.filter((r) => r.label === sel),
    sel,
  );
  if (byLabel) return byLabel;
  const byName = unique(
    refs.filter((r) => r.name === sel),
    sel,
  );
  if (byName) return byName;
  const byShown = unique(
    refs.filter((r) => refDisplay(r) === sel || refDisplay(r, { dirty: true }) === sel),
    sel,
  );
  if (byShown) return byShown;
  const at = /^(.+)@([0-9a-fA-F]{4,64})$/.exec(sel);
  if (at) {
    const sha = at[2].toLowerCase();
    const m = unique(
      refs.filter((r) => (r.label === at[1] || r.name === at[1]) && r.sha.startsWith(sha)),
      sel,
    );
    if (m) return m;
  }
  const hex = sel.toLowerCase();
  if (hex.length >= 4 && hex.length <= 64 && HEX.test(hex)) {
    const m = unique(
      refs.filter((r) => r.sha.startsWith(hex)),
      sel,
    );
    if (m) return m;
  }
  const snap = hex.replace(/^snapshot:/, '');
  if (snap.length >= 7 && snap.length <= 64 && HEX.test(snap)) {
    const m = unique(
      refs.filter((r) => r.snapshot?.startsWith(snap)),
      sel,
    );
    if (m) return m;
  }
  return { ok: false, error: labError('RefNotInRun', { ref: sel, runId, refs: refs.map((r) => refDisplay(r)) }) };
}

/** findRunRef that throws its typed error (for the core and the CLI). */
export function matchRunRef<R extends RefIdentity>(refs: readonly R[], selector: string, runId: number | null = null): R {
  const m = findRunRef(refs, selector, runId);
  if (!m.ok) throw new LabFailure(m.error);
  return m.ref;
}

/**
 * Identity of a ref across runs: its commit (and variant). Uncommitted changes have no recorded
 * snapshot, so a dirty tree is the same code only within its own run.
 */
export function commitIdentity(r: RefIdentity & { readonly variant?: unknown }, runId: number): string {
  if (!r.sha) return `run ${runId}\u0000${r.label}`;
  if (r.dirty) return `run ${runId}\u0000${r.sha}\u0000dirty\u0000${r.label}`;
  return `${r.sha}\u0000${r.variant ? JSON.stringify(r.variant) : ''}`;
}
