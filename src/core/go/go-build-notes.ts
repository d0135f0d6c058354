// `go build -trimpath -pgo=P [-tags=T] -gcflags=... -o=/dev/null ./pkg...`: compiles the
// measured packages with the settings of their test binaries plus the compiler's diagnostics
// (`<module>/...=-m=2 -d=ssa/check_bce/debug=1`), which it prints on stderr. Nothing is kept
// (go discards every result written to the null device, main packages included). A compile
// error is an outcome, not a failure.
import { devNull } from 'node:os';
import { runGo } from './go-runner.js';
import { validateGcflags } from './gcflags.js';

export const NOTE_FLAGS = '-m=2 -d=ssa/check_bce/debug=1';

export interface BuildNotesOptions {
  readonly goBin: string;
  readonly moduleDir: string;
  readonly modulePath: string;
  /** Import paths of the measured packages, all inside the module. */
  readonly packages: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly tags?: string;
  /** The measured binary's own -gcflags (a variant's), kept for the packages it applied to. */
  readonly gcflags?: string;
  readonly pgo?: string;
  readonly signal?: AbortSignal;
}

/**
 * The -gcflags arguments: the notes for every package of the module, then the variant's flags
 * with the notes added, for the packages they applied to (a later -gcflags wins for the
 * packages it matches, so the measured flags stay in force where they were).
 */
export function noteGcflags(modulePath: string, packages: readonly string[], variant?: string): string[] {
  const out = [`-gcflags=${modulePath}/...=${NOTE_FLAGS}`];
  const v = variant?.trim();
  if (!v) return out;
  validateGcflags(v);
  const m = /^([^-=][^=]*)=(-.*)$/s.exec(v);
  if (m) out.push(`-gcflags=${m[1]}=${m[2]} ${NOTE_FLAGS}`);
  // Without a pattern, go test -c applied them to the package under test only.
  else for (const p of packages) out.push(`-gcflags=${p}=${v} ${NOTE_FLAGS}`);
  return out;
}

export function buildNotesArgs(o: Omit<BuildNotesOptions, 'goBin' | 'moduleDir' | 'env' | 'signal'>): string[] {
  const args = ['build', '-trimpath', `-pgo=${o.pgo ?? 'off'}`];
  if (o.tags) args.push(`-tags=${o.tags}`);
  args.push(...noteGcflags(o.modulePath, o.packages, o.gcflags), `-o=${devNull}`);
  for (const p of o.packages) {
    const rel = p === o.modulePath ? '.' : `./${p.slice(o.modulePath.length + 1)}`;
    args.push(rel);
  }
  return args;
}

export interface BuildNotesOutcome {
  readonly ok: boolean;
  readonly output: string;
  readonly args: readonly string[];
}

export async function goBuildNotes(o: BuildNotesOptions): Promise<BuildNotesOutcome> {
  const args = buildNotesArgs(o);
  const r = await runGo(o.goBin, args, {
    cwd: o.moduleDir,
    env: o.env,
    timeoutMs: 30 * 60_000,
    signal: o.signal,
    expected: 'any',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ok: r.exitCode === 0, output: r.stderr + r.stdout, args };
}
