// `perflab`: the CLI as a function (argv, stdout, stderr) => exit code, over createLab. Exit
// codes are a stable interface: 0 ok, 1 the gate found a regression, 2 bad usage or input,
// 3 the work failed (build, run, missing tool), 4 the gate could not decide some row (nothing
// regressed) or bisect could not split an interval, 130 canceled with Ctrl-C.
import { createLab, type Lab } from '../core/lab.js';
import { HelpRequested, takeGlobalOptions, wantsHelp } from './args.js';
import { compareFiles } from './compare-files.js';
import { reportError } from './report-error.js';
import { HELP, helpText, subcommands } from './help.js';
import { terminalSafe, type CliContext, type Out } from './io.js';
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
  baseline: async () => (await import('./commands/workflow.js')).baselineCommand,
  changes: async () => (await import('./commands/changes.js')).changesCommand,
  bisect: async () => (await import('./commands/bisect.js')).bisectCommand,
  history: async () => (await import('./commands/workflow.js')).historyCommand,
  investigate: async () => (await import('./commands/investigate.js')).investigateCommand,
};

export { takeGlobalOptions };

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
      [--confidence C] [--holm] [--delta-ci] [--tolerance PCT] [--format text|csv|json|markdown]
  profile list RUN | profile top (RUN|FILE|#ID) [--kind K] [--type T] [--bench NAME] [--ref REF] [-n N] [--json]
  profile diff BASE NEW [--type T] [--absolute] [--json] | profile open (RUN|FILE|#ID) [--tool pprof|trace]
  findings RUN [--format markdown|json] [--issues DIR] [--tracker bd|gh] [--dry-run]
  export commit RUN [--base REF --head REF] [--scope TEXT] [--summary TEXT] [--style conventional|go|improvements] [--format text|markdown]
  gate RUN [--max-regression PCT] [--strict] [--allow-undecided] [--baseline NAME|RUN [--allow-env-mismatch]]
      | gate --base REF --head REF [--repo PATH] [run flags]   exit 1 regression, 4 undecided
  baseline set NAME RUN [--ref REF] | baseline list [--json]
  changes RUN [--bench RE] [--unit UNIT] [--threshold PCT] [--alpha A] [--json]   change points of a range run
  bisect --good REF --bad REF --bench RE [--repo PATH] [--unit U] [--threshold PCT] [run flags] [--json]
                                         the first commit that made bad worse; exit 1 not worse, 4 undecided
  bisect list [--json] | bisect show ID [--json]   stored bisects (any lab process's)
  history NAME [--repo PATH] [--unit UNIT] [--order date|commit] [--changes [--check]] [--json]
  investigate start|verify|status|show-step|note|targets|commit|list ...
  gc [--dry-run]
  version
  help COMMAND [SUBCOMMAND]             a command's usage and options (same as: perflab COMMAND --help)

RUN is a run id or "latest". Data lives in --data-dir (accepted anywhere on the line), else
$PERFLAB_HOME, else the OS data dir.
`;

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly ask?: ((q: string) => Promise<boolean>) | null;
  /** Lock directory override (tests). */
  readonly lockDir?: string;
}

export async function run(argv: readonly string[], rawStdout: Out, rawStderr: Out, o: RunOptions = {}): Promise<number> {
  const stdout = terminalSafe(rawStdout);
  const stderr = terminalSafe(rawStderr);
  const env = o.env ?? process.env;
  const ctx: CliContext = {
    stdout,
    stderr,
    env,
    cwd: o.cwd ?? process.cwd(),
    signal: o.signal ?? new AbortController().signal,
    ask: o.ask ?? null,
  };
  let dataDir: string | undefined;
  let args: string[];
  try {
    ({ dataDir, args } = takeGlobalOptions(argv));
  } catch (err) {
    stderr.write(`perflab: ${(err as Error).message}\n`);
    return 2;
  }
  while (args.length && args[0].startsWith('-')) {
    const a = args[0];
    if (a === '-h' || a === '--help') {
      stdout.write(USAGE);
      return 0;
    } else if (a === '--version') {
      args = ['version', ...args.slice(1).filter((x) => x !== '--version')];
    } else {
      stderr.write(`perflab: unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }
  let [cmd, ...rest] = args;
  if (!cmd || (cmd === 'help' && rest.length === 0)) {
    (cmd ? stdout : stderr).write(USAGE);
    return cmd ? 0 : 2;
  }
  // `perflab help COMMAND [SUB]` is `perflab COMMAND [SUB] --help`.
  if (cmd === 'help') [cmd, ...rest] = [...rest, '--help'];
  if (wantsHelp(rest)) return printHelp(cmd, rest, ctx);
  if (cmd === 'compare') {
    // Files only: no lab (no data directory, database or tools) is needed.
    try {
      const code = await compareFiles(ctx, rest);
      if (code !== null) return code;
    } catch (err) {
      return reportError(cmd, err, stderr, env);
    }
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
    return await (
      await load()
    )(lab, ctx, rest);
  } catch (err) {
    return reportError(cmd, err, stderr, env);
  } finally {
    await lab?.close();
  }
}

/** Commands (and `profile` subcommands) that stop cleanly on SIGINT/SIGTERM: they own a run, a server or a tool. */
const GRACEFUL = new Set(['serve', 'run', 'gate', 'investigate', 'profile open']);

/**
 * Whether the CLI should catch SIGINT/SIGTERM for this command line (bin/perflab.js asks before
 * it installs handlers). Commands that start a benchmark run, serve, or open a go tool catch them
 * and clean up (cancel the run, close sockets, stop the tool). Every other command holds nothing
 * that needs it (SQLite rolls back an unfinished transaction, an import left `running` is marked
 * interrupted at the next start), so the signal keeps its default action and ends the process at
 * once, also while it is busy parsing a large input or blocked in a slow read (it used to run on
 * for 16 s: `compare` of a 120 MB file).
 */
export function stopsGracefully(argv: readonly string[]): boolean {
  let args: string[];
  try {
    ({ args } = takeGlobalOptions(argv));
  } catch {
    return false;
  }
  while (args.length && args[0].startsWith('-')) args = args.slice(1);
  const [cmd, sub] = args;
  return cmd !== undefined && (GRACEFUL.has(cmd) || GRACEFUL.has(`${cmd} ${sub ?? ''}`));
}

/** Every command's and subcommand's name, for `help` and the tests. */
export const COMMAND_NAMES: readonly string[] = [...Object.keys(COMMANDS), 'version'];

/** A lab that must not be touched: commands parse their options before using the lab, so `--help` needs none. */
const NO_LAB = new Proxy(
  {},
  {
    get: () => {
      throw new Error('help: no lab');
    },
  },
) as Lab;

async function printHelp(cmd: string, rest: readonly string[], ctx: CliContext): Promise<number> {
  const load = COMMANDS[cmd];
  if (!load && !HELP[cmd]) {
    ctx.stderr.write(`perflab: unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
    return 2;
  }
  const sub = rest[0] && HELP[`${cmd} ${rest[0]}`] ? rest[0] : undefined;
  const key = sub ? `${cmd} ${sub}` : cmd;
  if (!load || (!sub && subcommands(cmd).length > 0 && rest[0] !== undefined && rest[0].startsWith('-'))) {
    ctx.stdout.write(helpText(key));
    return 0;
  }
  try {
    await (
      await load()
    )(NO_LAB, ctx, rest);
  } catch (err) {
    if (err instanceof HelpRequested) {
      ctx.stdout.write(helpText(key, err.options));
      return 0;
    }
  }
  ctx.stdout.write(helpText(key));
  return 0;
}
