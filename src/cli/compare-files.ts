// `perflab compare FILE...` without the lab: comparing Go benchmark files needs no data
// directory, database, go or git, so it runs before (and instead of) createLab. The files are
// read (synchronously) and parsed from their bytes in 64 KiB pieces (never one string per file), statistics are not memoized (one
// projection only), and the text table goes to stdout in pieces as it is formatted. Its own
// small bundle (dist/perflab-compare.mjs, see bin/perflab.js) keeps better-sqlite3, zod and the
// rest of the CLI out of such a process. Stored runs, --repo and --help return null: the full
// command (commands/compare.ts) handles those, with the same options and output.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkProjectionKeys, DEFAULT_ALPHA, projectionFor, type CompareBy } from '../core/analysis/compare-projection.js';
import {
  compareStream,
  labelInputs,
  renderCsv,
  renderMarkdown,
  TextPreparer,
  toComparisonJson,
  writeText,
  type PreparedInput,
  type ResultTable,
} from '../core/compare/index.js';
import type { RowTable } from '../core/compare/table-builder.js';
import { checkRegularFile, MAX_BENCH_TEXT_BYTES, readBytePiecesSync } from '../core/fs/safe-read.js';
import { fail } from '../shared/errors.js';
import { numArg, parse, UsageError, wantsHelp } from './args.js';
import type { CliContext } from './io.js';

export const COMPARE_OPTIONS = {
  by: { type: 'string' },
  filter: { type: 'string' },
  alpha: { type: 'string' },
  confidence: { type: 'string' },
  holm: { type: 'boolean' },
  'delta-ci': { type: 'boolean' },
  format: { type: 'string' },
  repo: { type: 'string' },
  row: { type: 'string' },
  col: { type: 'string' },
  table: { type: 'string' },
  ignore: { type: 'string' },
  tolerance: { type: 'string' },
} as const;

const BY = ['ref', 'cpu', 'benchtime', 'label', 'file', 'run'] as const;
const FORMATS = ['text', 'csv', 'json', 'markdown'] as const;

