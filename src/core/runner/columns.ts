// What the run's preparation (prepare.ts) hands to the jobs, the profile capture and the
// adaptive rounds: a column (a ref, or a ref with a variant, in its worktree with its build and
// benchmark environments) and a package of a column (its compiled test binary and benchmarks).
// Types only, in a module of their own so prepare.ts and profile-capture.ts need not import
// each other.
import type { Variant } from '../../shared/models.js';

export interface ColumnRef {
  readonly refName: string;
  readonly sha: string;
  readonly dirty: boolean;
  /** WORKTREE and snapshot refs: the tree hash of the files measured (the column's identity). */
  readonly snapshot: string | null;
  readonly treeDir: string;
  release(): Promise<void>;
}

export interface Column {
  readonly index: number;
  readonly label: string;
  readonly ref: ColumnRef;
  readonly variant: Variant | null;
  readonly moduleDir: string;
  readonly buildEnv: Record<string, string>;
  readonly benchEnv: Record<string, string>;
  runRefId: number;
}

export interface ColumnPackage {
  readonly importPath: string;
  readonly dir: string;
  readonly binary: string;
  readonly all: readonly string[];
  readonly selected: readonly string[];
}
