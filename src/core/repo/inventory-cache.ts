// Benchmark listings from test binaries, kept on disk so that the next `perflab bench list` or
// a new `perflab serve` does not compile a package again while nothing it depends on changed.
// A listing is a file named by the SHA-256 of everything its answer depends on: the module
// and package directory, the size and mtime of each of the package's Go files, the build tags,
// the Go toolchain (its path, version and `go env` settings that select files) and the
// environment's GOOS, GOARCH, GOFLAGS, CGO_ENABLED and GOEXPERIMENT. Anything else changes the name, so an entry is
// never stale, only unused. Reads are bounded and checked; a damaged entry is a miss.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTextBounded } from '../fs/safe-read.js';

const SELECTING = ['GOOS', 'GOARCH', 'GOFLAGS', 'CGO_ENABLED', 'GOEXPERIMENT'] as const;

export interface ListingKey {
  readonly moduleDir: string;
  readonly pkgDir: string;
  /** fingerprint() of the package directory. */
  readonly print: string;
  readonly tags?: string;
  readonly goBin: string;
  /** The toolchain's version and `go env`'s file-selecting settings. */
  readonly toolchainKey?: string;
  readonly env: Readonly<Record<string, string>>;
}

export class ListingCache {
  constructor(private readonly dir: string) {}

  private file(k: ListingKey): string {
    const env = SELECTING.map((v) => `${v}=${k.env[v] ?? ''}`);
    const id = createHash('sha256')
      .update(JSON.stringify([k.moduleDir, k.pkgDir, k.print, k.tags ?? '', k.goBin, k.toolchainKey ?? '', env]))
      .digest('hex');
    return join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  async get(k: ListingKey): Promise<string[] | null> {
    try {
      const v: unknown = JSON.parse(await readTextBounded(this.file(k), { maxBytes: 4 << 20, noFollow: true }));
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
    } catch {
      return null;
    }
  }

  set(k: ListingKey, names: readonly string[]): void {
    const file = this.file(k);
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(names));
      renameSync(tmp, file);
    } catch {
      /* a cache that cannot be written is only slower */
    }
  }
}
