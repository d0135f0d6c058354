// The matrix builder's model: a draft as the form holds it (strings as typed), its validation
// with one message per field, the RunSpec input it becomes, the number of cells it measures,
// a duration estimate from past runs, and the equivalent `perflab run ...` command line.
import type { RunSpecInputT } from '../../../shared/api.js';
import type { ProfileKind, RunSummary, Variant } from '../../../shared/models.js';
import type { BenchPreview } from './bench-match.js';

export type Schedule = 'interleaved' | 'sequential' | 'shuffled';

export interface VariantDraft {
  readonly name: string;
  /** `key=value;key=value` in the CLI's --variant syntax (toolchain, goamd64, goexperiment, gcflags, pgo, env.NAME). */
  readonly settings: string;
}

export interface MatrixDraft {
  readonly repoId: number;
  readonly repoPath: string;
  readonly packages: readonly string[];
  readonly bench: string;
  readonly refs: readonly string[];
  readonly cpu: string;
  readonly benchtime: string;
  readonly count: string;
  readonly tags: string;
  readonly profile: readonly ProfileKind[];
  readonly profileBenchtime: string;
  /** Resource runs after the timing rounds (--resources). */
  readonly resources: boolean;
  /** Whole-program runs: main packages and argument strings, one per line (--main, --args). */
  readonly mains: string;
  readonly args: string;
  readonly stdin: string;
  readonly warmup: string;
  /** With mains: run the selected benchmarks too (else only the programs). */
  readonly withBenchmarks: boolean;
  readonly variants: readonly VariantDraft[];
  /** `KEY=VALUE` lines. */
  readonly env: string;
  readonly schedule: Schedule;
  readonly label: string;
}

export function emptyDraft(repoId: number, repoPath: string): MatrixDraft {
  return {
    repoId,
    repoPath,
    packages: [],
    bench: '.',
    refs: ['WORKTREE'],
    cpu: '',
    benchtime: '1s',
    count: '6',
    tags: '',
    profile: [],
    profileBenchtime: '1s',
    resources: false,
    mains: '',
    args: '',
    stdin: '',
    warmup: '0',
    withBenchmarks: false,
    variants: [],
    env: '',
    schedule: 'interleaved',
    label: '',
  };
}

