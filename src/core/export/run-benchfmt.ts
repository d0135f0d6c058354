// A stored run as Go benchmark text: the stored config lines of each result plus `ref:` (the
// column label and its commit in one value, so `benchstat -col ref` compares refs and no
// second key splits the tables) and `benchtime:`, then the result line exactly as Go printed
// it (name with its -N suffix, raw units). Config lines are printed when they change, and a
// key that disappears is cleared with an empty value, as the format prescribes.
import { formatConfigLine, formatResultLine, formatUnitLine } from '../benchfmt/index.js';
import type { RunRef } from '../../shared/models.js';
import { refDisplay } from '../../shared/ref-match.js';
import type { StoredResult } from '../store/results.js';

/** The `ref:` value of a column: label@sha12, +dirty for uncommitted changes. */
export function refConfigValue(r: Pick<RunRef, 'label' | 'name' | 'sha' | 'dirty'>): string {
  return refDisplay(r, { dirty: true });
}

/** Parses a `ref:` value back into label, sha (prefix) and dirty flag. */
export function parseRefConfigValue(v: string): { label: string; sha: string; dirty: boolean } {
  const m = /^(.*)@([0-9a-f]{7,64})(\+dirty)?$/.exec(v);
  if (m) return { label: m[1], sha: m[2], dirty: m[3] !== undefined };
  const bare = /^([0-9a-f]{7,64})(\+dirty)?$/.exec(v);
  return bare ? { label: bare[1], sha: bare[1], dirty: bare[2] !== undefined } : { label: v, sha: '', dirty: false };
}

/** The full name as Go prints it: with the -N suffix unless GOMAXPROCS was 1. */
export function printedName(name: string, cpu: number): string {
  return cpu === 1 ? name : `${name}-${cpu}`;
}

export interface BenchfmtExportOptions {
  /** Extra config entries put first on every result (e.g. `label:` when comparing runs). */
  readonly extraConfig?: readonly (readonly [string, string])[];
  /** The `ref:` value per column, when not its own (one commit's value across runs). */
  readonly refValue?: (r: RunRef) => string;
}

/** Builds the config entries of one stored result as exported. */
export function exportedConfig(r: StoredResult, refValue: string, o: BenchfmtExportOptions = {}): [string, string][] {
  const cfg: [string, string][] = [...(o.extraConfig ?? []).map(([k, v]) => [k, v] as [string, string])];
  for (const [k, v] of r.config) if (k !== 'ref' && k !== 'benchtime') cfg.push([k, v]);
  cfg.push(['ref', refValue]);
  if (r.benchtime) cfg.push(['benchtime', r.benchtime]);
  return cfg;
}

/**
 * Results are written column by column (in the run's column order), each in the order measured:
 * benchstat takes the first column it sees as the baseline, and a rotated or shuffled schedule
 * must not change which one that is. Rounds stay in order within a column.
 */
export function runToBenchfmt(
  results: readonly StoredResult[],
  refs: readonly RunRef[],
  unitMeta: readonly { unit: string; key: string; value: string }[] = [],
  o: BenchfmtExportOptions = {},
): string {
  const refValue = new Map(refs.map((r) => [r.id, o.refValue ? o.refValue(r) : refConfigValue(r)]));
  const position = new Map(refs.map((r) => [r.id, r.position]));
  const ordered = [...results].sort((a, b) => (position.get(a.refId) ?? 0) - (position.get(b.refId) ?? 0) || a.id - b.id);
  const lines: string[] = [];
  for (const m of unitMeta) lines.push(formatUnitLine(m.unit, m.key, m.value));
  const current = new Map<string, string>();
  // Results of one key share its config object: its exported config is built once per
  // (config, column, benchtime), and the config lines are compared only when it changes.
  const exported = new Map<object, Map<string, { readonly cfg: [string, string][]; readonly keys: ReadonlySet<string> }>>();
  const names = new Map<string, Map<number, string>>();
  let last: [string, string][] | null = null;
  for (const r of ordered) {
    let byColumn = exported.get(r.config);
    if (!byColumn) exported.set(r.config, (byColumn = new Map()));
    const ck = `${r.refId}\u0000${r.benchtime}`;
    let e = byColumn.get(ck);
    if (!e) {
      const cfg = exportedConfig(r, refValue.get(r.refId) ?? '', o);
      byColumn.set(ck, (e = { cfg, keys: new Set(cfg.map(([k]) => k)) }));
    }
    if (e.cfg !== last) {
      last = e.cfg;
      for (const k of [...current.keys()]) {
        if (!e.keys.has(k)) {
          lines.push(formatConfigLine(k, ''));
          current.delete(k);
        }
      }
      for (const [k, v] of e.cfg) {
        if (current.get(k) !== v) {
          lines.push(formatConfigLine(k, v));
          current.set(k, v);
        }
      }
    }
    let byCpu = names.get(r.name);
    if (!byCpu) names.set(r.name, (byCpu = new Map()));
    let name = byCpu.get(r.cpu);
    if (name === undefined) byCpu.set(r.cpu, (name = printedName(r.name, r.cpu).replace(/^Benchmark/, '')));
    lines.push(
      formatResultLine(
        name,
        r.iterations,
        r.metrics.map((m) => ({ value: m.rawValue, unit: m.rawUnit })),
      ),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** CSV of every sample: one row per (result, metric). */
export function runToCsv(results: readonly StoredResult[], refs: readonly RunRef[]): string {
  const label = new Map(refs.map((r) => [r.id, r.label]));
  const sha = new Map(refs.map((r) => [r.id, r.sha]));
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const out = ['ref,commit,pkg,name,cpu,benchtime,round,iterations,unit,value'];
  for (const r of results) {
    for (const m of r.metrics) {
      out.push(
        [
          label.get(r.refId) ?? '',
          sha.get(r.refId) ?? '',
          r.pkg,
          r.name,
          String(r.cpu),
          r.benchtime,
          String(r.round),
          String(r.iterations),
          m.unit,
          String(m.value),
        ]
          .map(q)
          .join(','),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
