// The CLI's help text: one table keyed by command (and subcommand) with its usage line, a
// summary and one line per option. `perflab COMMAND --help` lists the options from the
// command's own parse config (so an option added there shows up even before it is described
// here), with the description from this table when there is one.
import type { OptionConfig } from './args.js';

/** An option's description, or [metavar, description] when the value is not named after the option. */
type OptionHelp = string | readonly [string, string];

export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly options?: Readonly<Record<string, OptionHelp>>;
  /** Subcommands sharing one parse config: list only the options described here. */
  readonly describedOnly?: boolean;
}

const REPO: OptionHelp = ['PATH', 'the Go module (default: the module around the working directory)'];
const JSON_OUT = 'print one JSON document on stdout';
const SELECT: Readonly<Record<string, OptionHelp>> = {
  kind: ['K', 'with a RUN: the profile kind (cpu, mem, block, mutex, trace; default cpu)'],
  type: ['T', 'sample type: cpu, alloc_space, alloc_objects, inuse_space, delay, ...'],
  bench: ['NAME', 'with a RUN: the benchmark whose profiles to use'],
  ref: ['REF', 'with a RUN: the ref whose profiles to use'],
  focus: ['RE', 'keep only samples with a frame matching RE'],
  ignore: ['RE', 'drop samples with a frame matching RE'],
  hide: ['RE', 'hide frames matching RE'],
  n: ['N', 'number of rows (default 20)'],
  json: JSON_OUT,
};
const RUN: Readonly<Record<string, OptionHelp>> = {
  repo: REPO,
  pkg: ['PKG', 'package patterns as go list takes them (default ./...); repeatable'],
  bench: ['REGEX', "Go's -bench regexp (default .)"],
  ref: ['REF', 'a git ref or WORKTREE (the default); repeatable, one column each'],
  count: ['N', 'rounds; every round runs every ref once (default 6)'],
  cpu: ['LIST', '-cpu values, e.g. 1,4'],
  benchtime: ['LIST', '-benchtime values (default 1s); several make an axis'],
  tags: ['TAGS', 'build tags'],
  profile: ['KINDS', 'profiles after the timing rounds: cpu,mem,block,mutex,trace'],
  'profile-benchtime': ['D', 'benchtime of the profiled runs (default 1s)'],
  memprofilerate: ['N', 'runtime.MemProfileRate for the profiled runs'],
  blockprofilerate: ['N', 'block profile rate for the profiled runs'],
  mutexprofilefraction: ['N', 'mutex profile fraction for the profiled runs'],
  resources: 'after the timing rounds: peak RSS, CPU time, GCs per benchmark',
  main: ['PKG', 'time a program (./cmd/tool) per ref; only it, unless --bench'],
  args: ['ARGS', "the program's arguments, split without a shell"],
  stdin: ['FILE', 'a file the program reads as standard input'],
  warmup: ['N', 'unstored runs of each program per ref before the rounds'],
  env: ['K=V', 'runtime environment (GOGC=off, GOMAXPROCS=4)'],
  label: ['TEXT', 'a label shown in history and usable as a compare column'],
  timeout: ['D', '-test.timeout of each benchmark process (default 10m)'],
  schedule: ['S', 'interleaved (default), sequential or shuffled'],
  sequential: 'same as --schedule sequential',
  seed: ['N', 'seed of the shuffled schedule'],
  variant: ['SPEC', 'NAME:key=value;... a variant column (pgo=, gcflags=, env.K=)'],
  'until-significant': ['MAX', 'add rounds until every row is decided, up to MAX rounds'],
  'pgo-loop': 'measure and profile, rebuild with -pgo, measure again, compare',
  gowork: "honour the repository's go.work (off by default)",
  json: 'print the run as JSON on stdout instead of its id',
  verbose: "show the benchmarks' own output in the progress log",
};

