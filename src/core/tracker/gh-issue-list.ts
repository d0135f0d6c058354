// `gh issue list --state all --limit 1000 --json title`: titles of the GitHub issues already filed.
import { fail } from '../../shared/errors.js';
import { runTracker, type TrackerCall } from './tracker-runner.js';

export const GH_ISSUE_LIST_ARGS: readonly string[] = ['issue', 'list', '--state', 'all', '--limit', '1000', '--json', 'title'];

export async function ghIssueTitles(call: TrackerCall): Promise<string[]> {
  const out = (await runTracker('gh', GH_ISSUE_LIST_ARGS, call)).stdout;
  try {
    const v = JSON.parse(out || '[]') as unknown;
    if (!Array.isArray(v)) throw new Error('not a list');
    return v
      .map((x) =>
        x && typeof x === 'object' && typeof (x as { title?: unknown }).title === 'string' ? (x as { title: string }).title : '',
      )
      .filter(Boolean);
  } catch (e) {
    return fail('ToolFailed', {
      command: 'gh issue list',
      exitCode: 0,
      output: `unexpected output (${(e as Error).message}): ${out.slice(0, 200)}`,
    });
  }
}
