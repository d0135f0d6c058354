// The "Save issues" file: every tracker issue of a report, each from its `# perf:` heading with
// its body, in the report's order, named after the run.
import { describe, expect, it } from 'vitest';
import { issuesBundle } from '../../src/renderer/src/model/findings-bundle.js';
import type { FindingsReport } from '../../src/shared/profile-types.js';

const body = (p: string) =>
  `## Problem\n\n${p}\n\n## Location\n\nx\n\n## Proposed Fix\n\ny\n\n## Impact\n\nz\n\n## Notes\n\n- needs benchmark\n`;

describe('issuesBundle', () => {
  it('holds each issue once, title then body, in order', () => {
    const r = {
      runId: 7,
      modulePath: 'example.com/m',
      findings: [],
      hotLines: [],
      compiler: null,
      skipped: [],
      markdown: '',
      issues: [
        {
          title: 'perf: preallocate the slice grown by append in A (a.go:3)',
          body: body('first'),
          impact: 'High',
          complexity: 'Low',
          locations: ['a.go:3'],
        },
        {
          title: 'perf: reduce allocations in B (b.go: lines 4, 9)',
          body: body('second'),
          impact: 'Medium',
          complexity: 'Low',
          locations: ['b.go:4', 'b.go:9'],
        },
      ],
    } satisfies FindingsReport;
    const b = issuesBundle(r);
    expect(b.filename).toBe('run7-perf-issues.md');
    expect([...b.text.matchAll(/^# (.*)$/gm)].map((m) => m[1])).toEqual(r.issues.map((i) => i.title));
    expect(b.text.indexOf('first')).toBeLessThan(b.text.indexOf('second'));
    expect(b.text).toContain(`# ${r.issues[1].title}\n\n${r.issues[1].body.trimEnd()}\n`);
    expect(issuesBundle({ ...r, issues: [] }).text).toMatch(/0 perf issues/);
  });
});
