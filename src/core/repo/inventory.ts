// The benchmark inventory of a repository: packages from `go list` (build constraints and
// tags applied) and their benchmarks. Before trust nothing of the repository may run, so the
// names come from the static scan of the _test.go files go list reports; after trust the test
// binary's -test.list is authoritative (it runs package init and TestMain), and each package
// says which source its names came from. A package whose test files never mention "Benchmark"
// has none and is not compiled; the others compile a few at a time (as many as the machine
// has cores, at most 4). Listings from binaries are cached per package by the size and mtime of
// its Go files, so reopening a view does not recompile.
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageInfo } from '../../shared/models.js';
import { goList, type ListedPackage } from '../go/go-list.js';
import { goTestCompile } from '../go/go-test-compile.js';
import { buildParallelism, inOrder } from '../proc/pool.js';
import { listBenchmarks } from '../go/test-binary.js';
import { withGoroot } from '../go/go-env.js';
import { ListingCache } from './inventory-cache.js';
import { scanPackage } from './static-scan.js';

export interface InventoryOptions {
  readonly goBin: string;
  /** The lab's launcher: `go list` runs under rlimits through it. */
  readonly launcher?: string | null;
  readonly moduleDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly tags?: string;
  /** Whether the repository's code may run (compile and -test.list). */
  readonly trusted: boolean;
  /** A scratch directory for the test binaries (removed after listing). */
  readonly tmpDir: string;
  readonly signal?: AbortSignal;
  /** The toolchain's version and `go env`'s file-selecting settings (part of what a kept listing depends on). */
  readonly toolchainKey?: string;
  /** The toolchain's GOROOT, set for -test.list as for a benchmark (go-env.ts benchProcessEnv). */
  readonly goroot?: string;
}

export type Inventory = (o: InventoryOptions) => Promise<PackageInfo[]>;

/** Size and mtime of every Go file of a package directory: what a cached listing depends on. */
async function fingerprint(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.go')).sort();
  const parts = await Promise.all(
    names.map(async (f) => {
      const s = await stat(join(dir, f)).catch(() => null);
      return s ? `${f}:${s.size}:${s.mtimeMs}` : `${f}:-`;
    }),
  );
  return parts.join('|');
}

/** An inventory function with its own cache of binary listings (and on disk in `cacheDir`). */
export function createInventory(cacheDir?: string): Inventory {
  const cache = new Map<string, { readonly print: string; readonly names: readonly string[] }>();
  const kept = cacheDir === undefined ? null : new ListingCache(cacheDir);
  let seq = 0;

  const fromBinary = async (o: InventoryOptions, p: ListedPackage): Promise<{ names: string[] } | { error: string }> => {
    const key = `${o.moduleDir}\0${o.tags ?? ''}\0${p.dir}`;
    const print = await fingerprint(p.dir);
    const hit = cache.get(key);
    if (hit && hit.print === print) return { names: [...hit.names] };
    const diskKey = {
      moduleDir: o.moduleDir,
      pkgDir: p.dir,
      print,
      tags: o.tags,
      goBin: o.goBin,
      toolchainKey: o.toolchainKey,
      env: o.env,
    };
    const onDisk = kept && (await kept.get(diskKey));
    if (onDisk) {
      cache.set(key, { print, names: onDisk });
      return { names: [...onDisk] };
    }
    const dir = join(o.tmpDir, `inventory-${process.pid}-${++seq}`);
    mkdirSync(dir, { recursive: true });
    try {
      const out = join(dir, process.platform === 'win32' ? 'pkg.test.exe' : 'pkg.test');
      const built = await goTestCompile({
        goBin: o.goBin,
        moduleDir: o.moduleDir,
        relDir: p.relDir,
        out,
        env: o.env,
        tags: o.tags || undefined,
        signal: o.signal,
      });
      if (built.kind === 'failed') return { error: `go test -c failed: ${built.output.split('\n').slice(0, 3).join(' ')}` };
      if (built.kind === 'no-tests') return { names: [] };
      const names = await listBenchmarks(built.binary, p.dir, withGoroot(o.env, o.goroot), o.signal);
      cache.set(key, { print, names });
      kept?.set(diskKey, names);
      return { names };
    } catch (err) {
      // Go's own first words say why (a log.Fatal in an init, a panic): kept beside ours.
      const e = err as Error & { detail?: { output?: unknown } };
      const said = typeof e.detail?.output === 'string' ? e.detail.output.trim().split('\n')[0].slice(0, 300) : '';
      return { error: `${e.message.split('\n')[0]}${said ? `: ${said}` : ''}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  // One listing per repository, tags and trust at a time: a second view asking while the first
  // listing compiles (Repositories, then New run) gets the same answer instead of compiling
  // every package again beside it.
  const inflight = new Map<string, Promise<PackageInfo[]>>();
  return (o) => {
    const key = `${o.moduleDir}\0${o.tags ?? ''}\0${o.trusted}`;
    let p = inflight.get(key);
    if (p === undefined) {
      p = list(o).finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return p;
  };

  async function list(o: InventoryOptions): Promise<PackageInfo[]> {
    const pkgs = await goList({ goBin: o.goBin, moduleDir: o.moduleDir, env: o.env, tags: o.tags, signal: o.signal, launcher: o.launcher });
    const one = async (p: ListedPackage): Promise<PackageInfo> => {
      const base = { importPath: p.importPath, dir: p.relDir, name: p.name, hasTests: p.testFiles.length > 0 };
      const scan = await scanPackage(p.dir, p.testFiles);
      if (o.trusted && scan.mayHave && p.error === null) {
        const r = await fromBinary(o, p);
        if ('names' in r) return { ...base, benchmarks: r.names, source: 'binary' };
        return { ...base, benchmarks: scan.names, source: 'static', listError: r.error };
      }
      return { ...base, benchmarks: scan.names, source: 'static' };
    };
    return inOrder(pkgs, buildParallelism(), one);
  }
}
