// Filing findings: the report's tracker issues (its Medium and High findings, related
// allocation findings grouped into one issue) are filed once each. As
// Markdown files in a directory (one per finding, `# TITLE` on the first line, titles already
// there skipped), or in a tracker: bd (`bd list` for what is filed, one `bd add` per new
// issue, then one `bd sync`) or gh (`gh issue list` for the titles, `gh label create perf
// --force`, one `gh issue create --body-file` per new issue). A dry run only plans.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingIssue } from '../../shared/profile-types.js';
import { bdAdd, bdAddArgs } from './bd-add.js';
import { bdList } from './bd-list.js';
import { bdSync, BD_SYNC_ARGS } from './bd-sync.js';
import { ghIssueCreate, ghIssueCreateArgs } from './gh-issue-create.js';
import { ghIssueTitles } from './gh-issue-list.js';
import { ghEnsurePerfLabel, GH_LABEL_ARGS } from './gh-label-create.js';
import { formatCommand, type TrackerCall } from './tracker-runner.js';

export interface FilingResult {
  /** Titles filed (or, in a dry run, that would be). */
  readonly filed: readonly string[];
  /** Titles skipped because they are already there. */
  readonly skipped: readonly string[];
  /** Files written, or commands run (printed by a dry run). */
  readonly actions: readonly string[];
}

/** What a filing function takes: the report's issues (title and Markdown body). */
export type Issue = Pick<FindingIssue, 'title' | 'body'>;

function slug(title: string): string {
  return (
    title
      .replace(/^perf:\s*/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'finding'
  );
}

/** Titles of the Markdown issues already in dir (their first `# ` line). */
function titlesIn(dir: string): Set<string> {
  const out = new Set<string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.md')) continue;
    const first = readFileSync(join(dir, name), 'utf8').slice(0, 4096).split('\n', 1)[0];
    if (first.startsWith('# ')) out.add(first.slice(2).trim());
  }
  return out;
}

export function fileToDirectory(issues: readonly Issue[], dir: string, dryRun: boolean): FilingResult {
  const have = titlesIn(dir);
  const filed: string[] = [],
    skipped: string[] = [],
    actions: string[] = [];
  const used = new Set(existsSync(dir) ? readdirSync(dir) : []);
  if (!dryRun) mkdirSync(dir, { recursive: true });
  for (const f of issues) {
    if (have.has(f.title)) {
      skipped.push(f.title);
      continue;
    }
    let name = `${slug(f.title)}.md`;
    for (let i = 2; used.has(name); i++) name = `${slug(f.title)}-${i}.md`;
    used.add(name);
    const path = join(dir, name);
    if (!dryRun) writeFileSync(path, `# ${f.title}\n\n${f.body}`);
    filed.push(f.title);
    actions.push(`write ${path}`);
  }
  return { filed, skipped, actions };
}

export async function fileToBd(issues: readonly Issue[], call: TrackerCall, dryRun: boolean): Promise<FilingResult> {
  const listed = await bdList(call);
  const filed: string[] = [],
    skipped: string[] = [],
    actions: string[] = [];
  for (const f of issues) {
    if (listed.includes(f.title)) {
      skipped.push(f.title);
      continue;
    }
    actions.push(formatCommand('bd', bdAddArgs(f.title, f.body)));
    if (!dryRun) await bdAdd(f.title, f.body, call);
    filed.push(f.title);
  }
  if (filed.length > 0) {
    actions.push(formatCommand('bd', BD_SYNC_ARGS));
    if (!dryRun) await bdSync(call);
  }
  return { filed, skipped, actions };
}

export async function fileToGh(issues: readonly Issue[], call: TrackerCall, dryRun: boolean): Promise<FilingResult> {
  const have = new Set(await ghIssueTitles(call));
  const todo = issues.filter((f) => !have.has(f.title));
  const skipped = issues.filter((f) => have.has(f.title)).map((f) => f.title);
  const actions: string[] = [];
  if (todo.length === 0) return { filed: [], skipped, actions };
  actions.push(formatCommand('gh', GH_LABEL_ARGS));
  const label = dryRun ? 'perf' : (await ghEnsurePerfLabel(call)) ? 'perf' : null;
  const tmp = mkdtempSync(join(tmpdir(), 'perflab-gh-'));
  try {
    for (const [i, f] of todo.entries()) {
      const bodyFile = join(tmp, `issue-${i + 1}.md`);
      actions.push(formatCommand('gh', ghIssueCreateArgs(f.title, bodyFile, label)));
      if (dryRun) continue;
      writeFileSync(bodyFile, f.body);
      await ghIssueCreate(f.title, bodyFile, label, call);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { filed: todo.map((f) => f.title), skipped, actions };
}
