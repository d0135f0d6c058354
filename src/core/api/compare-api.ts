// Comparison methods: benchstat's statistics and projection over stored runs and benchfmt
// texts, as JSON for the UI and rendered (text, CSV, markdown) for the CLI and exports.
import { renderCsv, renderMarkdown, renderText, toComparisonJson } from '../compare/index.js';
import { compareRequest } from '../analysis/compare-inputs.js';
import type { LabContext } from '../lab-context.js';
import type { ApiImpl } from './impl-types.js';

type CompareMethods = 'compare' | 'compareRender';


export function compareApi(ctx: LabContext): Pick<ApiImpl, CompareMethods> {
  return {
    async compare(input) {
      return toComparisonJson(compareRequest(ctx, input), { tolerancePct: input.tolerance });
    },
    async compareRender(input) {
      const r = compareRequest(ctx, input);
      switch (input.format) {
        case 'text': return renderText(r, { deltaCi: input.deltaCi });
        case 'csv': return renderCsv(r);
        case 'markdown': return { stdout: renderMarkdown(r), stderr: r.diagnostics.map((d) => `${d}\n`).join('') };
      }
    },
  };
}