/** `compare`'s command line, checked: unknown options, --by and --format are usage errors. */
export function parseCompareArgs(args: readonly string[]) {
  const { values, positionals } = parse(args, COMPARE_OPTIONS);
  if (positionals.length === 0) {
    throw new UsageError('usage: perflab compare (RUN|FILE)... [--by ref|cpu|benchtime|label|file|run] [--format text|csv|json|markdown]');
  }
  const by = values.by as CompareBy | undefined;
  if (by !== undefined && !BY.includes(by)) throw new UsageError(`--by must be one of ${BY.join(', ')}, not ${JSON.stringify(by)}`);
  const format = (values.format ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  return { values, positionals, by, format };
}

/** A positional that names a stored run (an id or `latest`) rather than an existing file. */
export function isRunArg(a: string, cwd: string): boolean {
  return (a === 'latest' || /^\d+$/.test(a)) && !existsSync(resolve(cwd, a));
}

/** The error parseInput gives (lab-input.ts): the value named as typed (a number as JSON). */
function invalid(field: string, value: string | number | null, message: string): never {
  fail('InvalidInput', value === null ? { field } : { field, value: typeof value === 'string' ? value : JSON.stringify(value) }, message);
}

function maxLength(field: string, v: string | undefined, max: number): void {
  if (v !== undefined && v.length > max) invalid(field, v, `Too big: expected string to have <=${max} characters`);
}

function openRange(field: string, v: number | undefined, max: '<1' | '<=1000'): void {
  if (v === undefined) return;
  if (!(v > 0)) invalid(field, v, 'Too small: expected number to be >0');
  if (max === '<1' ? !(v < 1) : !(v <= 1000)) invalid(field, v, `Too big: expected number to be ${max}`);
}

/**
 * The limits the lab's compare schema (src/shared/api.ts, CompareInput) puts on a comparison of
 * files, with its messages, checked in its order: the same errors without loading the schemas.
 * test/cli/compare-files.test.ts holds the two to the same answers.
 */
export function checkFileCompareInput(i: {
  readonly texts: readonly { readonly name: string; readonly path: string }[];
  readonly filter?: string;
  readonly alpha?: number;
  readonly confidence?: number;
  readonly tolerance?: number;
  readonly row?: string;
  readonly col?: string;
  readonly table?: string;
  readonly ignore?: string;
}): void {
  i.texts.forEach((t, k) => {
    if (t.name.length < 1) invalid(`texts.${k}.name`, t.name, 'Too small: expected string to have >=1 characters');
    maxLength(`texts.${k}.name`, t.name, 4096);
    maxLength(`texts.${k}.path`, t.path, 4096);
  });
  if (i.texts.length > 64) invalid('texts', null, 'Too big: expected array to have <=64 items');
  maxLength('filter', i.filter, 4000);
  openRange('alpha', i.alpha, '<1');
  openRange('confidence', i.confidence, '<1');
  openRange('tolerance', i.tolerance, '<=1000');
  for (const k of ['row', 'col', 'table', 'ignore'] as const) maxLength(k, i[k], 1000);
}

/** Reads the files piece by piece into one prepared input. */
function readFiles(cwd: string, files: readonly { readonly path: string; readonly label: string }[]): PreparedInput {
  const reader = new TextPreparer(false);
  for (const { path, label } of files) {
    reader.begin({ name: label, path });
    readBytePiecesSync(resolve(cwd, path), { maxBytes: MAX_BENCH_TEXT_BYTES, shownPath: path }, (b) => reader.pushBytes(b));
    reader.end();
  }
  return reader.finish();
}

/** Compares files as the full command would; null when the line is not files only (or asks for help). */
export async function compareFiles(
  ctx: CliContext,
  args: readonly string[],
  /** collect: called where much of the heap has just become garbage (compare-main.ts). */
  o: { readonly collect?: () => void } = {},
): Promise<number | null> {
  if (wantsHelp(args)) return null;
  const { values, positionals, by, format } = parseCompareArgs(args);
  if (values.repo !== undefined || positionals.some((a) => isRunArg(a, ctx.cwd))) return null;
  const files = labelInputs(positionals);
  // The full command reads every file before it looks at the numbers: the same errors first.
  for (const { path } of files) await checkRegularFile(resolve(ctx.cwd, path), { maxBytes: MAX_BENCH_TEXT_BYTES, shownPath: path });
  const alpha = numArg('--alpha', values.alpha);
  const confidence = numArg('--confidence', values.confidence);
  const tolerance = numArg('--tolerance', values.tolerance);
  const { filter, row, col, table, ignore } = values;
  const texts = files.map((f) => ({ name: f.label, path: f.path }));
  checkFileCompareInput({ texts, filter, alpha, confidence, tolerance, row, col, table, ignore });

  // In a function of its own, so nothing here holds the prepared input once the tables' raw
  // cells are built: the rest of it can go.
  const r = ((prepared: PreparedInput) => {
    const proj = projectionFor(by ?? 'file', false);
    checkProjectionKeys(prepared, { col, row, table, ignore });
    return compareStream(prepared, {
      col: col ?? proj.col,
      ignore: ignore ?? proj.ignore,
      row,
      table,
      filter,
      alpha: alpha ?? DEFAULT_ALPHA,
      confidence: confidence ?? 0.95,
      holm: values.holm ?? false,
    });
  })(readFiles(ctx.cwd, files));
  // The prepared input is garbage now (the raw cells have their own arena).
  o.collect?.();
  const diagnostics = r.diagnostics.map((d) => `${d}\n`).join('');
  switch (format) {
    case 'json':
      ctx.stdout.write(`${JSON.stringify(toComparisonJson({ ...r, tables: [...r.tables] }, { tolerancePct: tolerance ?? 2 }), null, 2)}\n`);
      break;
    case 'text':
      // Table by table: one table's statistics and layout at a time.
      ctx.stderr.write(diagnostics);
      // Row by row where it can (no --holm): a table's statistics never all alive at once.
      writeText(
        { tableFields: r.tableFields, tables: collecting<RowTable | ResultTable>(r.rowTables ?? r.tables, o.collect) },
        (s) => ctx.stdout.write(s),
        {
          deltaCi: values['delta-ci'] === true,
        },
      );
      break;
    case 'csv': {
      const out = renderCsv({ ...r, tables: [...r.tables] });
      ctx.stderr.write(out.stderr);
      ctx.stdout.write(out.stdout);
      break;
    }
    case 'markdown':
      ctx.stderr.write(diagnostics);
      ctx.stdout.write(renderMarkdown({ ...r, tables: [...r.tables] }));
      break;
  }
  return 0;
}

/** The tables, with `collect` called between two (a written table's texts are garbage then). */
function* collecting<T>(tables: Iterable<T>, collect?: () => void): Generator<T> {
  let first = true;
  for (const t of tables) {
    if (!first) collect?.();
    first = false;
    yield t;
  }
}