export const HELP: Readonly<Record<string, CommandHelp>> = {
  serve: {
    usage: 'serve [--port N] [--open]',
    summary: "the lab's UI in a browser, on 127.0.0.1 only; prints the URL with its token",
    options: { port: ['N', 'port to listen on (default: any free port)'], open: 'open the URL in the default browser' },
  },
  repo: { usage: 'repo add|list|trust|untrust|remove ...', summary: 'the Go modules the lab knows, and whether their code may run' },
  'repo add': {
    usage: 'repo add PATH [--trust] [--json]',
    summary: 'add a Go module (a subdirectory of a git repository is fine)',
    options: { trust: "trust it now (running benchmarks runs the repository's code)", json: JSON_OUT },
  },
  'repo list': { usage: 'repo list [--json]', summary: 'the added repositories, trusted or not', options: { json: JSON_OUT } },
  'repo trust': { usage: 'repo trust PATH', summary: 'allow runs of a repository (and its perflab.json budgets)' },
  'repo untrust': { usage: 'repo untrust PATH', summary: 'stop trusting a repository' },
  'repo remove': { usage: 'repo remove PATH', summary: 'forget a repository (its runs are kept)' },
  bench: { usage: 'bench list [--repo PATH] [--json]', summary: 'packages and their benchmarks' },
  'bench list': {
    usage: 'bench list [--repo PATH] [--json]',
    summary: 'packages and their benchmarks, from go list and the test sources; nothing runs',
    options: { repo: REPO, json: JSON_OUT },
  },
  run: {
    usage: 'run [options]',
    summary: 'run a benchmark matrix: refs x rounds, interleaved; progress on stderr, the run id (or JSON) on stdout',
    options: RUN,
  },
  runs: {
    usage: 'runs [--repo PATH] [--limit N] [--json]',
    summary: 'the stored runs',
    options: { repo: ['PATH', 'only the runs of this repository'], limit: ['N', 'at most N runs (default 200)'], json: JSON_OUT },
  },
  show: {
    usage: 'show RUN [--format text|json|benchfmt|csv]',
    summary: 'one run: header, notes, failures and the median of each cell',
    options: { format: ['F', 'text (default), json, benchfmt (Go benchmark text) or csv'], json: 'same as --format json' },
  },
  import: {
    usage: 'import FILE... [--label TEXT]',
    summary: 'store Go benchmark text as a run',
    options: { label: ['TEXT', 'the run label'], json: JSON_OUT },
  },
  compare: {
    usage: 'compare (RUN|FILE)... [options]',
    summary: "benchstat's comparison of runs or files (files with no options: byte-identical to benchstat)",
    options: {
      by: ['AXIS', 'the column axis: ref, cpu, benchtime, label, file or run'],
      filter: ['EXPR', "benchstat's filter (.name:Parse*, goos:linux, AND, OR)"],
      alpha: ['A', 'significance level (default 0.05)'],
      confidence: ['C', 'confidence level of the intervals (default 0.95)'],
      holm: "Holm's correction across rows",
      'delta-ci': 'add the Hodges-Lehmann change with its interval',
      format: ['F', 'text (default), csv, json or markdown'],
      repo: ['PATH', 'the repository, for budgets and labels'],
      row: ['KEYS', "benchstat's -row projection"],
      col: ['KEYS', "benchstat's -col projection"],
      table: ['KEYS', "benchstat's -table projection"],
      ignore: ['KEYS', "benchstat's -ignore keys"],
    },
  },
  profile: { usage: 'profile list|top|diff|open ...', summary: 'profiles of a run, or any .pb.gz file' },
  'profile list': { usage: 'profile list RUN [--json]', summary: 'the profiles of a run with their #IDs', options: { json: JSON_OUT } },
  'profile top': {
    usage: 'profile top (RUN|FILE|#ID) [options]',
    summary: 'the top table (flat, flat%, sum%, cum, cum%) by function',
    options: SELECT,
  },
  'profile diff': {
    usage: 'profile diff BASE NEW [options]',
    summary: 'the top table of NEW with the change from BASE per function',
    options: SELECT,
  },
  'profile open': {
    usage: 'profile open (RUN|FILE|#ID) [--tool pprof|trace]',
    summary: 'hand a profile to go tool pprof -http or a trace to go tool trace (127.0.0.1)',
    options: { tool: ['TOOL', 'pprof (default) or trace'], kind: SELECT.kind, bench: SELECT.bench, ref: SELECT.ref },
  },
  'profile flame': {
    usage: 'profile flame (RUN|FILE|#ID) --format svg|html [--diff BASE] [-o FILE]',
    summary: 'a flame graph as a standalone file (SVG with tooltips, or self-contained interactive HTML)',
    options: {
      ...SELECT,
      format: ['F', 'svg or html'],
      diff: ['BASE', 'a diff flame graph against BASE (file, #ID or RUN)'],
      output: ['FILE', 'write to FILE instead of stdout'],
      o: ['FILE', 'write to FILE instead of stdout'],
    },
  },
  findings: {
    usage:
      'findings RUN [--format markdown|json] [--issues DIR] [--tracker bd|gh] [--dry-run] | findings RUN --compiler-diff [--base REF] [--head REF]',
    summary: "hot spots of a run's profiles worth a perf issue, with the compiler's notes",
    options: {
      format: ['F', 'markdown (default) or json; text (default) or json with --compiler-diff'],
      json: 'same as --format json',
      issues: ['DIR', 'write one Markdown file per tracker issue (titles already there skipped)'],
      tracker: ['T', 'bd or gh: file each issue once'],
      'dry-run': 'print the files or tracker commands instead',
      'compiler-diff': 'inlining, escapes, bounds checks that changed for the hot functions',
      base: ['REF', 'with --compiler-diff: the column compared from (default the first)'],
      head: ['REF', 'with --compiler-diff: the column compared to (default the last)'],
    },
  },
  export: { usage: 'export commit RUN ...', summary: 'a perf: commit message with before/after figures' },
  'export commit': {
    usage: 'export commit RUN [options]',
    summary: 'a commit message: subject, Speed:/Memory: lines, the benchstat table, the machine, a command to reproduce',
    options: {
      base: ['REF', "the base ref (default: the run's first)"],
      head: ['REF', "the head ref (default: the run's last)"],
      scope: ['TEXT', 'the scope in perf(scope):'],
      summary: ['TEXT', 'the subject text'],
      style: ['S', "conventional (default), go (Go's pkg/path: style) or improvements"],
      format: ['F', 'text (default) or markdown'],
      trailer: ['K: V', 'a trailer line at the end; repeatable'],
      json: JSON_OUT,
    },
  },
  gate: {
    usage: 'gate RUN [--max-regression PCT] [--strict] | gate --base REF --head REF [run options]',
    summary: 'exit 1 when head regresses beyond budget against base (perflab.json or --max-regression), 3 when it cannot measure',
    options: {
      ...RUN,
      base: ['REF', 'run (or reuse) base against head first'],
      head: ['REF', 'see --base'],
      'max-regression': ['PCT', 'the largest accepted slowdown, in percent'],
      strict: 'judge by the near end of the interval, not the estimate',
    },
  },
  bisect: {
    usage: 'bisect [--repo PATH] --good REF --bad REF --bench RE [options] | bisect list | bisect show ID',
    summary:
      'statistical bisect: confirm bad is worse than good, then binary-search the first-parent commits; ' +
      'exit 0 found, 1 not worse, 4 undecided, 3 could not measure',
    options: {
      repo: REPO,
      good: ['REF', 'a commit where the benchmark is fine'],
      bad: ['REF', 'a later commit where it is worse'],
      bench: ['RE', "Go's -bench regexp of the benchmarks judged"],
      pkg: RUN.pkg,
      unit: ['U', 'the metric judged (default sec/op)'],
      threshold: ['PCT', 'the smallest regression that counts, in percent (default 5)'],
      alpha: ['A', 'the chance of any wrong decision over the whole bisect (default 0.05)'],
      count: ['N', 'rounds each step starts with (default 8)'],
      'max-count': ['M', 'rounds a step may reach adding rounds (default 3 x --count)'],
      benchtime: ['D', '-benchtime (default 1s)'],
      cpu: ['N', 'one -cpu value'],
      env: RUN.env,
      timeout: RUN.timeout,
      json: JSON_OUT,
    },
  },
  'bisect list': {
    usage: 'bisect list [--json]',
    summary: 'the stored bisects, newest first (any lab process: a running one, or one whose process ended: interrupted)',
    describedOnly: true,
    options: { json: JSON_OUT },
  },
  'bisect show': {
    usage: 'bisect show ID [--json]',
    summary: "a bisect's report as it stands: steps, first bad commit and evidence, or the interval it could not split",
    describedOnly: true,
    options: { json: JSON_OUT },
  },
  history: {
    usage: 'history NAME [--repo PATH] [--unit UNIT] [--order date|commit] [--changes [--check] [--threshold PCT]] [--json]',
    summary: "a benchmark's center and interval across runs; with --changes, where its series steps (runs of one machine only)",
    options: {
      repo: ['PATH', 'only runs of this repository'],
      unit: ['UNIT', 'the metric (default sec/op)'],
      order: ['O', 'date (default) or commit'],
      cpu: ['N', 'the -cpu value'],
      benchtime: ['D', 'the benchtime'],
      json: JSON_OUT,
      changes: 'change points of the stored series (a column per commit, one machine)',
      check: 'with --changes: exit 1 if the newest commit starts a worse level (4: undecided)',
      threshold: ['PCT', 'with --changes: the smallest step reported, in % (default 5)'],
      alpha: ['A', 'with --changes: level after correction (default 0.05)'],
    },
  },
  investigate: {
    usage: 'investigate start|verify|status|show-step|note|targets|commit|list ...',
    summary: 'targets -> baseline -> verify steps (snapshot, tests) -> commit',
  },
  'investigate start': {
    usage:
      'investigate start --title TEXT --bench REGEX [--target T]... [--targets FILE] [--pkg PKG]... [--base REF] [--count N] [--race|--no-tests] [--max-attempts N] [--repo PATH]',
    summary: 'start an investigation: its targets and a baseline run',
    describedOnly: true,
    options: {
      title: ['TEXT', 'what the investigation is about'],
      bench: ['REGEX', 'the benchmarks'],
      target: ['T', '[NAME:]UNIT<=LIMIT, UNIT>=LIMIT or [NAME:][UNIT:]-PCT%; repeatable'],
      targets: ['FILE', 'targets from a Markdown table (investigate targets --export)'],
      pkg: ['PKG', 'the packages each step builds (default: the module); repeatable'],
      base: ['REF', 'the baseline ref (default HEAD)'],
      count: ['N', 'rounds per run'],
      benchtime: ['D', 'benchtime'],
      profile: ['KINDS', 'profiles of each step: cpu (default), mem...; none'],
      race: "run each verify step's tests with -race",
      'no-tests': 'do not run tests at verify steps',
      'max-attempts': ['N', 'warn from the Nth verify step on'],
      repo: REPO,
      json: JSON_OUT,
      'no-wait': 'return once the run is started',
    },
  },
  'investigate status': {
    usage: 'investigate status ID [--json]',
    summary: 'the record so far: steps, snapshots, tests, notes, targets',
    describedOnly: true,
    options: { json: JSON_OUT },
  },
  'investigate verify': {
    usage: 'investigate verify ID [--ref REF|SNAPSHOT] [--count N] [--until-significant N] [--race]',
    summary:
      'snapshot the working tree (or take REF, or a stored SNAPSHOT), measure it against the base, run its tests; exit 1 when tests fail',
    describedOnly: true,
    options: {
      ref: ['REF', 'WORKTREE (default), a git ref, or a stored snapshot id'],
      count: ['N', "this step's rounds, instead of the investigation's count"],
      'until-significant': ['N', 'add rounds until the rows are decided, up to N'],
      race: "run this step's tests with -race",
      json: JSON_OUT,
      'no-wait': 'return once the run is started',
    },
  },
  'investigate show-step': {
    usage: 'investigate show-step ID N [--patch] [--json]',
    summary: 'one step: its snapshot, files, tests and notes; --patch prints its patch against HEAD',
    describedOnly: true,
    options: { patch: "print the patch of the step's snapshot", json: JSON_OUT },
  },
  'investigate note': {
    usage: 'investigate note ID --text TEXT [--step N]',
    summary: 'attach a note (analysis, hypothesis, review) to the current step',
    describedOnly: true,
    options: { text: ['TEXT', 'the note'], step: ['N', 'another step than the latest'] },
  },
  'investigate targets': {
    usage: 'investigate targets ID [--export FILE]',
    summary: 'the targets as a Markdown table (with the latest state); --export writes the table start --targets reads',
    describedOnly: true,
    options: { export: ['FILE', 'write the table to FILE'] },
  },
  'investigate commit': {
    usage:
      "investigate commit ID [--style conventional|go|improvements] [--scope TEXT] [--summary TEXT] [--trailer 'K: V']... [--signoff] [--git-commit]",
    summary: 'the commit message for the last verified step; exit 1 while its tests fail',
    describedOnly: true,
    options: {
      style: ['S', 'conventional (default), go, or improvements'],
      scope: ['TEXT', "perf(scope): (empty: none); improvements: 'optimize TEXT'"],
      summary: ['TEXT', 'the subject text'],
      trailer: ['K: V', 'a trailer line at the end; repeatable'],
      signoff: 'add Signed-off-by with your git identity',
      'git-commit': 'commit the measured snapshot on your branch (your hooks run)',
      json: JSON_OUT,
    },
  },
  'investigate list': {
    usage: 'investigate list [--repo PATH] [--json]',
    summary: 'the investigations',
    describedOnly: true,
    options: { repo: ['PATH', 'only this repository'], json: JSON_OUT },
  },
  gc: {
    usage: 'gc [--dry-run] [--json]',
    summary: 'remove unused app worktrees, cached test binaries and unreferenced profile files',
    options: { 'dry-run': 'say what would be removed', json: JSON_OUT },
  },
  version: { usage: 'version', summary: 'versions of perflab, node, go and git, and the data directory' },
  help: { usage: 'help [COMMAND [SUBCOMMAND]]', summary: 'this help, or the help of a command' },
};

