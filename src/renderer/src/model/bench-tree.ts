// The Repositories view's packages-and-benchmarks tree: filtered by a search box (a
// case-insensitive substring of the package path or benchmark name), packages without
// benchmarks last, and the counts the headings show.
import type { PackageInfo } from '../../../shared/models.js';

export interface TreePackage {
  readonly importPath: string;
  readonly dir: string;
  readonly hasTests: boolean;
  readonly source: PackageInfo['source'];
  readonly benchmarks: readonly string[];
  /** The package itself matched (all its benchmarks shown). */
  readonly matchedPackage: boolean;
}

export function filterTree(pkgs: readonly PackageInfo[], query: string): TreePackage[] {
  const q = query.trim().toLowerCase();
  const out: TreePackage[] = [];
  for (const p of pkgs) {
    const matchedPackage = q === '' || p.importPath.toLowerCase().includes(q);
    const benchmarks = matchedPackage ? p.benchmarks : p.benchmarks.filter((b) => b.toLowerCase().includes(q));
    if (!matchedPackage && benchmarks.length === 0) continue;
    out.push({ importPath: p.importPath, dir: p.dir, hasTests: p.hasTests, source: p.source, benchmarks, matchedPackage });
  }
  return out.sort((a, b) => Number(b.benchmarks.length > 0) - Number(a.benchmarks.length > 0) || a.importPath.localeCompare(b.importPath));
}

export function treeCounts(pkgs: readonly PackageInfo[]): { readonly packages: number; readonly withBenchmarks: number; readonly benchmarks: number } {
  let withBenchmarks = 0;
  let benchmarks = 0;
  for (const p of pkgs) {
    if (p.benchmarks.length) withBenchmarks++;
    benchmarks += p.benchmarks.length;
  }
  return { packages: pkgs.length, withBenchmarks, benchmarks };
}

/** Absolute-path check for the browser's path field (POSIX or Windows drive paths). */
export function pathProblem(path: string): string | null {
  const p = path.trim();
  if (!p) return 'enter the path of a Go module (the directory with go.mod)';
  if (p.includes('\0')) return 'the path contains a NUL character';
  // `~` and `~/x` are the home directory of the machine running the lab (expanded there).
  if (!(p === '~' || p.startsWith('~/') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p))) return 'enter an absolute path, such as /home/you/src/project';
  return null;
}
