// The gate's report for CI systems: a Markdown PR comment and JUnit XML (one testcase per
// checked row; a regression is a failure; an undecided row is a failure of type "undecided"
// unless the gate allowed undecided rows, then it is skipped with its reason). Pure functions
// of the GateReport that gate.ts builds; the text report stays the default.
import type { GateReport, GateRow } from '../../shared/workflow-types.js';

export interface GateFormatContext {
  /** Labels of the compared columns, e.g. `main@1a2b3c4d5e6f`. */
  readonly base: string;
  readonly head: string;
  /** --allow-undecided was given: undecided rows do not fail the gate. */
  readonly allowUndecided: boolean;
  /** The command that reproduces the gate, shown in the comment's footer. */
  readonly command?: string;
}

const STATE_ORDER: Record<GateRow['state'], number> = { regression: 0, undecided: 1, 'within budget': 2 };

function sortedRows(report: GateReport): GateRow[] {
  return [...report.rows].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
}

function headline(report: GateReport, ctx: GateFormatContext): string {
  const regressions = report.rows.filter((r) => r.state === 'regression').length;
  const n = report.rows.length;
  switch (report.status) {
    case 'failed':
      return `**Regression**: ${regressions} of ${n} checked rows regress beyond their budget`;
    case 'undecided':
      return `**Undecided**: nothing regressed, but ${report.undecided} of ${n} checked rows cannot be decided at this sample size`;
    case 'nothing checked':
      return '**Nothing checked**: no budget applies to any row (set budgets in perflab.json or pass --max-regression); the gate did not pass';
    case 'passed':
      return report.undecided > 0 && ctx.allowUndecided
        ? `**Passed with undecided rows allowed**: ${n - report.undecided} of ${n} rows decided within budget, ${report.undecided} undecided`
        : `**Passed**: all ${n} checked rows decided and within budget`;
  }
}

/** `|` and line breaks would end a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A PR comment: headline, then one table row per checked row, regressions first. */
export function gateToMarkdown(report: GateReport, ctx: GateFormatContext): string {
  const lines = [`### perflab gate: ${cell(ctx.head)} vs ${cell(ctx.base)} (run ${report.runId})`, '', headline(report, ctx), ''];
  if (report.rows.length) {
    lines.push('| benchmark | unit | delta | state | why |', '| --- | --- | ---: | --- | --- |');
    for (const r of sortedRows(report)) {
      const why = r.state === 'undecided' && r.countNeeded !== null ? `${r.reason} (measure with --count ${r.countNeeded})` : r.reason;
      lines.push(`| \`${cell(r.name.replace(/`/g, "'"))}\` | ${cell(r.unit)} | ${cell(r.delta || '–')} | ${r.state} | ${cell(why)} |`);
    }
    lines.push('');
  }
  if (ctx.command) lines.push(`<sub>Reproduce: \`${ctx.command.replace(/`/g, "'")}\`</sub>`, '');
  return `${lines.join('\n')}`;
}

/** XML 1.0 forbids most C0 controls even escaped; they are dropped. */
function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit XML as Jenkins, GitHub and GitLab read it: testsuites > testsuite > testcase. */
export function gateToJunit(report: GateReport, ctx: GateFormatContext): string {
  const rows = report.rows;
  const regressions = rows.filter((r) => r.state === 'regression').length;
  const undecided = rows.filter((r) => r.state === 'undecided').length;
  const failures = regressions + (ctx.allowUndecided ? 0 : undecided);
  const skipped = ctx.allowUndecided ? undecided : 0;
  const suite = `perflab gate: ${ctx.head} vs ${ctx.base} (run ${report.runId})`;
  // A gate that checked nothing has not passed: one errored case says why.
  const none = report.status === 'nothing checked';
  const tests = none ? 1 : rows.length;
  const errors = none ? 1 : 0;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="perflab gate" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    `  <testsuite name="${xml(suite)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
  ];
  if (none)
    out.push(
      '    <testcase classname="perflab.gate" name="budgets" time="0">',
      '      <error type="nothing-checked" message="no budget applies to any row: set budgets in perflab.json or pass --max-regression"/>',
      '    </testcase>',
    );
  for (const r of rows) {
    const open = `    <testcase classname="${xml(`perflab.gate.${r.unit}`)}" name="${xml(r.name)}" time="0">`;
    const detail = `${r.name} ${r.unit}: ${r.delta ? `${r.delta}; ` : ''}${r.reason}`;
    switch (r.state) {
      case 'regression':
        out.push(open, `      <failure type="regression" message="${xml(r.reason)}">${xml(detail)}</failure>`, '    </testcase>');
        break;
      case 'undecided': {
        const need = r.countNeeded !== null ? ` (measure with --count ${r.countNeeded})` : '';
        if (ctx.allowUndecided) out.push(open, `      <skipped message="${xml(`undecided: ${r.reason}${need}`)}"/>`, '    </testcase>');
        else
          out.push(
            open,
            `      <failure type="undecided" message="${xml(`undecided: ${r.reason}${need}`)}">${xml(detail + need)}</failure>`,
            '    </testcase>',
          );
        break;
      }
      case 'within budget':
        out.push(`${open.slice(0, -1)}/>`);
        break;
    }
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
