// `perflab investigate start|verify|status|show-step|note|targets|commit|list`: the optimize
// loop on the command line. Exit codes: 0 ok; 1 a verify step whose tests fail (named), or a
// commit refused because the latest step's tests fail (named); 2 bad usage or input, a commit
// refused for another reason (targets unmet, no verify step, the working tree moved on); 3 the
// work failed.
import { writeFile } from 'node:fs/promises';
import type { LabEvent } from '../../shared/api.js';
import type { Investigation, InvestigationStep } from '../../shared/workflow-types.js';
import type { Lab } from '../../core/lab.js';
import { readTextBounded } from '../../core/fs/safe-read.js';
import { parseTargetText, targetsFromMarkdown, targetsToMarkdown } from '../../core/workflow/target-syntax.js';
import { intArg, listArg, parse, UsageError } from '../args.js';
import { formatDuration, ProgressView, table, type CliContext } from '../io.js';
import { pathArg, printJson, repoArg, scaledWithInterval } from './common.js';

const USAGE = 'usage: perflab investigate start|status|verify|show-step|note|targets|commit|list ...';
const MAX_TARGETS_FILE = 1024 * 1024;

function stepLines(s: InvestigationStep): string[] {
  const head =
    `step ${s.index}${s.attempt !== null ? ` (attempt ${s.attempt})` : ''} ${s.kind} ${s.ref}: run ${s.runId} ${s.runStatus}` +
    `${s.snapshot ? `; snapshot ${s.snapshot.slice(0, 12)}${s.files.length ? ` (${s.files.length} file${s.files.length === 1 ? '' : 's'} changed)` : ''}` : ''}`;
  const out = [head];
  if (s.tests) {
    const t = s.tests;
    out.push(
      `  tests${t.race ? ' (-race)' : ''}: ${t.state}${t.state === 'failed' ? `: ${t.failed.join(', ')}` : ''}${t.seconds !== null ? ` (${t.seconds.toFixed(1)} s)` : ''}`,
    );
  }
  for (const t of s.targets) {
    const v = scaledWithInterval(t.unit, t.current, t.lo, t.hi);
    const ci = t.lo === null || t.hi === null ? '' : ` ${v.ci}`;
    // An undecided row: rounds until it is decided; a decided row whose interval still straddles
    // the target: a step with more rounds (the adaptive rounds stop once the row is decided).
    const decide =
      t.state === 'undecided' && t.countNeeded
        ? t.verdict && t.verdict.state !== 'undecided'
          ? `; about ${t.countNeeded} rounds would decide it (verify --count ${t.countNeeded})`
          : `; about ${t.countNeeded} rounds would decide it (verify --until-significant ${t.countNeeded})`
        : '';
    out.push(
      `  ${t.state.padEnd(9)} ${t.name} ${t.unit}: ${v.center}${ci}; target ${t.target}${t.distancePct === null ? '' : `; distance ${t.distancePct}%`}` +
        // The row's own verdict is about the change against the base, not about the target.
        `${t.verdict ? `; vs base: ${t.verdict.text}` : ''}${decide}`,
    );
  }
  if (s.findingsRunId !== null && s.kind === 'verify') out.push(`  findings: perflab findings ${s.findingsRunId}`);
  for (const n of s.notes) out.push(`  note: ${n.text.split('\n').join('\n        ')}`);
  for (const w of s.warnings) out.push(`  warning: ${w}`);
  return out;
}

function printInvestigation(ctx: CliContext, inv: Investigation): void {
  ctx.stdout.write(
    `investigation ${inv.id}: ${inv.title} (${inv.status}); base ${inv.base} (${inv.baseSha.slice(0, 12)}), -bench ${JSON.stringify(inv.bench)}` +
      `${inv.packages.length ? `, --pkg ${inv.packages.join(' ')}` : ''}; tests ${inv.tests}${inv.maxAttempts !== null ? `; at most ${inv.maxAttempts} attempts` : ''}\n`,
  );
  for (const s of inv.steps) ctx.stdout.write(`${stepLines(s).join('\n')}\n`);
  if (inv.status === 'open')
    ctx.stdout.write(
      inv.commitBlocked ? `commit: blocked: ${inv.commitBlocked}\n` : 'commit: ready (perflab investigate commit ' + `${inv.id})\n`,
    );
}

