// `perflab`: the CLI as a function (argv, stdout, stderr) => exit code, over createLab. Exit
// codes are a stable interface: 0 ok, 1 the gate found a regression, 2 bad usage or input,
// 3 the work failed (build, run, missing tool), 130 canceled with Ctrl-C.
import { createLab, type Lab } from '../core/lab.js';
import { describeError, exitCodeFor, toLabError } from '../shared/errors.js';
import { UsageError } from './args.js';
import type { CliContext, Out } from './io.js';
import type { Command } from './commands/command.js';

/** Command modules load on demand, so a command pays only for what it uses at start-up. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  repo: async () => (await import('./commands/repo.js')).repoCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  runs: async () => (await import('./commands/runs.js')).runsCommand,
  show: async () => (await import('./commands/runs.js')).showCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  gc: async () => (await import('./commands/gc.js')).gcCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  profile: async () => (await import('./commands/profile.js')).profileCommand,
  findings: async () => (await import('./commands/findings.js')).findingsCommand,
  export: async () => (await import('./commands/workflow.js')).exportCommand,
  gate: async () => (await import('./commands/workflow.js')).gateCommand,
  history: async () => (await import('./commands/workflow.js')).historyCommand,
  investigate: async () => (await import('./commands/workflow.js')).investigateCommand,
};

export const USAGE = `usage: perflab [--data-dir DIR] COMMAND ...

  serve [--port N] [--open]              the lab's UI in a browser (prints the URL with its token)
  repo add PATH [--trust] | repo list [--json] | repo trust PATH | repo untrust PATH | repo remove PATH
  bench list [--repo PATH] [--json]      packages and their benchmarks
  run [--repo PATH] [--pkg PKG]... [--bench REGEX] [--ref REF]... [--count N] [--cpu LIST]
      [--benchtime LIST] [--tags TAGS] [--profile cpu,mem,block,mutex,trace] [--env K=V]...
      [--label TEXT] [--timeout D] [--schedule interleaved|sequential|shuffled] [--seed N]
      [--variant NAME:key=value;...]... [--pgo-loop] [--until-significant MAX] [--json] [-v]
  runs [--repo PATH] [--json]
  show RUN [--format text|json|benchfmt|csv]
  import FILE... [--label TEXT]
  compare (RUN|FILE)... [--by ref|cpu|benchtime|label|file|run] [--filter EXPR] [--alpha A]
      [--confidence C] [--holm] [--delta-ci] [--format text|csv|json|markdown]
  profile list RUN | profile top (RUN|FILE|#ID) [--kind K] [--type T] [--bench NAME] [--ref REF] [-n N] [--json]
  profile diff BASE NEW [--type T] [--json] | profile open (RUN|FILE|#ID) [--tool pprof|trace]
  findings RUN [--format markdown|json] [--issues DIR] [--tracker bd|gh] [--dry-run]
  export commit RUN [--base REF --head REF] [--scope TEXT] [--summary TEXT] [--style conventional|go] [--format text|markdown]
  gate RUN [--max-regression PCT] [--strict] | gate --base REF --head REF [--repo PATH] [run flags]
  history NAME [--repo PATH] [--unit UNIT] [--order date|commit] [--json]
  investigate start|status|verify|commit|list ...
  gc [--dry-run]
  version

RUN is a run id or "latest". Data lives in --data-dir, else $PERFLAB_HOME, else the OS data dir.
`;

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly ask?: ((q: string) => Promise<boolean>) | null;
  /** Lock directory override (tests). */
  readonly lockDir?: string;
}

export async function run(argv: readonly string[], stdout: Out, stderr: Out, o: RunOptions = {}): Promise<number> {
  const env = o.env ?? process.env;
  const ctx: CliContext = { stdout, stderr, env, cwd: o.cwd ?? process.cwd(), signal: o.signal ?? new AbortController().signal, ask: o.ask ?? null };
  let args = [...argv];
  let dataDir: string | undefined;
  while (args.length && args[0].startsWith('-')) {
    const a = args[0];
    if (a === '--data-dir' && args.length > 1) { dataDir = args[1]; args = args.slice(2); }
    else if (a.startsWith('--data-dir=')) { dataDir = a.slice('--data-dir='.length); args = args.slice(1); }
    else if (a === '-h' || a === '--help') { stdout.write(USAGE); return 0; }
    else if (a === '--version') { args = ['version', ...args.slice(1).filter((x) => x !== '--version')]; }
    else { stderr.write(`perflab: unknown option ${a}\n${USAGE}`); return 2; }
  }
  const [cmd, ...rest] = args;
  if (!cmd || cmd === 'help') {
    (cmd ? stdout : stderr).write(USAGE);
    return cmd ? 0 : 2;
  }
  let lab: Lab | null = null;
  try {
    lab = createLab({ dataDir, env, lockDir: o.lockDir, cwd: ctx.cwd });
    const recovered = await lab.recovered;
    if (recovered.length) stderr.write(`marked interrupted: run ${recovered.join(', ')} (their lab process had died)\n`);
    if (cmd === 'version') {
      const v = await lab.api.version({});
      stdout.write(`perflab ${v.version} (node ${v.node}, ${v.go ?? 'go not found'}, git ${v.git ?? 'not found'}, data ${v.dataDir})\n`);
      return 0;
    }
    const load = COMMANDS[cmd];
    if (!load) {
      stderr.write(`perflab: unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
      return 2;
    }
    return await (await load())(lab, ctx, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`perflab ${cmd}: ${err.message}\n`);
      return 2;
    }
    const e = toLabError(err);
    stderr.write(`perflab ${cmd}: ${e.message || describeError(e)}\n`);
    if (e.code === 'BuildFailed') stderr.write(`${e.detail.output}\n`);
    if (e.code === 'ToolFailed' && e.detail.output) stderr.write(`${e.detail.output.slice(0, 4000)}\n`);
    if (e.code === 'Internal' && env.PERFLAB_DEBUG) stderr.write(`${e.detail?.stack ?? ''}\n`);
    return exitCodeFor(e);
  } finally {
    await lab?.close();
  }
}
