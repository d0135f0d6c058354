// Warnings about a finished run's numbers, added to its environment warnings: results under
// 1 ns/op (the compiler probably removed the work), cells whose samples fall in two groups
// (two speeds of the machine: stats/modes.ts) and other noisy cells (high coefficient of
// variation), computed from the stored samples.
import type { EnvWarning } from '../../shared/models.js';
import { bimodalWarnings, noiseWarnings, resultLints } from '../env/index.js';
import { coefficientOfVariation, twoModes } from '../stats/index.js';
import type { Db } from '../store/open-db.js';
import { getRunRefs } from '../store/runs.js';
import { readStoredResults } from '../store/results.js';

export function resultWarnings(db: Db, runId: number): EnvWarning[] {
  const labels = new Map(getRunRefs(db, runId).map((r) => [r.id, r.label]));
  const rows: { name: string; secPerOp: number | null }[] = [];
  const cells = new Map<string, { pkg: string; name: string; benchtime: string; column: string; values: number[] }>();
  for (const r of readStoredResults(db, runId)) {
    const m = r.metrics.find((x) => x.unit === 'sec/op');
    const name = `${r.name}${r.cpu === 1 ? '' : `-${r.cpu}`}`;
    rows.push({ name, secPerOp: m ? m.value : null });
    if (!m) continue;
    const column = labels.get(r.refId) ?? '';
    const key = `${r.pkg}\0${name}\0${r.benchtime}\0${column}`;
    const c = cells.get(key) ?? { pkg: r.pkg, name, benchtime: r.benchtime, column, values: [] };
    c.values.push(m.value);
    cells.set(key, c);
  }
  // A warning names its cell whole: the package when a name is in several, the benchtime when
  // the run has several (else two warnings read the same with different figures).
  const all = [...cells.values()];
  const pkgsOf = new Map<string, Set<string>>();
  for (const c of all) pkgsOf.set(c.name, (pkgsOf.get(c.name) ?? new Set()).add(c.pkg));
  const benchtimes = new Set(all.map((c) => c.benchtime)).size;
  const named = all
    .filter((c) => c.values.length >= 3)
    .map((c) => ({
      name: (pkgsOf.get(c.name)?.size ?? 0) > 1 ? `${c.pkg}.${c.name}` : c.name,
      column: [c.column, benchtimes > 1 ? `-benchtime ${c.benchtime}` : ''].filter(Boolean).join(', '),
      cv: coefficientOfVariation(c.values),
      modes: twoModes(c.values),
    }));
  // A cell of two speeds says so instead of "run more repetitions" (which does not help it).
  const bimodal = named.filter((c) => c.modes !== null).map((c) => ({ name: c.name, column: c.column, modes: c.modes! }));
  return [...resultLints(rows), ...bimodalWarnings(bimodal), ...noiseWarnings(named.filter((c) => c.modes === null))];
}