/** A draft from a past run's spec ("run again"). */
export function draftFromSpec(repoId: number, spec: NonNullable<RunSummary['spec']>): MatrixDraft {
  return {
    repoId,
    repoPath: spec.repo,
    packages: [...spec.packages],
    bench: spec.bench,
    refs: [...spec.refs],
    cpu: spec.cpu.join(','),
    benchtime: spec.benchtime.join(','),
    count: String(spec.count),
    tags: spec.tags,
    profile: [...spec.profile],
    profileBenchtime: spec.profileBenchtime,
    resources: spec.resources === true,
    mains: (spec.main ?? []).join('\n'),
    args: (spec.args ?? []).join('\n'),
    stdin: spec.stdin ?? '',
    warmup: String(spec.warmup ?? 0),
    withBenchmarks: !spec.commandsOnly,
    variants: spec.variants.map(variantToDraft),
    env: Object.entries(spec.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    schedule: spec.schedule,
    label: spec.label,
  };
}

const BENCHTIME = /^(?:\d+x|(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type FieldErrors = Partial<
  Record<'bench' | 'refs' | 'cpu' | 'benchtime' | 'count' | 'tags' | 'profileBenchtime' | 'variants' | 'env' | 'mains' | 'warmup', string>
>;

function list(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function parseEnv(text: string): { env: Record<string, string>; error?: string } {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { env, error: `${JSON.stringify(line)}: want KEY=VALUE` };
    const k = line.slice(0, eq);
    if (!ENV_NAME.test(k)) return { env, error: `${JSON.stringify(k)} is not an environment variable name` };
    env[k] = line.slice(eq + 1);
  }
  return { env };
}

export function variantToDraft(v: Variant): VariantDraft {
  const parts: string[] = [];
  if (v.goToolchain) parts.push(`toolchain=${v.goToolchain}`);
  if (v.goamd64) parts.push(`goamd64=${v.goamd64}`);
  if (v.goarm64) parts.push(`goarm64=${v.goarm64}`);
  if (v.goexperiment !== undefined) parts.push(`goexperiment=${v.goexperiment}`);
  if (v.gcflags !== undefined) parts.push(`gcflags=${v.gcflags}`);
  if (v.pgo !== undefined) parts.push(`pgo=${v.pgo}`);
  for (const [k, val] of Object.entries(v.env ?? {})) parts.push(`env.${k}=${val}`);
  return { name: v.name, settings: parts.join(';') };
}

/** Parses the CLI's variant settings syntax into a Variant, or an error naming the bad part. */
export function parseVariantDraft(d: VariantDraft): { variant?: Variant; error?: string } {
  if (!/^[A-Za-z0-9_.+=:@-]{1,64}$/.test(d.name)) return { error: `variant name ${JSON.stringify(d.name)}: letters, digits and _.+=:@-` };
  const out: { -readonly [K in keyof Variant]: Variant[K] } = { name: d.name };
  const env: Record<string, string> = {};
  for (const part of d.settings
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `variant ${d.name}: ${JSON.stringify(part)} is not key=value` };
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1);
    switch (k) {
      case 'toolchain':
        out.goToolchain = v;
        break;
      case 'goamd64':
        out.goamd64 = v;
        break;
      case 'goarm64':
        out.goarm64 = v;
        break;
      case 'goexperiment':
        out.goexperiment = v;
        break;
      case 'gcflags':
        out.gcflags = v;
        break;
      case 'pgo':
        out.pgo = v;
        break;
      default:
        if (k.startsWith('env.') && ENV_NAME.test(k.slice(4))) env[k.slice(4)] = v;
        else
          return {
            error:
              `variant ${d.name}: unknown key ${JSON.stringify(k)} (toolchain, goamd64, goarm64, goexperiment, gcflags, pgo, env.NAME)` +
              (k === 'tags' ? '; build tags are per run: set "build tags" in a second run and compare the two runs' : ''),
          };
    }
  }
  if (Object.keys(env).length) out.env = env;
  return { variant: out };
}

export type DraftResult =
  | { readonly ok: true; readonly spec: RunSpecInputT; readonly errors: FieldErrors }
  | { readonly ok: false; readonly errors: FieldErrors };

/** Validates the draft; errors name the field and the offending value. */
export function draftToSpec(d: MatrixDraft, preview: BenchPreview | null): DraftResult {
  const errors: FieldErrors = {};
  const mains = lines(d.mains);
  const commandsOnly = mains.length > 0 && !d.withBenchmarks;
  if (mains.length > 16) errors.mains = 'at most 16 main packages';
  const argLines = lines(d.args);
  if (argLines.length > 16) errors.mains = 'at most 16 argument lines';
  if (!/^\d+$/.test(d.warmup.trim() || '0') || Number(d.warmup || 0) > 100)
    errors.warmup = `${JSON.stringify(d.warmup)}: a whole number from 0 to 100`;
  if (commandsOnly) {
    /* only the programs run: the -bench selection does not matter */
  } else if (preview && !preview.ok) errors.bench = preview.error;
  else if (preview && preview.matches.length === 0) errors.bench = `no benchmark matches ${JSON.stringify(d.bench)}`;
  const refs = d.refs.map((r) => r.trim()).filter(Boolean);
  if (refs.length === 0) errors.refs = 'pick at least one ref (WORKTREE is your working tree)';
  else if (refs.length > 16) errors.refs = 'at most 16 refs';
  else if (new Set(refs).size !== refs.length) errors.refs = 'a ref is listed twice';
  const cpu: number[] = [];
  for (const c of list(d.cpu)) {
    if (!/^\d+$/.test(c) || Number(c) < 1 || Number(c) > 4096) errors.cpu = `${JSON.stringify(c)} is not a GOMAXPROCS value (1 to 4096)`;
    else cpu.push(Number(c));
  }
  const benchtime = list(d.benchtime);
  if (benchtime.length === 0) errors.benchtime = 'give a duration such as 1s or an iteration count such as 100x';
  for (const b of benchtime)
    if (!BENCHTIME.test(b) || /^0+x$/.test(b))
      errors.benchtime = `${JSON.stringify(b)}: a duration such as 1s or 500ms, or a count such as 100x`;
  const count = Number(d.count);
  if (!/^\d+$/.test(d.count.trim()) || count < 1 || count > 10000)
    errors.count = `${JSON.stringify(d.count)}: a whole number from 1 to 10000`;
  if (!/^(?:[A-Za-z0-9_.]+(?:,[A-Za-z0-9_.]+)*)?$/.test(d.tags.trim()))
    errors.tags = `${JSON.stringify(d.tags)}: comma-separated build tags`;
  if (d.profile.length && (!BENCHTIME.test(d.profileBenchtime) || /^0+x$/.test(d.profileBenchtime)))
    errors.profileBenchtime = `${JSON.stringify(d.profileBenchtime)}: a duration such as 1s`;
  const variants: Variant[] = [];
  for (const vd of d.variants) {
    const r = parseVariantDraft(vd);
    if (r.error) errors.variants = r.error;
    else if (r.variant) variants.push(r.variant);
  }
  if (new Set(variants.map((v) => v.name)).size !== variants.length) errors.variants = 'two variants have the same name';
  const env = parseEnv(d.env);
  if (env.error) errors.env = env.error;
  if (Object.keys(errors).length) return { ok: false, errors };
  const spec: RunSpecInputT = {
    repo: d.repoId,
    packages: [...d.packages],
    bench: d.bench,
    refs,
    count,
    cpu,
    benchtime,
    tags: d.tags.trim(),
    profile: [...d.profile],
    profileBenchtime: d.profileBenchtime,
    ...(d.resources ? { resources: true } : {}),
    ...(mains.length
      ? { main: mains, args: argLines, warmup: Number(d.warmup || 0), commandsOnly, ...(d.stdin.trim() ? { stdin: d.stdin.trim() } : {}) }
      : {}),
    env: env.env,
    schedule: d.schedule,
    variants: variants as RunSpecInputT['variants'],
    label: d.label.trim(),
  };
  return { ok: true, spec, errors };
}

/** Non-empty lines of a text field, trimmed. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface CellCount {
  /** Columns: refs x variants (variants replace the plain ref column when given). */
  readonly columns: number;
  readonly benchmarks: number;
  readonly cpus: number;
  readonly benchtimes: number;
  readonly rounds: number;
  /** Timing cells: columns x benchmarks x cpus x benchtimes x rounds. */
  readonly cells: number;
  /** Benchmark processes: rounds x columns x packages x benchtimes. */
  readonly processes: number;
  /** Profile captures: columns x benchmarks x profile kinds. */
  readonly profiles: number;
  /** Resource processes (--resources): columns x benchmarks x rounds. */
  readonly resourceRuns: number;
  /** Program runs (--main): columns x mains x argument sets x rounds (warmups not counted). */
  readonly programRuns: number;
}

export function countCells(d: MatrixDraft, preview: BenchPreview | null): CellCount {
  const refs = d.refs.filter((r) => r.trim()).length;
  const columns = refs * Math.max(1, d.variants.length);
  const mains = lines(d.mains).length;
  const commandsOnly = mains > 0 && !d.withBenchmarks;
  const matches = preview && preview.ok && !commandsOnly ? preview.matches : [];
  const benchmarks = matches.length;
  const pkgs = new Set(matches.map((m) => m.pkg)).size;
  const cpus = Math.max(1, list(d.cpu).length);
  const benchtimes = Math.max(1, list(d.benchtime).length);
  const rounds = /^\d+$/.test(d.count.trim()) ? Number(d.count) : 0;
  return {
    columns,
    benchmarks,
    cpus,
    benchtimes,
    rounds,
    cells: columns * benchmarks * cpus * benchtimes * rounds,
    processes: rounds * columns * pkgs * benchtimes,
    profiles: columns * benchmarks * d.profile.length,
    resourceRuns: d.resources ? columns * benchmarks * rounds : 0,
    programRuns: columns * mains * Math.max(1, lines(d.args).length) * rounds,
  };
}
