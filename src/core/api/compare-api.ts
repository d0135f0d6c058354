// Comparison methods: benchstat's statistics and projection over stored runs and benchfmt
// texts, as JSON for the UI and rendered (text, CSV, markdown) for the CLI and exports.
import { compare as compareInput, renderCsv, renderMarkdown, renderText, rowSamples, toComparisonJson } from '../compare/index.js';
import { viewAnswer, viewModel, viewRows, type ViewModel } from '../compare/view.js';
import { fail } from '../../shared/errors.js';
import type { Parsed } from '../../shared/api.js';
import { comparePlan, compareRequest, poolingNote, requestRunIds } from '../analysis/compare-inputs.js';
import { cachedView } from '../analysis/compare-view-cache.js';
import type { LabContext } from '../lab-context.js';
import type { Method } from './impl-types.js';

export const compare: Method<'compare'> = async (ctx, input) => {
  const pooling = poolingNote(input, requestRunIds(ctx, input));
  const c = toComparisonJson(compareRequest(ctx, input), { tolerancePct: input.tolerance, samples: input.samples });
  return pooling ? { ...c, pooling } : c;
};

export const compareSamples: Method<'compareSamples'> = async (ctx, input) =>
  rowSamples(compareRequest(ctx, input), input.tableIndex, input.rowName) ??
  fail(
    'InvalidInput',
    { field: 'rowName', value: input.rowName },
    `the comparison has no row ${JSON.stringify(input.rowName)} in table ${input.tableIndex}`,
  );

/** The Compare view's projection of a request (kept with its prepared input, so the windows a
 * scrolling table asks for reuse it). */
function viewOf(ctx: LabContext, input: Parsed<'compareView'>): ViewModel {
  const { prepared, options } = comparePlan(ctx, input);
  const state = { onlySignificant: input.onlySignificant, sort: input.sort, deltaColumn: input.deltaColumn };
  const key = JSON.stringify([options, input.tolerance, state, input.unit ?? null]);
  return cachedView(prepared, key, () => {
    const c = toComparisonJson(compareInput(prepared, options), { tolerancePct: input.tolerance, samples: false });
    const pooling = poolingNote(input, requestRunIds(ctx, input));
    return viewModel(pooling ? { ...c, pooling } : c, state, input.unit);
  });
}

export const compareView: Method<'compareView'> = async (ctx, input) => viewAnswer(viewOf(ctx, input), input.limit);

export const compareViewRows: Method<'compareViewRows'> = async (ctx, input) =>
  viewRows(viewOf(ctx, input), input.tableIndex, input.offset, input.limit) ??
  fail(
    'InvalidInput',
    { field: 'tableIndex', value: String(input.tableIndex) },
    `the view has no table ${input.tableIndex} (the unit's tables are ${viewOf(ctx, input)
      .tables.map((t) => t.index)
      .join(', ')})`,
  );

export const compareRender: Method<'compareRender'> = async (ctx, input) => {
  const r = compareRequest(ctx, input);
  // Pooling across runs is said above the table (on stderr for CSV, which stays data only);
  // comparisons of files never pool runs, so benchstat-parity output is untouched.
  const pooling = poolingNote(input, requestRunIds(ctx, input));
  const head = pooling ? `${pooling}\n\n` : '';
  switch (input.format) {
    case 'text': {
      const out = renderText(r, { deltaCi: input.deltaCi });
      return { ...out, stdout: head + out.stdout };
    }
    case 'csv': {
      const out = renderCsv(r);
      return { ...out, stderr: (pooling ? `${pooling}\n` : '') + out.stderr };
    }
    case 'markdown':
      return { stdout: head + renderMarkdown(r), stderr: r.diagnostics.map((d) => `${d}\n`).join('') };
  }
};
