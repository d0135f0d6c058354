// The one error type that crosses every boundary (core -> server -> wire -> renderer, core ->
// CLI). Each code has exactly one human description (describeError) and one CLI exit code, so
// the same failure reads the same everywhere. Plain data: serializable as JSON.

export type LabError =
  | { readonly code: 'InvalidInput'; readonly message: string; readonly detail?: { readonly field?: string; readonly value?: string } }
  | {
      readonly code: 'NotAGoModule';
      readonly message: string;
      readonly detail: { readonly path: string; readonly reason?: 'missing' | 'not-a-directory'; readonly moduleRoot?: string };
    }
  | { readonly code: 'NotAGitRepo'; readonly message: string; readonly detail: { readonly path: string } }
  | { readonly code: 'RepoNotFound'; readonly message: string; readonly detail: { readonly repo: string } }
  | { readonly code: 'RepoNotTrusted'; readonly message: string; readonly detail: { readonly path: string } }
  | { readonly code: 'InvalidRef'; readonly message: string; readonly detail: { readonly ref: string } }
  | { readonly code: 'RefNotFound'; readonly message: string; readonly detail: { readonly ref: string } }
  | {
      readonly code: 'RefNotInRun';
      readonly message: string;
      readonly detail: { readonly ref: string; readonly runId: number | null; readonly refs: readonly string[] };
    }
  | {
      readonly code: 'AmbiguousRef';
      readonly message: string;
      readonly detail: { readonly ref: string; readonly matches: readonly string[] };
    }
  | { readonly code: 'InvalidRegex'; readonly message: string; readonly detail: { readonly regex: string; readonly reason: string } }
  | { readonly code: 'PackageNotFound'; readonly message: string; readonly detail: { readonly pkg: string } }
  | { readonly code: 'NoBenchmarks'; readonly message: string; readonly detail: { readonly regex: string } }
  | {
      readonly code: 'BuildFailed';
      readonly message: string;
      readonly detail: { readonly pkg: string; readonly ref: string; readonly output: string };
    }
  | { readonly code: 'RunNotFound'; readonly message: string; readonly detail: { readonly run: string } }
  | { readonly code: 'RunFailed'; readonly message: string; readonly detail: { readonly runId: number; readonly status: string } }
  | { readonly code: 'FileNotFound'; readonly message: string; readonly detail: { readonly path: string } }
  | { readonly code: 'NotARegularFile'; readonly message: string; readonly detail: { readonly path: string; readonly kind: string } }
  | {
      readonly code: 'FileTooLarge';
      readonly message: string;
      readonly detail: { readonly path: string; readonly size: number; readonly limit: number };
    }
  | { readonly code: 'FileUnreadable'; readonly message: string; readonly detail: { readonly path: string; readonly reason: string } }
  | { readonly code: 'UnsafeDirectory'; readonly message: string; readonly detail: { readonly path: string; readonly reason: string } }
  | { readonly code: 'SpawnFailed'; readonly message: string; readonly detail: { readonly command: string; readonly errno: string } }
  | { readonly code: 'ParseError'; readonly message: string; readonly detail: { readonly file: string; readonly line?: number } }
  | { readonly code: 'ToolMissing'; readonly message: string; readonly detail: { readonly tool: string; readonly hint?: string } }
  | {
      readonly code: 'ToolFailed';
      readonly message: string;
      readonly detail: { readonly command: string; readonly exitCode: number | null; readonly output: string };
    }
  | {
      readonly code: 'ProfileTooLarge';
      readonly message: string;
      readonly detail: {
        readonly size: number;
        readonly limit: number;
        readonly stage: 'compressed' | 'uncompressed' | 'samples' | 'nodes';
      };
    }
  | { readonly code: 'ProfileCorrupt'; readonly message: string; readonly detail: { readonly field: string; readonly reason?: string } }
  | { readonly code: 'ProfileNotFound'; readonly message: string; readonly detail: { readonly profile: string } }
  | {
      readonly code: 'DatabaseTooNew';
      readonly message: string;
      readonly detail: { readonly path: string; readonly version: number; readonly supported: number };
    }
  | { readonly code: 'DatabaseCorrupt'; readonly message: string; readonly detail: { readonly path: string; readonly reason: string } }
  | { readonly code: 'Unauthorized'; readonly message: string; readonly detail?: { readonly reason: string } }
  | { readonly code: 'Canceled'; readonly message: string; readonly detail?: { readonly runId?: number } }
  | { readonly code: 'Conflict'; readonly message: string; readonly detail?: { readonly reason: string } }
  | { readonly code: 'LabUnreachable'; readonly message: string; readonly detail: { readonly reason: string } }
  | { readonly code: 'Internal'; readonly message: string; readonly detail?: { readonly stack?: string } };

