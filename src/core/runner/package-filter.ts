// Which listed packages a run builds: a package none of whose test files contains the text
// "Benchmark" cannot declare a benchmark (every benchmark's name starts with it), so it is not
// compiled; the run's notes say which were left out. No parsing: a plain text search, so no
// benchmark is ever missed.
import type { ListedPackage } from '../go/go-list.js';
import { scanPackage } from '../repo/static-scan.js';

/**
 * The packages whose test files may declare a benchmark, and those that cannot (no test file
 * contains the text "Benchmark", which every benchmark's name starts with): those are never
 * compiled (a run of them would measure nothing).
 */
export async function withPossibleBenchmarks(
  pkgs: readonly ListedPackage[],
): Promise<{ candidates: ListedPackage[]; without: ListedPackage[] }> {
  const scans = await Promise.all(pkgs.map((p) => scanPackage(p.dir, p.testFiles)));
  return { candidates: pkgs.filter((_, i) => scans[i].mayHave), without: pkgs.filter((_, i) => !scans[i].mayHave) };
}

const SHOWN = 8;

/** The first few import paths, and how many more. */
function someOf(pkgs: readonly ListedPackage[]): string {
  const names = pkgs.slice(0, SHOWN).map((p) => p.importPath);
  return `${names.join(', ')}${pkgs.length > SHOWN ? ` and ${pkgs.length - SHOWN} more` : ''}`;
}

export function noBenchmarksNote(pkgs: readonly ListedPackage[], label: string): string {
  const what = pkgs.length === 1 ? '1 package has' : `${pkgs.length} packages have`;
  return `${what} no benchmarks at ${label} (no test file mentions Benchmark): not built: ${someOf(pkgs)}`;
}

/** One note for the packages of a column without test files (x/tools has 44 of them). */
export function noTestFilesNote(pkgs: readonly ListedPackage[], label: string): string {
  if (pkgs.length === 1) return `${pkgs[0].importPath} has no test files at ${label}: skipped`;
  return `${pkgs.length} packages have no test files at ${label}: skipped: ${someOf(pkgs)}`;
}
