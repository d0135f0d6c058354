// Go benchmark text -> a stored run. Each file is a column, unless the text carries `ref:`
// config lines (as `perflab show --format benchfmt` writes them): then each ref value is a
// column, so importing an exported run gives back the same results. Syntax errors are
// reported with file:line and never stop the import.
import type { BenchRecord } from '../benchfmt/index.js';
import { parseName } from '../benchfmt/index.js';
import { tidyValue } from '../benchunit/index.js';
import type { NewResult } from '../store/results.js';
import { parseRefConfigValue } from './run-benchfmt.js';

export interface ImportColumn {
  readonly label: string;
  readonly sha: string;
  readonly dirty: boolean;
}

export interface ImportPlan {
  readonly columns: readonly ImportColumn[];
  /** Results with runRefId holding the column index (the caller maps it to a row id). */
  readonly results: readonly NewResult[];
  readonly unitMeta: readonly { unit: string; key: string; value: string }[];
  readonly syntaxErrors: readonly { file: string; line: number; message: string }[];
}

/** What planning an import found besides its results (streamImport hands those out in batches). */
export interface ImportSummary {
  readonly columns: readonly ImportColumn[];
  readonly resultCount: number;
  readonly unitMeta: readonly { unit: string; key: string; value: string }[];
  readonly syntaxErrors: readonly { file: string; line: number; message: string }[];
}

/** Every result planned at once (small imports; see streamImport for large ones). */
export function planImport(files: readonly { name: string; records: Iterable<BenchRecord> }[]): ImportPlan {
  const results: NewResult[] = [];
  const summary = streamImport(files, Infinity, (batch) => {
    for (const r of batch) results.push(r);
  });
  return { columns: summary.columns, results, unitMeta: summary.unitMeta, syntaxErrors: summary.syntaxErrors };
}

/**
 * Plans an import as its records are read and hands its results to `onBatch` `batchSize` at a
 * time, in order, with the columns known so far (a batch only names columns of that list): a
 * large import never holds more than a batch of planned results (a 50 MB file held all 618,984
 * of them, ~0.5 GB).
 */
export function streamImport(
  files: readonly { name: string; records: Iterable<BenchRecord> }[],
  batchSize: number,
  onBatch: (results: NewResult[], columns: readonly ImportColumn[]) => void,
): ImportSummary {
  const columns: ImportColumn[] = [];
  const colIndex = new Map<string, number>();
  let batch: NewResult[] = [];
  let resultCount = 0;
  const unitMeta: { unit: string; key: string; value: string }[] = [];
  const syntaxErrors: { file: string; line: number; message: string }[] = [];
  const rounds = new Map<string, number>();
  const column = (label: string, sha: string, dirty: boolean) => {
    let i = colIndex.get(label);
    if (i === undefined) {
      i = columns.length;
      columns.push({ label, sha, dirty });
      colIndex.set(label, i);
    }
    return i;
  };
  for (const f of files) {
    const config = new Map<string, string>();
    // The config block of the results that follow (ref and benchtime apart), one object until
    // a config line changes it: the store finds its id by the object (a JSON text per result
    // and an object per result before: 1.1 s and ~0.3 GB of a 620,000-result import).
    let cfg: Record<string, string> | null = null;
    for (const rec of f.records) {
      switch (rec.kind) {
        case 'config':
          if (rec.value === '') config.delete(rec.key);
          else config.set(rec.key, rec.value);
          cfg = null;
          break;
        case 'unit':
          unitMeta.push({ unit: rec.unit, key: rec.key, value: rec.value });
          break;
        case 'syntax-error':
          syntaxErrors.push({ file: f.name, line: rec.line, message: rec.message });
          break;
        case 'skipped':
          break;
        case 'result': {
          const refValue = config.get('ref');
          const ref = refValue !== undefined ? parseRefConfigValue(refValue) : { label: f.name, sha: '', dirty: false };
          const col = column(ref.label, ref.sha, ref.dirty);
          const n = parseName(rec.fullName);
          const cpu = n.procs ?? 1;
          const name = `Benchmark${n.withoutProcs}`;
          const benchtime = config.get('benchtime') ?? '';
          const pkg = config.get('pkg') ?? '';
          const key = `${col}\0${pkg}\0${name}\0${cpu}\0${benchtime}`;
          const round = (rounds.get(key) ?? 0) + 1;
          rounds.set(key, round);
          if (cfg === null) {
            cfg = {};
            for (const [k, v] of config) if (k !== 'ref' && k !== 'benchtime') cfg[k] = v;
          }
          batch.push({
            runRefId: col,
            config: cfg,
            pkg,
            name,
            cpu,
            benchtime,
            iterations: rec.iterations,
            round,
            metrics: rec.values.map((v) => {
              const t = tidyValue(v.value, v.unit);
              return { unit: t.unit, value: t.value, rawUnit: v.unit, rawValue: v.value };
            }),
          });
          resultCount++;
          if (batch.length >= batchSize) {
            onBatch(batch, columns);
            batch = [];
          }
          break;
        }
      }
    }
  }
  if (batch.length > 0) onBatch(batch, columns);
  return { columns, resultCount, unitMeta, syntaxErrors };
}
