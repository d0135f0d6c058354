// The Repositories view's packages-and-benchmarks tree: filtered by a search box (a
// case-insensitive substring of the package path or benchmark name), packages without
// benchmarks last, the counts the headings show, and the run selection a set of picks makes
// (each pick keeps its package).
import type { PackageInfo } from '../../../shared/models.js';
import { patternFor } from './bench-match.js';

/** A benchmark picked in the tree: its package and its top-level name. */
export interface BenchPick {
  readonly pkg: string;
  readonly name: string;
}

/** The key of a pick in a set (import paths hold no tab). */
export function pickKey(p: BenchPick): string {
  return `${p.pkg}\t${p.name}`;
}

export function pickFromKey(key: string): BenchPick {
  const i = key.indexOf('\t');
  return { pkg: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * The run selection of picks: their packages (`--pkg`) and a pattern of their names
 * (`^Name$`), so `badge.BenchmarkGenerate` runs in package badge only, not in every package
 * with a benchmark of that name. (Picks of different names in different packages still share
 * one pattern: a package that has both names runs both.)
 */
export function selectionOf(picks: readonly BenchPick[]): { readonly packages: readonly string[]; readonly bench: string } {
  return { packages: [...new Set(picks.map((p) => p.pkg))].sort(), bench: patternFor(picks.map((p) => p.name)) };
}

/**
 * Short labels for import paths: the fewest trailing path elements that tell each apart from
 * the others (`language` and `internal/language` for golang.org/x/text/language and
 * golang.org/x/text/internal/language; the last element alone where it is unique; `lz4/v4`
 * for github.com/pierrec/lz4/v4).
 */
export function shortPackageNames(importPaths: Iterable<string>): Map<string, string> {
  const paths = [...new Set(importPaths)];
  // A major version suffix is no name of its own: `lz4/v4`, never `v4`.
  const segs = paths.map((p) =>
    p
      .split('/')
      .reduce<string[]>((a, x) => (/^v\d+$/.test(x) && a.length ? [...a.slice(0, -1), `${a[a.length - 1]}/${x}`] : [...a, x]), []),
  );
  const out = new Map<string, string>();
  let open = paths.map((_, i) => i);
  for (let k = 1; open.length > 0; k++) {
    const label = (i: number) => segs[i].slice(-k).join('/');
    const count = new Map<string, number>();
    for (let i = 0; i < paths.length; i++) count.set(label(i), (count.get(label(i)) ?? 0) + 1);
    open = open.filter((i) => {
      if (count.get(label(i)) !== 1 && k < segs[i].length) return true;
      out.set(paths[i], label(i));
      return false;
    });
  }
  return out;
}

/** How a package's names were found, as the tree says it. */
export function sourceLabel(p: Pick<PackageInfo, 'source' | 'listError'>): string {
  return p.source === 'binary' ? 'go test -list' : p.listError ? `static scan (${p.listError})` : 'static scan';
}

export interface TreePackage {
  readonly importPath: string;
  readonly dir: string;
  readonly hasTests: boolean;
  readonly source: PackageInfo['source'];
  readonly listError?: string;
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
    out.push({
      importPath: p.importPath,
      dir: p.dir,
      hasTests: p.hasTests,
      source: p.source,
      ...(p.listError ? { listError: p.listError } : {}),
      benchmarks,
      matchedPackage,
    });
  }
  return out.sort((a, b) => Number(b.benchmarks.length > 0) - Number(a.benchmarks.length > 0) || a.importPath.localeCompare(b.importPath));
}

export function treeCounts(pkgs: readonly PackageInfo[]): {
  readonly packages: number;
  readonly withBenchmarks: number;
  readonly benchmarks: number;
} {
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
  if (!(p === '~' || p.startsWith('~/') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)))
    return 'enter an absolute path, such as /home/you/src/project';
  return null;
}
