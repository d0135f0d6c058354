// `perflab profile list|top|diff|flame|open`: profiles of a run, or any .pb.gz file a user
// already has; `flame` writes a standalone SVG or HTML flame graph. `findings` is commands/findings.ts.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Input } from '../../shared/api.js';
import type { TopTable } from '../../shared/profile-types.js';
import { fail } from '../../shared/errors.js';
import type { Lab } from '../../core/lab.js';
import { formatValue } from '../../core/pprof/findings-markdown.js';
import { intArg, parse, runArg, UsageError } from '../args.js';
import { elideName, outputWidth, table, type CliContext } from '../io.js';
import { printJson } from './common.js';
import { matchRunRef } from '../../shared/ref-match.js';

type Selector = Input<'profileTop'>;

const SELECT_OPTIONS = {
  type: { type: 'string' },
  kind: { type: 'string' },
  bench: { type: 'string' },
  ref: { type: 'string' },
  focus: { type: 'string' },
  ignore: { type: 'string' },
  hide: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** RUN (an id or latest, unless a file of that name exists), a stored profile `#ID`, or a file. */
function selector(ctx: CliContext, arg: string, v: Record<string, unknown>): Selector {
  const common = {
    sampleType: v.type as string | undefined,
    focus: v.focus as string | undefined,
    ignore: v.ignore as string | undefined,
    hide: v.hide as string | undefined,
  };
  const id = /^#(\d+)$/.exec(arg);
  if (id) return { ...common, profileIds: [Number(id[1])] };
  if ((arg === 'latest' || /^\d+$/.test(arg)) && !existsSync(resolve(ctx.cwd, arg))) {
    return {
      ...common,
      run: runArg(arg),
      kind: (v.kind as string | undefined) ?? 'cpu',
      bench: v.bench as string | undefined,
      ref: v.ref as string | undefined,
    };
  }
  return { ...common, path: resolve(ctx.cwd, arg) };
}

function topText(t: TopTable, width: number): string {
  const u = t.sampleType.unit;
  const shown = t.rows.reduce((n, r) => n + r.flat, 0);
  const n = t.normalization;
  const per = n?.mode === 'per op' ? ' per op' : '';
  const values = !n
    ? ''
    : n.mode === 'per op'
      ? `Values: per op (divided by the iterations each process ran: base ${n.baseIterations.join('+')}, new ${n.iterations.join('+')})\n`
      : `Values: absolute (raw totals of each profiling process${n.reason ? `; not per op: ${n.reason}` : ''})\n`;
  const head = `Type: ${t.sampleType.type}\n${values}Showing nodes accounting for ${formatValue(shown, u)}${per}, ${t.total ? ((100 * shown) / t.total).toFixed(2) : '0.00'}% of ${formatValue(t.total, u)}${per} total${t.diff ? ' (new minus base)' : ''}\n`;
  const nums = t.rows.map((r) => [
    formatValue(r.flat, u),
    `${r.flatPct.toFixed(2)}%`,
    `${r.sumPct.toFixed(2)}%`,
    formatValue(r.cum, u),
    `${r.cumPct.toFixed(2)}%`,
  ]);
  const header = ['flat', 'flat%', 'sum%', 'cum', 'cum%'];
  // Numbers keep their width; the function name and its file (base name) share the rest of the line.
  const numWidth = header.reduce((n, h, i) => n + Math.max(h.length, ...nums.map((r) => r[i].length)) + 2, 0);
  const room = Math.max(30, width - numWidth);
  const files = t.rows.map((r) => r.file.slice(r.file.lastIndexOf('/') + 1));
  const fileWidth = Math.min(Math.max(4, ...files.map((f) => f.length)), Math.floor(room / 3));
  const nameWidth = room - fileWidth - 2;
  return (
    head +
    table([
      [...header, 'function', 'file'],
      ...t.rows.map((r, i) => [...nums[i], elideName(r.name, nameWidth), elideName(files[i], fileWidth)]),
    ])
  );
}

export async function profileCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('usage: perflab profile list RUN [--json]');
      const list = await lab.api.listProfiles({ run: runArg(positionals[0]) });
      if (values.json) printJson(ctx, list);
      else if (list.length === 0) ctx.stdout.write('no profiles in this run (run with --profile cpu,mem,...)\n');
      else
        ctx.stdout.write(
          table([
            ['ID', 'KIND', 'REF', 'PACKAGE', 'BENCHMARK', 'ITERATIONS', 'SIZE', 'FILE'],
            ...list.map((p) => [
              `#${p.id}`,
              p.kind,
              p.refLabel,
              p.pkg,
              p.benchmark,
              p.iterations === null ? '-' : String(p.iterations),
              String(p.size),
              p.path,
            ]),
          ]),
        );
      return 0;
    }
    case 'top': {
      const { values, positionals } = parse(rest, { ...SELECT_OPTIONS, n: { type: 'string', short: 'n' } });
      if (positionals.length !== 1)
        throw new UsageError('usage: perflab profile top (RUN|FILE|#ID) [--type T] [--kind K] [--bench NAME] [--ref REF] [-n N] [--json]');
      const t = await lab.api.profileTop({ ...selector(ctx, positionals[0], values), n: intArg('-n', values.n) ?? 20 });
      if (values.json) printJson(ctx, t);
      else ctx.stdout.write(topText(t, outputWidth(ctx.stdout)));
      return 0;
    }
    case 'diff': {
      const { values, positionals } = parse(rest, { ...SELECT_OPTIONS, n: { type: 'string', short: 'n' }, absolute: { type: 'boolean' } });
      if (positionals.length !== 2)
        throw new UsageError(
          'usage: perflab profile diff BASE NEW [--type T] [-n N] [--absolute] [--json]  (each a file, #ID, or RUN with --bench/--kind)',
        );
      const base = selector(ctx, positionals[0], values);
      const t = await lab.api.profileTop({
        ...selector(ctx, positionals[1], values),
        base,
        absolute: values.absolute === true,
        n: intArg('-n', values.n) ?? 20,
      });
      if (values.json) printJson(ctx, t);
      else ctx.stdout.write(topText(t, outputWidth(ctx.stdout)));
      return 0;
    }
    case 'flame': {
      const { values, positionals } = parse(rest, {
        ...SELECT_OPTIONS,
        format: { type: 'string' },
        diff: { type: 'string' },
        output: { type: 'string', short: 'o' },
        title: { type: 'string' },
      });
      if (positionals.length !== 1)
        throw new UsageError(
          'usage: perflab profile flame (RUN|FILE|#ID) --format svg|html [--diff BASE] [-o FILE] [--type T] [--kind K] [--bench NAME] [--ref REF]',
        );
      const format = values.format ?? 'svg';
      if (format !== 'svg' && format !== 'html') throw new UsageError(`--format must be svg or html, not ${JSON.stringify(format)}`);
      const base = values.diff === undefined ? undefined : selector(ctx, values.diff, values);
      const f = await lab.api.exportFlame({ ...selector(ctx, positionals[0], values), base, format, title: values.title });
      if (values.output === undefined || values.output === '-') ctx.stdout.write(f.text);
      else {
        const out = resolve(ctx.cwd, values.output);
        await writeFile(out, f.text).catch((err: NodeJS.ErrnoException) =>
          fail('InvalidInput', { field: '-o', value: values.output }, `cannot write ${out}: ${err.code ?? err.message}`),
        );
        ctx.stderr.write(`wrote ${out} (${f.text.length.toLocaleString('en-US')} characters)\n`);
      }
      return 0;
    }
    case 'open': {
      const { values, positionals } = parse(rest, {
        tool: { type: 'string' },
        kind: { type: 'string' },
        bench: { type: 'string' },
        ref: { type: 'string' },
      });
      if (positionals.length !== 1)
        throw new UsageError('usage: perflab profile open (RUN|FILE|#ID) [--tool pprof|trace] [--kind K] [--bench NAME] [--ref REF]');
      const tool = (values.tool ?? (values.kind === 'trace' ? 'trace' : 'pprof')) as 'pprof' | 'trace';
      if (tool !== 'pprof' && tool !== 'trace') throw new UsageError(`--tool must be pprof or trace, not ${JSON.stringify(values.tool)}`);
      const arg = positionals[0];
      let input: Input<'openProfileTool'>;
      const id = /^#(\d+)$/.exec(arg);
      if (id) input = { profileId: Number(id[1]), tool };
      else if ((arg === 'latest' || /^\d+$/.test(arg)) && !existsSync(resolve(ctx.cwd, arg))) {
        const kind = values.kind ?? (tool === 'trace' ? 'trace' : 'cpu');
        const run = await lab.api.getRun({ run: runArg(arg) });
        const refLabel = values.ref ? matchRunRef(run.refs, values.ref, run.id).label : null;
        const list = (await lab.api.listProfiles({ run: run.id })).filter(
          (p) =>
            p.kind === kind &&
            (!values.bench || p.benchmark === values.bench || p.benchmark === `Benchmark${values.bench}`) &&
            (refLabel === null || p.refLabel === refLabel),
        );
        if (list.length === 0)
          throw new UsageError(`run ${arg} has no ${kind} profile matching the selection (see: perflab profile list ${arg})`);
        input = { profileId: list[0].id, tool };
      } else input = { path: resolve(ctx.cwd, arg), tool };
      const h = await lab.api.openProfileTool(input);
      ctx.stdout.write(`${h.url}\n`);
      ctx.stderr.write(`go tool ${tool} is serving on 127.0.0.1 only; press Ctrl-C to stop it.\n`);
      await new Promise<void>((r) => {
        if (ctx.signal.aborted) r();
        ctx.signal.addEventListener('abort', () => r(), { once: true });
      });
      await lab.api.closeProfileTool({ handle: h.handle });
      return 0;
    }
    default:
      throw new UsageError('usage: perflab profile list|top|diff|flame|open ...');
  }
}
