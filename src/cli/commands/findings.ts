// `perflab findings RUN [--format markdown|json] [--issues DIR] [--tracker bd|gh] [--dry-run]`:
// the run's findings as a report, and its tracker issues (the Medium and High findings, related
// allocation findings grouped) filed once each as Markdown files or tracker issues
// (src/core/tracker). Tracker commands run in the run's repository. `--compiler-diff` prints
// what the compiler decided differently between the run's first and last ref instead.
import { resolve } from 'node:path';
import type { FindingsReport } from '../../shared/profile-types.js';
import { LabFailure } from '../../shared/errors.js';
import type { Lab } from '../../core/lab.js';
import { fileToBd, fileToDirectory, fileToGh, type FilingResult } from '../../core/tracker/file-findings.js';
import { parse, runArg, UsageError } from '../args.js';
import type { CliContext } from '../io.js';
import { printJson } from './common.js';

const USAGE =
  'usage: perflab findings RUN [--format markdown|json] [--issues DIR] [--tracker bd|gh] [--dry-run] | findings RUN --compiler-diff [--base REF] [--head REF] [--format text|json]';

function listFindings(ctx: CliContext, r: FindingsReport): void {
  for (const i of r.issues) ctx.stderr.write(`  ${i.impact}/${i.complexity} ${i.locations.join(', ')}: ${i.title}\n`);
}

function report(ctx: CliContext, what: string, r: FilingResult, dryRun: boolean): void {
  if (dryRun) for (const a of r.actions) ctx.stdout.write(`${a}\n`);
  ctx.stderr.write(`${what}: ${dryRun ? 'would file' : 'filed'} ${r.filed.length}, already filed ${r.skipped.length}\n`);
}

export async function findingsCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    issues: { type: 'string' },
    tracker: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'compiler-diff': { type: 'boolean' },
    base: { type: 'string' },
    head: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  if (values['compiler-diff']) {
    if (values.issues !== undefined || values.tracker !== undefined || values['dry-run'])
      throw new UsageError('--compiler-diff files nothing: leave out --issues, --tracker and --dry-run');
    const fmt = values.json ? 'json' : (values.format ?? 'text');
    if (fmt !== 'text' && fmt !== 'json')
      throw new UsageError(`--format must be text or json with --compiler-diff, not ${JSON.stringify(fmt)}`);
    const d = await lab.api.compilerDiff({ run: runArg(positionals[0]), base: values.base, head: values.head });
    if (fmt === 'json') printJson(ctx, d);
    else ctx.stdout.write(d.text);
    return d.unavailable === null ? 0 : 3;
  }
  if (values.base !== undefined || values.head !== undefined) throw new UsageError('--base and --head go with --compiler-diff');
  const format = values.json ? 'json' : (values.format ?? 'markdown');
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be markdown or json, not ${JSON.stringify(format)}`);
  const tracker = values.tracker;
  if (tracker !== undefined && tracker !== 'bd' && tracker !== 'gh')
    throw new UsageError(`--tracker must be bd or gh, not ${JSON.stringify(tracker)}`);
  const dryRun = values['dry-run'] === true;
  if (dryRun && tracker === undefined && values.issues === undefined)
    throw new UsageError('--dry-run needs --issues DIR or --tracker bd|gh');
  const run = runArg(positionals[0]);
  const r = await lab.api.findings({ run });
  const filing = values.issues !== undefined || tracker !== undefined;
  // When filing, stdout carries the dry run's plan; the report goes there only otherwise.
  if (!filing || !dryRun) {
    if (format === 'json') printJson(ctx, r);
    else ctx.stdout.write(r.markdown.endsWith('\n') ? r.markdown : `${r.markdown}\n`);
  }
  if (values.issues !== undefined) report(ctx, 'issues', fileToDirectory(r.issues, resolve(ctx.cwd, values.issues), dryRun), dryRun);
  if (tracker !== undefined) {
    const detail = await lab.api.getRun({ run: r.runId });
    const call = { cwd: detail.repoPath, env: ctx.env };
    try {
      report(ctx, tracker, tracker === 'bd' ? await fileToBd(r.issues, call, dryRun) : await fileToGh(r.issues, call, dryRun), dryRun);
    } catch (e) {
      if (e instanceof LabFailure && e.error.code === 'ToolMissing') {
        ctx.stderr.write(`perflab findings: \`${tracker}\` was not found on PATH; nothing was filed. The findings that would be:\n`);
        listFindings(ctx, r);
        return 3;
      }
      throw e;
    }
  }
  return 0;
}
