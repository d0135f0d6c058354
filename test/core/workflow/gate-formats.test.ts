// The gate for CI systems: JUnit XML in the shape Jenkins, GitHub and GitLab read (one testcase
// per checked row, failures for regressions, undecided rows failed or skipped as the gate
// decided) and a Markdown PR comment; names with XML and Markdown metacharacters survive.
import { describe, expect, it } from 'vitest';
import { gateToJunit, gateToMarkdown } from '../../../src/core/workflow/gate-formats.js';
import type { GateReport, GateRow } from '../../../src/shared/workflow-types.js';
import { parseXml, type XmlElement } from '../../helpers/xml.js';

function row(
  name: string,
  unit: string,
  state: GateRow['state'],
  reason: string,
  countNeeded: number | null = null,
  delta = '+1.00%',
): GateRow {
  return { name, unit, delta, reason, state, failed: state === 'regression', verdict: null, countNeeded };
}

const report: GateReport = {
  runId: 7,
  passed: false,
  status: 'failed',
  undecided: 1,
  rows: [
    row('Parse/size=1k-8', 'sec/op', 'within budget', 'within budget', null, '~'),
    row('Decode<"&\'>|x', 'sec/op', 'regression', '+370.00% (p=0.000 n=10) regresses beyond 5.0% (--max-regression 5%)', null, '+370.00%'),
    row('Encode-8', 'allocs/op', 'undecided', 'n too small for alpha: the smallest p at n=3+3 is 0.1', 12, '~'),
  ],
  text: '',
};
const ctx = {
  base: 'main@1a2b3c4d5e6f',
  head: 'HEAD@0f0e0d0c0b0a',
  allowUndecided: false,
  command: 'perflab gate latest --max-regression 5%',
};

const cases = (suite: XmlElement) => suite.children.filter((c) => c.name === 'testcase');

describe('gate as JUnit XML', () => {
  it('has one testcase per checked row, a failure per regression and per undecided row, counts that add up', () => {
    const doc = parseXml(gateToJunit(report, ctx));
    expect(doc.name).toBe('testsuites');
    const suite = doc.children[0];
    expect(suite.name).toBe('testsuite');
    expect(cases(suite)).toHaveLength(3);
    expect(suite.attrs).toMatchObject({ tests: '3', failures: '2', errors: '0', skipped: '0' });
    expect(doc.attrs).toMatchObject({ tests: '3', failures: '2' });
    const byName = new Map(cases(suite).map((c) => [c.attrs.name, c]));
    expect(byName.get('Parse/size=1k-8')!.children).toEqual([]);
    const reg = byName.get('Decode<"&\'>|x')!.children[0];
    expect(reg.name).toBe('failure');
    expect(reg.attrs.type).toBe('regression');
    expect(reg.attrs.message).toContain('+370.00%');
    const und = byName.get('Encode-8')!.children[0];
    expect(und.attrs.type).toBe('undecided');
    expect(und.attrs.message).toContain('--count 12');
    for (const c of cases(suite)) expect(c.attrs.classname).toMatch(/^perflab\.gate\./);
  });

  it('skips undecided rows (with the reason) when the gate allowed them', () => {
    const suite = parseXml(
      gateToJunit(
        { ...report, status: 'passed', rows: report.rows.filter((r) => r.state !== 'regression') },
        { ...ctx, allowUndecided: true },
      ),
    ).children[0];
    expect(suite.attrs).toMatchObject({ tests: '2', failures: '0', skipped: '1' });
    const skipped = cases(suite).find((c) => c.attrs.name === 'Encode-8')!.children[0];
    expect(skipped.name).toBe('skipped');
    expect(skipped.attrs.message).toMatch(/^undecided: n too small/);
  });

  it('drops control characters XML cannot carry', () => {
    const r = { ...report, rows: [row('Bad\u0001Name\u001b[31m', 'sec/op', 'regression', 'x\u0007')] };
    const suite = parseXml(gateToJunit(r, ctx)).children[0];
    expect(cases(suite)[0].attrs.name).toBe('BadName[31m');
  });
});

describe('gate as a Markdown PR comment', () => {
  it('leads with the outcome, lists regressions first, escapes table cells and says what would decide', () => {
    const md = gateToMarkdown(report, ctx);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### perflab gate: HEAD@0f0e0d0c0b0a vs main@1a2b3c4d5e6f (run 7)');
    expect(md).toContain('**Regression**: 1 of 3 checked rows regress beyond their budget');
    const rows = lines.filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('regression');
    expect(rows[0]).toContain('Decode<"&\'>\\|x');
    expect(rows[1]).toContain('undecided');
    expect(rows[1]).toContain('(measure with --count 12)');
    expect(rows[2]).toContain('within budget');
    expect(md).toContain('Reproduce: `perflab gate latest --max-regression 5%`');
  });

  it('says undecided, never passed, when nothing regressed but rows are undecided', () => {
    const md = gateToMarkdown({ ...report, status: 'undecided', rows: report.rows.filter((r) => r.state !== 'regression') }, ctx);
    expect(md).toContain('**Undecided**: nothing regressed, but 1 of 2 checked rows cannot be decided');
    expect(md).not.toContain('Passed');
  });
});

describe('a gate that checked nothing', () => {
  const none = { ...report, status: 'nothing checked' as const, passed: false, undecided: 0, rows: [] };

  it('is an error in JUnit (CI shows red), not an empty green suite', () => {
    const suite = parseXml(gateToJunit(none, ctx)).children[0];
    expect(suite.attrs).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(suite.children[0].children[0]).toMatchObject({ name: 'error', attrs: { type: 'nothing-checked' } });
  });

  it('says so in Markdown and never says passed', () => {
    const md = gateToMarkdown(none, ctx);
    expect(md).toContain('**Nothing checked**');
    expect(md).not.toContain('**Passed');
  });
});
