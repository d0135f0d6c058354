// `go list -e -json ./...`: the packages of a module. Package arguments of every later go
// command come from here (as ./rel/dir), never from user text.
import { relative, sep } from 'node:path';
import { runGo } from './go-runner.js';
import { assertSafeModuleFiles } from '../repo/go-mod.js';

export interface ListedPackage {
  readonly importPath: string;
  readonly name: string;
  /** Absolute directory. */
  readonly dir: string;
  /** `./rel/dir` relative to the module root ('.' for the root). */
  readonly relDir: string;
  readonly testFiles: readonly string[];
  readonly error: string | null;
}

interface RawPackage {
  ImportPath?: string;
  Name?: string;
  Dir?: string;
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  Module?: { Path?: string; Dir?: string };
  Error?: { Err?: string };
}

export interface GoListOptions {
  readonly goBin: string;
  readonly moduleDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly tags?: string;
  readonly signal?: AbortSignal;
  /** The lab's launcher: go list runs under rlimits through it (see go-runner.ts). */
  readonly launcher?: string | null;
}

/** Lists the module's packages (main module only; vendored and dependency packages excluded). */
export async function goList(o: GoListOptions): Promise<ListedPackage[]> {
  // go list reads go.mod, go.sum and vendor/modules.txt: refuse links and devices first.
  assertSafeModuleFiles(o.moduleDir);
  const args = ['list', '-e', '-json=ImportPath,Name,Dir,TestGoFiles,XTestGoFiles,Module,Error'];
  if (o.tags) args.push(`-tags=${o.tags}`);
  args.push('./...');
  const r = await runGo(o.goBin, args, { cwd: o.moduleDir, env: o.env, timeoutMs: 300_000, signal: o.signal, launcher: o.launcher });
  const out: ListedPackage[] = [];
  for (const p of splitJsonStream(r.stdout) as RawPackage[]) {
    if (!p.ImportPath || !p.Dir) continue;
    const rel = relative(o.moduleDir, p.Dir).split(sep).join('/');
    if (rel.startsWith('..')) continue;
    out.push({
      importPath: p.ImportPath,
      name: p.Name ?? '',
      dir: p.Dir,
      relDir: rel === '' ? '.' : `./${rel}`,
      testFiles: [...(p.TestGoFiles ?? []), ...(p.XTestGoFiles ?? [])],
      error: p.Error?.Err ?? null,
    });
  }
  return out;
}

/** Splits go's concatenated JSON objects (`{...}\n{...}`) into values. */
export function splitJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125 /* } */) {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return values;
}

/**
 * Matches a user's package selection against listed packages: an import path, a `./rel` dir,
 * or a pattern with `...` (Go's wildcard). Never passed to go itself.
 */
export function matchPackages(
  pkgs: readonly ListedPackage[],
  patterns: readonly string[],
): { matched: ListedPackage[]; unmatched: string[] } {
  if (patterns.length === 0) return { matched: [...pkgs], unmatched: [] };
  const matched = new Set<ListedPackage>();
  const unmatched: string[] = [];
  for (const pat of patterns) {
    const re = patternRegExp(pat);
    let any = false;
    for (const p of pkgs) {
      if (re.test(p.importPath) || re.test(p.relDir) || (p.relDir === '.' && (pat === './' || pat === '.'))) {
        matched.add(p);
        any = true;
      }
    }
    if (!any) unmatched.push(pat);
  }
  return { matched: pkgs.filter((p) => matched.has(p)), unmatched };
}

function patternRegExp(pat: string): RegExp {
  let p = pat.replace(/\/+$/, '');
  if (p.startsWith('./') || p === '.') p = p === '.' ? '.' : `./${p.slice(2).replace(/^\/+/, '')}`;
  const escaped = p
    .split('...')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  // "x/..." also matches "x" itself, as in go.
  const withParent = escaped.endsWith('/.*') ? `${escaped.slice(0, -3)}(?:/.*)?` : escaped;
  return new RegExp(`^${withParent}$`);
}