/** Follows a run to its end with the progress view (build, rounds, tests) on stderr. */
async function follow(lab: Lab, ctx: CliContext, runId: number): Promise<void> {
  const view = new ProgressView(ctx.stderr);
  const t0 = Date.now();
  const off = lab.subscribe((e: LabEvent) => {
    if (!('runId' in e) || e.runId !== runId) return;
    if (e.type === 'run-progress') view.update(e.progress);
    else if (e.type === 'run-log' && e.source === 'lab') view.log(e.line);
    else if (e.type === 'run-queued') view.log(`run ${runId} is queued: waiting for ${e.behind}`);
  });
  const onAbort = () => void lab.api.cancelRun({ runId }).catch(() => undefined);
  ctx.signal.addEventListener('abort', onAbort);
  try {
    await lab.waitForRun(runId);
  } finally {
    off();
    ctx.signal.removeEventListener('abort', onAbort);
    view.done();
  }
  ctx.stderr.write(`run ${runId} finished (${formatDuration(Date.now() - t0)})\n`);
}

export async function investigateCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, {
    repo: { type: 'string' },
    title: { type: 'string' },
    base: { type: 'string' },
    bench: { type: 'string' },
    target: { type: 'string', multiple: true },
    targets: { type: 'string' },
    pkg: { type: 'string', multiple: true },
    'max-attempts': { type: 'string' },
    race: { type: 'boolean' },
    'no-tests': { type: 'boolean' },
    count: { type: 'string' },
    benchtime: { type: 'string', multiple: true },
    profile: { type: 'string', multiple: true },
    ref: { type: 'string' },
    'until-significant': { type: 'string' },
    scope: { type: 'string' },
    summary: { type: 'string' },
    style: { type: 'string' },
    trailer: { type: 'string', multiple: true },
    signoff: { type: 'boolean' },
    'git-commit': { type: 'boolean' },
    text: { type: 'string' },
    step: { type: 'string' },
    patch: { type: 'boolean' },
    export: { type: 'string' },
    json: { type: 'boolean' },
    'no-wait': { type: 'boolean' },
  });
  const idArg = () => {
    const id = intArg('ID', positionals[0]);
    if (id === undefined) throw new UsageError(`usage: perflab investigate ${sub} ID`);
    return id;
  };
  const wait = async (runId: number) => {
    if (!values['no-wait']) await follow(lab, ctx, runId);
  };
  const out = (inv: Investigation) => (values.json ? printJson(ctx, inv) : printInvestigation(ctx, inv));
  switch (sub) {
    case 'start': {
      if (!values.title || !values.bench) {
        throw new UsageError(
          'usage: perflab investigate start --title TEXT --bench REGEX [--target T]... [--targets FILE] [--pkg PKG]... [--base REF] [--count N] [--repo PATH]',
        );
      }
      const targets = (values.target ?? []).map(parseTargetText);
      if (values.targets) {
        const file = pathArg(ctx, values.targets);
        targets.push(
          ...targetsFromMarkdown(await readTextBounded(file, { maxBytes: MAX_TARGETS_FILE, shownPath: values.targets }), values.targets),
        );
      }
      const inv = await lab.api.investigationStart({
        repo: repoArg(ctx, values.repo),
        title: values.title,
        base: values.base ?? 'HEAD',
        bench: values.bench,
        targets,
        count: intArg('--count', values.count),
        benchtime: values.benchtime,
        profile: profileKinds(values.profile),
        packages: values.pkg ?? [],
        tests: values['no-tests'] ? 'off' : values.race ? 'race' : 'on',
        maxAttempts: intArg('--max-attempts', values['max-attempts']),
      });
      ctx.stderr.write(`investigation ${inv.id} started; baseline run ${inv.steps[0].runId}\n`);
      await wait(inv.steps[0].runId);
      out(await lab.api.investigationStatus({ id: inv.id }));
      return 0;
    }
    case 'verify': {
      const id = idArg();
      const ref = values.ref ?? 'WORKTREE';
      const step = await lab.api.investigationVerify({
        id,
        ref,
        race: values.race === true,
        untilSignificant: intArg('--until-significant', values['until-significant']),
        count: intArg('--count', values.count),
      });
      ctx.stderr.write(
        `attempt ${step.attempt}: verify run ${step.runId} of ${ref}${step.snapshot ? ` (snapshot ${step.snapshot})` : ''} against the base\n`,
      );
      for (const w of step.warnings) ctx.stderr.write(`warning: ${w}\n`);
      if (values['no-wait']) {
        if (values.json) printJson(ctx, step);
        return 0;
      }
      await wait(step.runId);
      const inv = await lab.api.investigationStatus({ id });
      out(inv);
      const done = inv.steps[step.index];
      if (done.tests?.state === 'failed') {
        ctx.stderr.write(`tests fail at attempt ${done.attempt}: ${done.tests.failed.join(', ')}\n`);
        return 1;
      }
      return done.runStatus === 'completed' ? 0 : 3;
    }
    case 'status':
      out(await lab.api.investigationStatus({ id: idArg() }));
      return 0;
    case 'show-step': {
      const id = idArg();
      const n = intArg('N', positionals[1]);
      if (n === undefined) throw new UsageError('usage: perflab investigate show-step ID N [--patch] [--json]');
      const r = await lab.api.investigationShowStep({ id, step: n });
      if (values.patch) {
        if (r.patch === null) {
          ctx.stderr.write(`step ${n} measured ${r.step.ref}: it has no patch (a commit, not the working tree)\n`);
          return 2;
        }
        ctx.stdout.write(r.patch);
      } else if (values.json) printJson(ctx, r);
      else
        ctx.stdout.write(
          `${stepLines(r.step).join('\n')}\n${r.step.files.map((f) => `  ${f}`).join('\n')}${r.step.files.length ? '\n' : ''}`,
        );
      return 0;
    }
    case 'note': {
      if (!values.text) throw new UsageError('usage: perflab investigate note ID --text TEXT [--step N]');
      const s = await lab.api.investigationNote({ id: idArg(), text: values.text, step: intArg('--step', values.step) });
      ctx.stderr.write(`note added to step ${s.index}\n`);
      return 0;
    }
    case 'targets': {
      const inv = await lab.api.investigationStatus({ id: idArg() });
      const last = inv.steps[inv.steps.length - 1];
      const latest = new Map<string, string>();
      for (const spec of inv.targets) {
        const hits = (last?.targets ?? []).filter((t) => t.unit === spec.unit && t.target !== '');
        if (hits.length) latest.set(`${spec.name}\0${spec.unit}`, [...new Set(hits.map((h) => h.state))].join(', '));
      }
      const md = targetsToMarkdown(inv.targets, values.export ? undefined : latest);
      if (values.export) {
        await writeFile(pathArg(ctx, values.export), md);
        ctx.stderr.write(`wrote ${inv.targets.length} targets to ${values.export}\n`);
      } else ctx.stdout.write(md);
      return 0;
    }
    case 'list': {
      const list = await lab.api.investigationList({ repo: values.repo ? pathArg(ctx, values.repo) : undefined });
      if (values.json) printJson(ctx, list);
      else
        ctx.stdout.write(
          table([['ID', 'STATUS', 'STEPS', 'TITLE'], ...list.map((i) => [String(i.id), i.status, String(i.steps.length), i.title])]),
        );
      return 0;
    }
    case 'commit':
      return commit(lab, ctx, idArg(), values);
    default:
      throw new UsageError(USAGE);
  }
}

