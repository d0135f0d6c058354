// Argument parsing for the CLI: node:util parseArgs per command (strict: unknown flags are
// usage errors, exit 2), plus typed conversions that name the offending value.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { labError, LabFailure } from '../shared/errors.js';

export class UsageError extends Error {}

export type OptionConfig = NonNullable<ParseArgsConfig['options']>;

/** `--help` (or `-h`) on a command's line: thrown by parse with the command's options, so help lists them. */
export class HelpRequested extends Error {
  constructor(
    readonly options: OptionConfig,
    readonly allowPositionals: boolean,
  ) {
    super('help requested');
  }
}

/** True when `--help` or `-h` stands on the line before a `--` terminator. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export function parse<T extends ParseArgsConfig['options']>(args: readonly string[], options: T, allowPositionals = true) {
  if (wantsHelp(args)) throw new HelpRequested(options ?? {}, allowPositionals);
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function intArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw bad(name, v, 'a whole number');
  return Number(v);
}

export function numArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/%$/, ''));
  if (!Number.isFinite(n) || v.trim() === '') throw bad(name, v, 'a number');
  return n;
}

/** `1,2,4` (repeatable) -> [1, 2, 4] */
export function intListArg(name: string, vs: readonly string[] | undefined): number[] | undefined {
  if (!vs || vs.length === 0) return undefined;
  const out: number[] = [];
  for (const v of vs.flatMap((x) => x.split(','))) {
    if (!/^\d+$/.test(v.trim())) throw bad(name, v, 'a comma-separated list of whole numbers');
    out.push(Number(v.trim()));
  }
  return out;
}

export function listArg(vs: readonly string[] | undefined): string[] | undefined {
  if (!vs || vs.length === 0) return undefined;
  return vs
    .flatMap((x) => x.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function envArg(vs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!vs || vs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of vs) {
    const i = v.indexOf('=');
    if (i <= 0) throw bad('--env', v, 'KEY=VALUE');
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** RUN arguments: an id or `latest`. */
export function runArg(v: string | undefined): number | 'latest' {
  if (v === undefined) throw new UsageError('missing RUN (a run id or "latest")');
  if (v === 'latest') return 'latest';
  if (!/^\d+$/.test(v)) throw bad('RUN', v, 'a run id or "latest"');
  return Number(v);
}

function bad(field: string, value: string, want: string): LabFailure {
  return new LabFailure(labError('InvalidInput', { field, value }, `want ${want}`));
}

/** `--data-dir DIR` (or `--data-dir=DIR`) anywhere before a `--`: a global option, taken out of the line. */
export function takeGlobalOptions(argv: readonly string[]): { dataDir: string | undefined; args: string[] } {
  let dataDir: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a === '--data-dir') {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('-')) throw new UsageError('--data-dir needs a directory: --data-dir DIR');
      dataDir = argv[++i];
    } else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else args.push(a);
  }
  return { dataDir, args };
}
