// The parts of a comparison request that need no lab (no database, no runs): the projection a
// `--by` choice means, its default, and the check that projection keys exist in the input. The
// lab's compare (compare-inputs.ts) and the CLI's file-only compare (src/cli/compare-files.ts)
// share them.
import { fail } from '../../shared/errors.js';
import type { PreparedInput } from '../compare/index.js';
import type { CompareOptions } from '../compare/builder.js';
import { parseProjectionQuery } from '../compare/query-syntax.js';

export type CompareBy = 'ref' | 'cpu' | 'benchtime' | 'label' | 'file' | 'run';

/** benchstat projection options for a `--by` choice. */
export function projectionFor(by: CompareBy, fromRuns: boolean): Pick<CompareOptions, 'col' | 'ignore'> {
  switch (by) {
    case 'ref':
      return { col: 'ref' };
    case 'cpu':
      return { col: '/gomaxprocs' };
    case 'benchtime':
      return { col: 'benchtime' };
    // Runs with one label pool across runs (the user's grouping), never across refs.
    case 'label':
      return { col: 'label,ref' };
    // Runs in columns keep their refs apart: (run, ref), never a run's refs pooled.
    case 'file':
    case 'run':
      return fromRuns ? { col: '.file,ref' } : { col: '.file' };
  }
}

/** The usual significance level. */
export const DEFAULT_ALPHA = 0.05;

/** The `--by` a request means: ref for one run, (run, ref) for several, file for files. */
export function effectiveBy(req: {
  readonly by?: CompareBy;
  readonly runs: readonly unknown[];
  readonly texts: readonly unknown[];
}): CompareBy {
  return req.by ?? (req.runs.length === 1 && req.texts.length === 0 ? 'ref' : req.runs.length > 0 ? 'run' : 'file');
}

const FIELDS = new Set(['.name', '.fullname', '.config', '.unit', '.file']);

/** Refuses projection keys no input has (benchstat would leave such a column empty). */
export function checkProjectionKeys(
  prepared: PreparedInput,
  req: { readonly col?: string; readonly row?: string; readonly table?: string; readonly ignore?: string },
): void {
  const known = new Set<string>();
  const seen = new Set<unknown>();
  for (const r of prepared.shapes) {
    if (seen.has(r.config)) continue;
    seen.add(r.config);
    for (const e of r.config.entries) known.add(e.key);
  }
  for (const [option, q] of [
    ['col', req.col],
    ['row', req.row],
    ['table', req.table],
    ['ignore', req.ignore],
  ] as const) {
    if (!q) continue;
    let parts: ReturnType<typeof parseProjectionQuery>;
    try {
      parts = parseProjectionQuery(q);
    } catch {
      continue; // the comparison reports the syntax error with its position
    }
    for (const p of parts) {
      if (FIELDS.has(p.key) || p.key.startsWith('/') || known.has(p.key)) continue;
      const have = [...known].filter((k) => !k.startsWith('.')).sort();
      fail(
        'InvalidInput',
        { field: `--${option}`, value: p.key },
        `no input has the key ${JSON.stringify(p.key)} (keys: .name, .fullname, .config, .file, /NAME-KEY${have.length ? `, ${have.join(', ')}` : ''})`,
      );
    }
  }
}
