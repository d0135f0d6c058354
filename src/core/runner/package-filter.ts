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

export function noBenchmarksNote(pkgs: readonly ListedPackage[], label: string): string {
  const SHOWN = 8;
  const names = pkgs.slice(0, SHOWN).map((p) => p.importPath);
  const more = pkgs.length > SHOWN ? ` and ${pkgs.length - SHOWN} more` : '';
  const what = pkgs.length === 1 ? '1 package has' : `${pkgs.length} packages have`;
  return `${what} no benchmarks at ${label} (no test file mentions Benchmark): not built: ${names.join(', ')}${more}`;
}
