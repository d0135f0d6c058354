// Analysis methods: comparison, profiles, and the perf workflow. Filled in as their modules land.
import { fail } from '../../shared/errors.js';
import { profilePath } from '../runner/profile-capture.js';
import { listProfiles } from '../store/profiles.js';
import { renderCsv, renderMarkdown, renderText, toComparisonJson } from '../compare/index.js';
import { compareRequest } from '../analysis/compare-inputs.js';
import type { LabContext } from '../lab-context.js';
import type { ApiImpl } from './impl-types.js';

type AnalysisMethods = 'compare' | 'compareRender' | 'listProfiles' | 'profileFlame' | 'profileTop' | 'profileSandwich' | 'profileSource' |
  'openProfileTool' | 'closeProfileTool' | 'findings';

const pending = (what: string) => async (): Promise<never> => fail('Conflict', { reason: `${what} is not available in this build yet` });

export function analysisApi(ctx: LabContext): Pick<ApiImpl, AnalysisMethods> {
  return {
    async compare(input) {
      return toComparisonJson(compareRequest(ctx, input));
    },
    async compareRender(input) {
      const r = compareRequest(ctx, input);
      switch (input.format) {
        case 'text': return renderText(r, { deltaCi: input.deltaCi });
        case 'csv': return renderCsv(r);
        case 'markdown': return { stdout: renderMarkdown(r), stderr: r.diagnostics.map((d) => `${d}\n`).join('') };
      }
    },
    async listProfiles({ run }) {
      const id = ctx.resolveRunId(run);
      return listProfiles(ctx.store.db, id, (sha, kind) => profilePath(ctx.paths.profiles, sha, kind));
    },
    profileFlame: pending('profileFlame'),
    profileTop: pending('profileTop'),
    profileSandwich: pending('profileSandwich'),
    profileSource: pending('profileSource'),
    openProfileTool: pending('openProfileTool'),
    closeProfileTool: pending('closeProfileTool'),
    findings: pending('findings'),
  };
}