export type LabErrorCode = LabError['code'];

/** The error class that carries a LabError through `throw` in Node code. */
export class LabFailure extends Error {
  readonly error: LabError;
  constructor(error: LabError) {
    super(error.message);
    this.name = `LabFailure(${error.code})`;
    this.error = error;
  }
}

type ErrorOf<C extends LabErrorCode> = Extract<LabError, { code: C }>;
type DetailOf<C extends LabErrorCode> =
  ErrorOf<C> extends { detail: infer D } ? D : ErrorOf<C> extends { detail?: infer D } ? D | undefined : never;

/** Builds a LabError whose message is the code's one human description. */
export function labError<C extends LabErrorCode>(code: C, detail: DetailOf<C>, extra?: string): LabError {
  const base = (detail === undefined ? { code } : { code, detail }) as unknown as LabError;
  const message = describeError(base) + (extra ? `: ${extra}` : '');
  return { ...base, message } as LabError;
}

/** Throws a LabFailure for the code; `never` so it can end an expression. */
export function fail<C extends LabErrorCode>(code: C, detail: DetailOf<C>, extra?: string): never {
  throw new LabFailure(labError(code, detail, extra));
}

function q(s: string): string {
  return JSON.stringify(s);
}

function mib(bytes: number): string {
  const m = bytes / (1024 * 1024);
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

/** The one human description of each error code (exhaustive). */
export function describeError(e: LabError): string {
  switch (e.code) {
    case 'InvalidInput':
      return e.detail?.field
        ? `invalid value for ${e.detail.field}${e.detail.value !== undefined ? ` ${q(e.detail.value)}` : ''}`
        : 'invalid input';
    case 'NotAGoModule':
      if (e.detail.reason === 'missing') return `${q(e.detail.path)} does not exist`;
      if (e.detail.reason === 'not-a-directory') return `${q(e.detail.path)} is not a directory`;
      if (e.detail.moduleRoot)
        return `${q(e.detail.path)} is inside the Go module at ${q(e.detail.moduleRoot)}: add that directory (the one with go.mod)`;
      return `${q(e.detail.path)} is not a Go module (no go.mod found there)`;
    case 'NotAGitRepo':
      return `${q(e.detail.path)} is not inside a git repository`;
    case 'RepoNotFound':
      return `no repository ${q(e.detail.repo)} has been added (use: perflab repo add PATH)`;
    case 'RepoNotTrusted':
      return `repository ${q(e.detail.path)} is not trusted: running its benchmarks runs its code (use: perflab repo trust PATH)`;
    case 'InvalidRef':
      return `invalid git ref ${q(e.detail.ref)}`;
    case 'RefNotFound':
      return `git ref ${q(e.detail.ref)} does not name a commit`;
    case 'RefNotInRun':
      return `${e.detail.runId !== null ? `run ${e.detail.runId}` : 'the selection'} has no ref ${q(e.detail.ref)} (its refs: ${e.detail.refs.join(', ') || 'none'})`;
    case 'AmbiguousRef':
      return `ref ${q(e.detail.ref)} is ambiguous: it matches ${e.detail.matches.join(', ')}`;
    case 'InvalidRegex':
      return `invalid benchmark regexp ${q(e.detail.regex)}: ${e.detail.reason}`;
    case 'PackageNotFound':
      return `no package matches ${q(e.detail.pkg)}`;
    case 'NoBenchmarks':
      return `no benchmark matches ${q(e.detail.regex)}`;
    case 'BuildFailed':
      return `package ${e.detail.pkg} does not compile at ${e.detail.ref}`;
    case 'RunNotFound':
      return `no run ${q(e.detail.run)}`;
    case 'RunFailed':
      return `run ${e.detail.runId} ${e.detail.status === 'running' || e.detail.status === 'queued' ? 'is' : 'ended'} ${e.detail.status}`;
    case 'FileNotFound':
      return `file ${q(e.detail.path)} not found`;
    case 'NotARegularFile':
      return `${q(e.detail.path)} is not a regular file (${e.detail.kind})`;
    case 'FileTooLarge':
      return `${q(e.detail.path)} is larger than ${mib(e.detail.limit)} MiB (${e.detail.size} bytes)`;
    case 'FileUnreadable':
      return `cannot read ${q(e.detail.path)}: ${e.detail.reason}`;
    case 'UnsafeDirectory':
      return `refusing to use ${q(e.detail.path)}: ${e.detail.reason}`;
    case 'SpawnFailed':
      return `could not start ${e.detail.command} (${e.detail.errno})`;
    case 'ParseError':
      return `cannot parse ${e.detail.file}${e.detail.line !== undefined ? `:${e.detail.line}` : ''}`;
    case 'ToolMissing':
      return `${e.detail.tool} is not installed or not on PATH${e.detail.hint ? ` (${e.detail.hint})` : ''}`;
    case 'ToolFailed':
      return `${e.detail.command} failed${e.detail.exitCode !== null ? ` with exit code ${e.detail.exitCode}` : ''}`;
    case 'ProfileTooLarge':
      if (e.detail.stage === 'samples') return `profile too large: ${e.detail.size} samples exceed the limit of ${e.detail.limit}`;
      if (e.detail.stage === 'nodes') return `profile too large: its call tree passes the limit of ${e.detail.limit} nodes`;
      return `profile too large: ${e.detail.size} bytes ${e.detail.stage} exceeds the limit of ${e.detail.limit}`;
    case 'ProfileCorrupt':
      return `profile is corrupt: bad ${e.detail.field}${e.detail.reason ? ` (${e.detail.reason})` : ''}`;
    case 'ProfileNotFound':
      return `no profile ${q(e.detail.profile)}`;
    case 'DatabaseTooNew':
      return `the database ${q(e.detail.path)} was written by a newer Perflab (schema ${e.detail.version}, this one knows ${e.detail.supported}); opened read-only`;
    case 'DatabaseCorrupt':
      return `the database ${q(e.detail.path)} is damaged (${e.detail.reason}); it was left untouched`;
    case 'Unauthorized':
      return 'unauthorized';
    case 'Canceled':
      return 'canceled';
    case 'Conflict':
      return e.detail?.reason ?? 'conflict';
    case 'LabUnreachable':
      return `the lab server is unreachable (${e.detail.reason})`;
    case 'Internal':
      return 'internal error';
  }
}

/** CLI exit code for an error: 2 bad usage or input, 3 the work failed. */
export function exitCodeFor(e: LabError): 2 | 3 {
  switch (e.code) {
    case 'InvalidInput':
    case 'NotAGoModule':
    case 'NotAGitRepo':
    case 'RepoNotFound':
    case 'RepoNotTrusted':
    case 'InvalidRef':
    case 'RefNotFound':
    case 'RefNotInRun':
    case 'AmbiguousRef':
    case 'InvalidRegex':
    case 'PackageNotFound':
    case 'NoBenchmarks':
    case 'RunNotFound':
    case 'FileNotFound':
    case 'NotARegularFile':
    case 'FileTooLarge':
    case 'FileUnreadable':
    case 'ParseError':
    case 'ProfileTooLarge':
    case 'ProfileCorrupt':
    case 'ProfileNotFound':
    case 'Unauthorized':
    case 'Conflict':
      return 2;
    case 'BuildFailed':
    case 'RunFailed':
    case 'ToolMissing':
    case 'ToolFailed':
    case 'UnsafeDirectory':
    case 'SpawnFailed':
    case 'DatabaseTooNew':
    case 'DatabaseCorrupt':
    case 'Canceled':
    case 'LabUnreachable':
    case 'Internal':
      return 3;
  }
}

/** Normalizes anything thrown into a LabError (unknown errors become Internal). */
export function toLabError(err: unknown): LabError {
  if (err instanceof LabFailure) return err.error;
  if (err && typeof err === 'object' && 'code' in err && 'message' in err && typeof (err as { code: unknown }).code === 'string') {
    if (isLabErrorCode((err as { code: string }).code)) return err as LabError;
  }
  const message = err instanceof Error ? err.message : String(err);
  return labError('Internal', { stack: err instanceof Error ? err.stack : undefined }, message);
}

/** Every code, once: a code added to the union without an entry here fails the type check. */
const CODES: { readonly [C in LabErrorCode]: true } = {
  InvalidInput: true,
  NotAGoModule: true,
  NotAGitRepo: true,
  RepoNotFound: true,
  RepoNotTrusted: true,
  InvalidRef: true,
  RefNotFound: true,
  RefNotInRun: true,
  AmbiguousRef: true,
  InvalidRegex: true,
  PackageNotFound: true,
  NoBenchmarks: true,
  BuildFailed: true,
  RunNotFound: true,
  RunFailed: true,
  FileNotFound: true,
  NotARegularFile: true,
  FileTooLarge: true,
  FileUnreadable: true,
  UnsafeDirectory: true,
  SpawnFailed: true,
  ParseError: true,
  ToolMissing: true,
  ToolFailed: true,
  ProfileTooLarge: true,
  ProfileCorrupt: true,
  ProfileNotFound: true,
  DatabaseTooNew: true,
  DatabaseCorrupt: true,
  Unauthorized: true,
  Canceled: true,
  Conflict: true,
  LabUnreachable: true,
  Internal: true,
};

export function isLabErrorCode(c: string): c is LabErrorCode {
  return Object.prototype.hasOwnProperty.call(CODES, c);
}