/** `--profile cpu,mem` (repeatable), `--profile none` for no profiles; absent: the default (cpu). */
function profileKinds(v: readonly string[] | undefined): ('cpu' | 'mem' | 'block' | 'mutex' | 'trace')[] | undefined {
  const kinds = listArg(v);
  if (kinds === undefined) return undefined;
  return kinds.filter((k) => k !== 'none') as ('cpu' | 'mem' | 'block' | 'mutex' | 'trace')[];
}

async function commit(
  lab: Lab,
  ctx: CliContext,
  id: number,
  values: {
    scope?: string;
    summary?: string;
    style?: string;
    trailer?: string[];
    signoff?: boolean;
    'git-commit'?: boolean;
    json?: boolean;
  },
): Promise<number> {
  const style = values.style ?? 'conventional';
  if (style !== 'conventional' && style !== 'go' && style !== 'improvements')
    throw new UsageError(`--style must be conventional, go or improvements, not ${JSON.stringify(style)}`);
  const inv = await lab.api.investigationStatus({ id });
  const last = [...inv.steps].reverse().find((s) => s.kind === 'verify');
  if (last?.tests?.state === 'failed') {
    ctx.stderr.write(
      `perflab investigate: commit refused: tests fail at step ${last.index} (attempt ${last.attempt}): ${last.tests.failed.join(', ')}\n`,
    );
    return 1;
  }
  if (values['git-commit'] && !inv.commitBlocked && last?.files.length) {
    ctx.stderr.write(
      `will commit the snapshot of step ${last.index} (${last.files.length} files) if the working tree still is that snapshot:\n` +
        `${last.files.map((f) => `  ${f}\n`).join('')}`,
    );
  }
  const r = await lab.api.investigationCommit({
    id,
    scope: values.scope,
    summary: values.summary,
    style,
    trailers: values.trailer ?? [],
    signoff: values.signoff === true,
    gitCommit: values['git-commit'] === true,
  });
  if (values.json) printJson(ctx, r);
  else ctx.stdout.write(r.message.text);
  if (r.commit)
    ctx.stderr.write(
      `${r.commit.output}\ncommitted ${r.commit.sha.slice(0, 12)}: ${r.commit.files.map((f) => f.split('\t')[1]).join(', ')}\n`,
    );
  return 0;
}
