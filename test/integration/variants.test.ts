// Build and runtime variants as matrix columns, as a user tries them from the CLI: another Go
// release through GOTOOLCHAIN (downloaded by go from the module proxy, as `go` does), a
// runtime env variable, and GOAMD64 with -gcflags. The fixture reports what each variant changed
// as metrics (the Go minor version that built the binary, the GC percent at start), so the test
// checks the effect inside the benchmark process, not only the recorded spec.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

interface Result {
  refLabel: string;
  name: string;
  metrics: { unit: string; value: number }[];
}
interface Build {
  refLabel: string;
  flags: string;
  buildInfo: string;
}

// An older release than the local one; go fetches it as golang.org/toolchain from the proxy.
const OTHER_GO = 'go1.25.0';

describe('variants', () => {
  it('builds each variant as its own column: another toolchain, an env var, GOAMD64 and gcflags', async () => {
    const localMinor = Number(
      /go1\.(\d+)/.exec(execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }))?.[1],
    );
    expect(localMinor, 'go env GOVERSION').toBeGreaterThan(25);
    const repo = fixtureRepo('variants');
    const data = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: tempDir() });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--count',
      '1',
      '--benchtime',
      '10x',
      '--variant',
      `old:toolchain=${OTHER_GO}`,
      '--variant',
      'nogc:env.GOGC=off',
      '--variant',
      'v3:goamd64=v3;gcflags=-l',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as { refs: { label: string; variant: unknown }[]; builds: Build[] };
    expect(run.refs.map((x) => x.label)).toEqual(['old', 'nogc', 'v3']);
    expect(run.refs[0].variant).toEqual({ name: 'old', goToolchain: OTHER_GO });

    const shown = JSON.parse((await p('show', 'latest', '--format', 'json')).stdout) as { results: Result[] };
    const metric = (label: string, unit: string) =>
      shown.results
        .filter((x) => x.refLabel === label)
        .flatMap((x) => x.metrics)
        .find((m) => m.unit === unit)?.value;
    expect(metric('old', 'gominor')).toBe(25);
    expect(metric('nogc', 'gominor')).toBe(localMinor);
    expect(metric('nogc', 'gcpercent')).toBe(-1);
    expect(metric('old', 'gcpercent')).toBe(100);
    expect(metric('v3', 'gcpercent')).toBe(100);
    // Test binaries are built with -trimpath; each process is told its toolchain's GOROOT, so an
    // init that reads the standard library through go/build works (stdparse_test.go), and reads
    // the tree of the Go that built it: the variant's own for another toolchain.
    expect(metric('nogc', 'funcs')).toBeGreaterThan(10);
    expect(metric('nogc', 'gorootminor')).toBe(localMinor);
    expect(metric('old', 'gorootminor')).toBe(25);

    const build = (label: string) => run.builds.find((b) => b.refLabel === label)!;
    expect(build('old').buildInfo).toContain(`: ${OTHER_GO}\n`);
    expect(build('v3').buildInfo).toMatch(/build\tGOAMD64=v3/);
    expect(build('v3').flags).toContain('-gcflags=-l');
    expect(build('nogc').buildInfo).toMatch(/build\tGOAMD64=v1/);

    // Listing runs the same init (-test.list): both benchmarks listed, nothing failed.
    const listed = await p('bench', 'list', '--repo', repo.module);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/\[go test -list\]\n {2}BenchmarkCountFuncs\n {2}BenchmarkEnv\n/);

    // The comparison has one column per variant, as it has one per ref.
    const cmp = JSON.parse((await p('compare', 'latest', '--format', 'json')).stdout) as { tables: { unit: string; columns: string[] }[] };
    expect(cmp.tables.find((t) => t.unit === 'sec/op')?.columns.map((c) => c.split('@')[0])).toEqual(['old', 'nogc', 'v3']);
  });

  it('refuses a toolchain that is not a Go release name and a -toolexec smuggled into gcflags, naming the value', async () => {
    const repo = fixtureRepo('variants');
    const data = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: tempDir() });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    for (const v of ['x:toolchain=path', 'x:toolchain=go1.25.0+auto', 'x:gcflags=-toolexec=/tmp/evil', 'x:goamd64=v9']) {
      const r = await p('run', '--repo', repo.module, '--count', '1', '--variant', v);
      expect(r.code, `${v}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(v.slice(v.indexOf('=') + 1));
    }
    expect(JSON.parse((await p('runs', '--json')).stdout)).toEqual([]);
  });
});