/** The subcommands of a command, from the table. */
export function subcommands(cmd: string): string[] {
  return Object.keys(HELP)
    .filter((k) => k.startsWith(`${cmd} `))
    .map((k) => k.slice(cmd.length + 1));
}

/** Help for `perflab KEY` where KEY is a command or `command sub`; options from the parse config when known. */
export function helpText(key: string, config?: OptionConfig): string {
  const h = HELP[key] ?? { usage: `${key} ...`, summary: '' };
  const out = [...wrap(`usage: perflab ${h.usage}`, '    '), ''];
  if (h.summary) out.push(...wrap(h.summary, ''), '');
  const subs = subcommands(key);
  if (subs.length) {
    out.push('subcommands:');
    const w = Math.max(...subs.map((s) => s.length));
    for (const s of subs) out.push(...wrap(`  ${s.padEnd(w)}  ${HELP[`${key} ${s}`].summary}`, ' '.repeat(w + 4)));
    out.push('', `perflab ${key} SUBCOMMAND --help describes each.`, '');
  }
  const names = config ? Object.keys(config) : Object.keys(h.options ?? {});
  const rows: [string, string][] = [];
  for (const name of names) {
    const desc = h.options?.[name];
    if (h.describedOnly && desc === undefined) continue;
    const o = config?.[name];
    const isString = o ? o.type === 'string' : Array.isArray(desc);
    const metavar = Array.isArray(desc) ? desc[0] : name.toUpperCase();
    const text = Array.isArray(desc) ? desc[1] : ((desc as string | undefined) ?? '');
    const long = name.length === 1 ? `-${name}` : `${o?.short ? `-${o.short}, ` : ''}--${name}`;
    const flag = `${long}${isString ? ` ${metavar}` : ''}`;
    rows.push([flag, `${text}${o?.multiple && !/repeatable/.test(text) ? `${text ? '; ' : ''}repeatable` : ''}`]);
  }
  rows.push(['-h, --help', 'print this help'], ['--data-dir DIR', 'the data directory (default $PERFLAB_HOME, else the OS data dir)']);
  out.push('options:');
  const w = Math.min(30, Math.max(...rows.map((r) => r[0].length)));
  for (const [f, d] of rows) out.push(`  ${f.padEnd(w)}  ${d}`.trimEnd());
  return `${out.join('\n')}\n`;
}

const WIDTH = 100;

/** Words of a long line onto lines of at most 100 columns; continuation lines start with indent. */
function wrap(line: string, indent: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(/(?<=\S) (?=\S)/)) {
    if (cur && cur.length + 1 + word.length > WIDTH) {
      out.push(cur);
      cur = indent + word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  out.push(cur);
  return out;
}
