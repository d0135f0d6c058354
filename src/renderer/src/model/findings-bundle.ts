// The "Save issues" file of the Findings panel: every tracker issue of a report (Medium and
// High findings, related allocation findings grouped) as one Markdown file, each issue a
// `# TITLE` heading with its body, separated by rules; the file name carries the run id.
import type { FindingsReport } from '../../../shared/profile-types.js';

export function issuesBundle(r: FindingsReport): { filename: string; text: string } {
  const head = `<!-- perflab: ${r.issues.length} perf issue${r.issues.length === 1 ? '' : 's'} from the findings of run ${r.runId}; each one starts at its "# perf:" heading -->\n\n`;
  const text = head + r.issues.map((i) => `# ${i.title}\n\n${i.body.trimEnd()}\n`).join('\n---\n\n');
  return { filename: `run${r.runId}-perf-issues.md`, text };
}
