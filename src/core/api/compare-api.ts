// Comparison methods: benchstat's statistics and projection over stored runs and benchfmt
// texts, as JSON for the UI and rendered (text, CSV, markdown) for the CLI and exports.
import { renderCsv, renderMarkdown, renderText, rowSamples, toComparisonJson } from '../compare/index.js';
import { fail } from '../../shared/errors.js';
import { compareRequest, poolingNote, requestRunIds } from '../analysis/compare-inputs.js';
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
