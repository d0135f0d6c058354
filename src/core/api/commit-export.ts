// The commit message of a run's comparison (`export commit`, `investigate commit`): picks the
// base and head columns, compares them, and renders the conventional, Go or improvements style,
// with trailers (K: V) at the end.
import { fail } from '../../shared/errors.js';
import type { RunDetail, RunRef } from '../../shared/models.js';
import type { CommitMessage } from '../../shared/workflow-types.js';
import { compareColumns, completedRun, pickColumns } from '../analysis/compare-inputs.js';
import { renderMarkdown, renderText, toComparisonJson } from '../compare/index.js';
import { commitMessage, defaultScope } from '../export/commit-message.js';
import { improvementsMessage } from '../export/improvements-message.js';
import type { LabContext } from '../lab-context.js';
import { getRepoById } from '../store/repos.js';
import { getRunDetail } from '../store/runs.js';

export type CommitStyle = 'conventional' | 'go' | 'improvements';

export interface CommitOptions {
  readonly base?: string;
  readonly head?: string;
  readonly scope?: string;
  readonly summary?: string;
  readonly style: CommitStyle;
  readonly format: 'text' | 'markdown';
  /** `Key: value` lines, already checked (improvements-message.ts parseTrailer). */
  readonly trailers?: readonly string[];
}

export function runDetailOf(ctx: LabContext, id: number): RunDetail {
  const d = getRunDetail(ctx.store.db, id);
  if (!d) fail('RunNotFound', { run: String(id) });
  return d;
}

export function baseHeadOf(ctx: LabContext, d: RunDetail, base?: string, head?: string): [RunRef, RunRef] {
  if (d.refs.length < 2 && !(base && head))
    fail('InvalidInput', { field: 'run', value: String(d.id) }, `run ${d.id} has one column; compare needs a base and a head`);
  const [b, h] = pickColumns(ctx, d.id, [base ?? d.refs[0].label, head ?? d.refs[d.refs.length - 1].label]);
  return [b, h];
}

export async function runCommitMessage(ctx: LabContext, runId: number, o: CommitOptions): Promise<CommitMessage> {
  completedRun(ctx, runId);
  const d = runDetailOf(ctx, runId);
  const [base, head] = baseHeadOf(ctx, d, o.base, o.head);
  const full = toComparisonJson(compareColumns(ctx, runId, [base, head]));
  const repo = d.repoId !== null ? getRepoById(ctx.store.db, d.repoId) : null;
  const trailers = o.trailers ?? [];
  if (o.style === 'improvements') {
    const component = o.scope || defaultScope(full, repo?.modulePath ?? '', []);
    return improvementsMessage({ comparison: full, component, summary: o.summary, trailers });
  }
  const decided = new Set(['faster', 'slower', 'changed']);
  const units = new Set([
    'sec/op',
    ...full.tables.filter((t) => t.rows.some((r) => decided.has(r.deltas[1]?.verdict.state ?? ''))).map((t) => t.unit),
  ]);
  const shown = compareColumns(ctx, runId, [base, head], { filter: `.unit:(${[...units].map((u) => JSON.stringify(u)).join(' OR ')})` });
  const msg = commitMessage({
    run: d,
    base,
    head,
    comparison: full,
    table: renderText(shown).stdout,
    markdown: renderMarkdown(shown),
    modulePath: repo?.modulePath ?? '',
    scope: o.scope,
    summary: o.summary,
    style: o.style,
    format: o.format,
  });
  if (trailers.length === 0) return msg;
  const body = `${msg.body.replace(/\n+$/, '')}\n\n${trailers.join('\n')}`;
  return { ...msg, body, text: `${msg.subject}\n\n${body}\n` };
}
