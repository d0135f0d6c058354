// The benchmark inventory is Go's: before trust a static scan of the _test.go files `go list`
// reports (build constraints and --tags applied), read with a Go lexer; after trust each test
// binary's -test.list. The fixture hides benchmark declarations in a /* */ comment, in an
// interpreted and a raw string, behind `//go:build ignore` and `//go:build slow`, and as a
// method; none of them is listed unless Go lists it. A package whose tests never mention
// "Benchmark" is answered from its sources even after trust (nothing to compile for).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackageInfo } from '../../src/shared/models.js';
import { createLab } from '../../src/core/lab.js';
import { cli } from '../helpers/cli.js';
import { goPath } from '../helpers/go.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

function goTestList(dir: string, tags?: string): string[] {
  const out = execFileSync('go', ['test', ...(tags ? [`-tags=${tags}`] : []), '-list', '^Benchmark', '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.split('\n').filter((l) => l.startsWith('Benchmark'));
}

describe('benchmark inventory', () => {
  const repo = fixtureRepo('inventory');
  const data = tempDir();
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: tempDir() });
  const pkgDir = join(repo.module, 'textfmt');
  const textfmt = async (...extra: string[]) => {
    const r = await p('bench', 'list', '--repo', repo.module, '--json', ...extra);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as PackageInfo[]).find((x) => x.importPath === 'example.com/inventory/textfmt')!;
  };
  afterAll(() => repo.cleanup());

  it('before trust: the static scan lists what Go lists, and says it is a static scan', async () => {
    expect((await p('repo', 'add', repo.module)).code).toBe(0);
    const pkg = await textfmt();
    expect(pkg.source).toBe('static');
    expect(pkg.benchmarks).toEqual(['BenchmarkWrap', 'BenchmarkIndent', 'BenchmarkWrapNarrow']);
    expect(pkg.benchmarks).toEqual(goTestList(pkgDir));
    for (const hidden of ['BenchmarkWrapBytewise', 'BenchmarkQuoted', 'BenchmarkRawQuoted', 'BenchmarkGenerate', 'BenchmarkWrapBook']) {
      expect(pkg.benchmarks).not.toContain(hidden);
    }
    const tagged = await textfmt('--tags', 'slow');
    expect(tagged.benchmarks).toEqual(goTestList(pkgDir, 'slow'));
    expect(tagged.benchmarks).toContain('BenchmarkWrapBook');
    const text = await p('bench', 'list', '--repo', repo.module);
    expect(text.stdout).toMatch(/^example\.com\/inventory\/textfmt \[static scan\]$/m);
    expect((await p('bench', 'list', '--repo', repo.module, '--tags', '-x')).code).toBe(2);
  });

  it("after trust: the test binary's -test.list is the inventory, and says so", async () => {
    expect((await p('repo', 'trust', repo.module)).code).toBe(0);
    const pkg = await textfmt();
    expect(pkg.source).toBe('binary');
    expect(pkg.benchmarks).toEqual(goTestList(pkgDir));
    const tagged = await textfmt('--tags', 'slow');
    expect(tagged.source).toBe('binary');
    expect(tagged.benchmarks).toEqual(goTestList(pkgDir, 'slow'));
    const text = await p('bench', 'list', '--repo', repo.module);
    expect(text.stdout).toMatch(/^example\.com\/inventory\/textfmt \[go test -list\]$/m);
    // A package whose tests never mention "Benchmark" has none: it is not compiled to say so.
    const all = JSON.parse((await p('bench', 'list', '--repo', repo.module, '--json')).stdout) as PackageInfo[];
    const slug = all.find((x) => x.importPath === 'example.com/inventory/slug')!;
    expect(slug).toMatchObject({ hasTests: true, benchmarks: [], source: 'static' });
    expect(slug.listError).toBeUndefined();
    expect(goTestList(join(repo.module, 'slug'))).toEqual([]);
    expect(text.stdout).toMatch(/^example\.com\/inventory\/slug \(no benchmarks\) \[static scan\]$/m);
  }, 120_000);

  it('two views asking at once share one listing, kept on disk: each test binary is compiled once', async () => {
    // A go that notes its arguments, then runs the real one.
    const bin = tempDir();
    const log = join(bin, 'calls.log');
    const wrapper = join(bin, 'go');
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${goPath()}' "$@"\n`, { mode: 0o755 });
    const data2 = tempDir();
    const lab = createLab({ dataDir: data2, lockDir: tempDir(), env: { ...process.env, PERFLAB_GO: wrapper } });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const [a, b] = await Promise.all([lab.api.listPackages({ repo: repo.module }), lab.api.listPackages({ repo: repo.module })]);
      expect(b).toEqual(a);
      expect(a.find((x) => x.importPath === 'example.com/inventory/textfmt')).toMatchObject({ source: 'binary' });
      const compiles = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('test -c'));
      // textfmt once; slug (no benchmark) never
      expect(compiles).toHaveLength(1);
      expect(compiles[0]).toMatch(/ \.\/textfmt$/);
    } finally {
      await lab.close();
    }
    // A new lab on the same data dir (a new `perflab serve`, the next `bench list`) reads the
    // kept listing; a changed test file is compiled again.
    const again = createLab({ dataDir: data2, lockDir: tempDir(), env: { ...process.env, PERFLAB_GO: wrapper } });
    try {
      const count = () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('test -c')).length;
      const textfmt = async () => (await again.api.listPackages({ repo: repo.module })).find((x) => x.importPath.endsWith('/textfmt'))!;
      expect((await textfmt()).benchmarks).toEqual(goTestList(pkgDir));
      expect(count()).toBe(1);
      const file = join(pkgDir, 'textfmt_test.go');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nfunc BenchmarkWrapWide(b *testing.B) {}\n`);
      const grown = await textfmt();
      expect(count()).toBe(2);
      expect(grown.benchmarks).toContain('BenchmarkWrapWide');
      expect(grown.benchmarks).toEqual(goTestList(pkgDir));
    } finally {
      await again.close();
    }
  }, 120_000);
});
