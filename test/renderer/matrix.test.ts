// The matrix builder's model: RE2 preview of -bench with Go's level/alternative splitting, field
// validation, the cell count, the duration estimate from past runs, and the shell-quoted
// equivalent command line.
import { describe, expect, it } from 'vitest';
import type { PackageInfo, RunSummary } from '../../src/shared/models.js';
import { patternFor, previewBenchmarks, splitBenchPattern } from '../../src/renderer/src/model/bench-match.js';
import {
  countCells,
  draftFromSpec,
  draftToSpec,
  emptyDraft,
  parseVariantDraft,
  type MatrixDraft,
} from '../../src/renderer/src/model/matrix.js';
import { estimateDuration, goDurationSeconds } from '../../src/renderer/src/model/estimate.js';
import { runCommandLine, shellQuote } from '../../src/renderer/src/model/shell-quote.js';
import { filterTree, pathProblem } from '../../src/renderer/src/model/bench-tree.js';

const PKGS: PackageInfo[] = [
  {
    importPath: 'example.com/basic/parse',
    dir: './parse',
    name: 'parse',
    hasTests: true,
    source: 'static',
    benchmarks: ['BenchmarkFields', 'BenchmarkSum', 'BenchmarkCustom', 'BenchmarkPanic'],
  },
  {
    importPath: 'example.com/basic/encode',
    dir: './encode',
    name: 'encode',
    hasTests: true,
    source: 'static',
    benchmarks: ['BenchmarkJoin'],
  },
  { importPath: 'example.com/basic/util', dir: './util', name: 'util', hasTests: false, source: 'static', benchmarks: [] },
];

describe('-bench preview', () => {
  it('splits like Go: levels on / and alternatives on top-level |, not inside () or []', () => {
    expect(splitBenchPattern('A/b|C')).toEqual([['A', 'b'], ['C']]);
    expect(splitBenchPattern('(A|B)/x')).toEqual([['(A|B)', 'x']]);
    expect(splitBenchPattern('[/|]x')).toEqual([['[/|]x']]);
    expect(splitBenchPattern('a\\/b')).toEqual([['a\\/b']]);
  });

  it('matches top-level names unanchored, per alternative, and limits to chosen packages', () => {
    const p = previewBenchmarks(PKGS, 'Sum|Join');
    expect(p.ok && p.matches.map((m) => m.name)).toEqual(['BenchmarkSum', 'BenchmarkJoin']);
    const q = previewBenchmarks(PKGS, 'Fields/size=4');
    expect(q.ok && q.deeper).toBe(true);
    expect(q.ok && q.matches.map((m) => m.name)).toEqual(['BenchmarkFields']);
    const r = previewBenchmarks(PKGS, '.', ['example.com/basic/encode']);
    expect(r.ok && [r.matches.length, r.available]).toEqual([1, 1]);
  });

  it('reports RE2 errors for syntax JavaScript would accept', () => {
    const p = previewBenchmarks(PKGS, 'Sum(?=x)');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toContain('Sum(?=x)');
    expect(previewBenchmarks(PKGS, '\\1').ok).toBe(false);
  });

  it('builds an exact pattern for picked benchmarks', () => {
    expect(patternFor(['BenchmarkSum'])).toBe('^BenchmarkSum$');
    const pat = patternFor(['BenchmarkSum', 'BenchmarkJoin', 'BenchmarkSum']);
    expect(pat).toBe('^(?:BenchmarkJoin|BenchmarkSum)$');
    const p = previewBenchmarks(PKGS, pat);
    expect(p.ok && p.matches.map((m) => m.name).sort()).toEqual(['BenchmarkJoin', 'BenchmarkSum']);
  });
});

function draft(o: Partial<MatrixDraft> = {}): MatrixDraft {
  return { ...emptyDraft(1, '/src/my repo'), ...o };
}

describe('draft validation and cells', () => {
  it('turns a valid draft into the startRun input', () => {
    const d = draft({
      bench: 'Sum|Join',
      refs: ['main', 'WORKTREE'],
      cpu: '1, 2',
      benchtime: '100x,1s',
      count: '5',
      profile: ['cpu'],
      env: 'GOGC=off\n',
      label: ' try ',
    });
    const r = draftToSpec(d, previewBenchmarks(PKGS, d.bench));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec).toMatchObject({
      repo: 1,
      bench: 'Sum|Join',
      refs: ['main', 'WORKTREE'],
      cpu: [1, 2],
      benchtime: ['100x', '1s'],
      count: 5,
      profile: ['cpu'],
      env: { GOGC: 'off' },
      label: 'try',
    });
  });

  it('asks for resources and whole-program runs; with mains alone the -bench selection does not matter', () => {
    const d = draft({
      bench: 'NoSuchBench',
      resources: true,
      mains: './cmd/tool\n\n ./cmd/other ',
      args: '-n 5\n-v',
      stdin: ' in.txt ',
      warmup: '2',
    });
    const r = draftToSpec(d, previewBenchmarks(PKGS, d.bench));
    expect(r.ok && r.spec).toMatchObject({
      resources: true,
      main: ['./cmd/tool', './cmd/other'],
      args: ['-n 5', '-v'],
      stdin: 'in.txt',
      warmup: 2,
      commandsOnly: true,
    });
    const both = draftToSpec({ ...d, withBenchmarks: true }, previewBenchmarks(PKGS, d.bench));
    expect(both.ok).toBe(false);
    expect(both.errors.bench).toMatch(/no benchmark matches "NoSuchBench"/);
    expect(draftToSpec({ ...d, warmup: 'x' }, null).errors.warmup).toMatch(/"x": a whole number/);
    expect(runCommandLine({ ...d, bench: '.' })).toBe(
      "perflab run --repo '/src/my repo' --resources --main ./cmd/tool --main ./cmd/other '--args=-n 5' --args=-v --stdin in.txt --warmup 2",
    );
    expect(runCommandLine({ ...d, bench: '.', withBenchmarks: true })).toMatch(/--bench \. .*--main/);
    // 1 column x 2 mains x 2 argument sets x 6 rounds; no benchmark cells when only the programs run
    const all = { ...d, bench: 'Sum|Join' };
    expect(countCells(all, previewBenchmarks(PKGS, all.bench))).toMatchObject({ cells: 0, programRuns: 24, resourceRuns: 0 });
    expect(countCells({ ...all, withBenchmarks: true }, previewBenchmarks(PKGS, all.bench))).toMatchObject({
      cells: 12,
      programRuns: 24,
      resourceRuns: 12,
    });
  });

  it('names the field and the value that is wrong', () => {
    const d = draft({
      cpu: '2,x',
      benchtime: '1sec',
      count: '0',
      refs: [],
      env: 'BAD LINE',
      tags: 'a b',
      variants: [{ name: 'v', settings: 'nope=1' }],
    });
    const r = draftToSpec(d, previewBenchmarks(PKGS, 'Nothing'));
    expect(r.ok).toBe(false);
    expect(r.errors.cpu).toContain('"x"');
    expect(r.errors.benchtime).toContain('"1sec"');
    expect(r.errors.count).toContain('"0"');
    expect(r.errors.refs).toBeDefined();
    expect(r.errors.env).toContain('BAD LINE');
    expect(r.errors.tags).toBeDefined();
    expect(r.errors.variants).toContain('"nope"');
    expect(r.errors.bench).toContain('no benchmark matches');
  });

  it('parses variants in the CLI syntax and reads past specs back', () => {
    expect(parseVariantDraft({ name: 'noopt', settings: 'gcflags=-N -l;env.GOGC=50' })).toEqual({
      variant: { name: 'noopt', gcflags: '-N -l', env: { GOGC: '50' } },
    });
    // Build tags are not a variant key: the error says how to compare tags (two runs).
    expect(parseVariantDraft({ name: 'purego', settings: 'tags=purego' }).error).toBe(
      'variant purego: unknown key "tags" (toolchain, goamd64, goarm64, goexperiment, gcflags, pgo, env.NAME); ' +
        'build tags are per run: set "build tags" in a second run and compare the two runs',
    );
    const back = draftFromSpec(1, {
      repo: '/r',
      packages: [],
      bench: 'X',
      refs: ['a', 'b'],
      count: 3,
      cpu: [1, 4],
      benchtime: ['1s'],
      tags: '',
      profile: ['mem'],
      profileBenchtime: '2s',
      env: { A: '1' },
      label: 'l',
      timeout: '10m',
      schedule: 'shuffled',
      variants: [{ name: 'v3', goamd64: 'v3' }],
      gowork: false,
    });
    expect(back).toMatchObject({
      cpu: '1,4',
      count: '3',
      env: 'A=1',
      schedule: 'shuffled',
      variants: [{ name: 'v3', settings: 'goamd64=v3' }],
    });
  });

  it('counts cells as refs x variants x benchmarks x cpus x benchtimes x rounds', () => {
    const d = draft({ bench: 'Sum|Join', refs: ['main', 'WORKTREE'], cpu: '1,2', benchtime: '100x', count: '5', profile: ['cpu', 'mem'] });
    const c = countCells(d, previewBenchmarks(PKGS, d.bench));
    expect(c).toEqual({
      columns: 2,
      benchmarks: 2,
      cpus: 2,
      benchtimes: 1,
      rounds: 5,
      cells: 40,
      processes: 20,
      profiles: 8,
      resourceRuns: 0,
      programRuns: 0,
    });
    const v = countCells(
      {
        ...d,
        variants: [
          { name: 'a', settings: '' },
          { name: 'b', settings: '' },
        ],
      },
      previewBenchmarks(PKGS, d.bench),
    );
    expect(v.columns).toBe(4);
  });
});

function past(o: Partial<RunSummary>): RunSummary {
  return {
    id: 1,
    repoId: 1,
    repoPath: '/r',
    label: '',
    status: 'completed',
    statusDetail: '',
    error: null,
    kind: 'measured',
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:10Z',
    refs: [],
    resultCount: 20,
    failedCells: 0,
    spec: null,
    alpha: null,
    ...o,
  };
}

describe('estimate', () => {
  it('uses seconds per result of past runs of the repository', () => {
    const c = {
      columns: 1,
      benchmarks: 2,
      cpus: 1,
      benchtimes: 1,
      rounds: 10,
      cells: 20,
      processes: 10,
      profiles: 0,
      resourceRuns: 0,
      programRuns: 0,
    };
    const e = estimateDuration(c, ['100x'], '1s', [past({}), past({ repoId: 2, finishedAt: '2026-01-01T01:00:00Z' })], 1);
    expect(e.basis).toBe('past-runs');
    expect(e.ms).toBeCloseTo(10_000);
  });

  it('falls back to the benchtime, or says it does not know', () => {
    const c = {
      columns: 1,
      benchmarks: 1,
      cpus: 1,
      benchtimes: 1,
      rounds: 10,
      cells: 10,
      processes: 10,
      profiles: 0,
      resourceRuns: 0,
      programRuns: 0,
    };
    const e = estimateDuration(c, ['1s'], '1s', [], 1);
    expect(e.basis).toBe('benchtime');
    expect(e.ms).toBeGreaterThan(10_000);
    expect(estimateDuration(c, ['100x'], '1s', [], 1)).toMatchObject({ basis: 'unknown', ms: null });
    expect(goDurationSeconds('1m30s')).toBe(90);
    expect(goDurationSeconds('100x')).toBeNull();
  });
});

describe('command line', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote('Sum|Join')).toBe("'Sum|Join'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('/a/b-c.d')).toBe('/a/b-c.d');
  });

  it('writes the perflab run equivalent of the draft, leaving defaults out', () => {
    expect(runCommandLine(draft())).toBe("perflab run --repo '/src/my repo'");
    const d = draft({
      bench: 'Sum|Join',
      refs: ['main', 'WORKTREE'],
      cpu: '1,2',
      benchtime: '100x',
      count: '5',
      profile: ['cpu'],
      env: 'GOGC=off',
      schedule: 'sequential',
      label: "Bob's try",
      variants: [{ name: 'v3', settings: 'goamd64=v3' }],
    });
    expect(runCommandLine(d)).toBe(
      "perflab run --repo '/src/my repo' --bench 'Sum|Join' --ref main --ref WORKTREE --count 5 --cpu 1,2 --benchtime 100x --profile cpu --env GOGC=off --variant v3:goamd64=v3 --schedule sequential --label 'Bob'\\''s try'",
    );
  });
});

describe('repository tree', () => {
  it('filters packages and benchmarks by a substring, packages with benchmarks first', () => {
    expect(filterTree(PKGS, '').map((p) => p.importPath)).toEqual([
      'example.com/basic/encode',
      'example.com/basic/parse',
      'example.com/basic/util',
    ]);
    const t = filterTree(PKGS, 'sum');
    expect(t.map((p) => [p.importPath, p.benchmarks])).toEqual([['example.com/basic/parse', ['BenchmarkSum']]]);
    expect(filterTree(PKGS, 'encode')[0].benchmarks).toEqual(['BenchmarkJoin']);
  });
  it('checks the path field before asking the lab', () => {
    expect(pathProblem('')).toMatch(/enter the path/);
    expect(pathProblem('relative/dir')).toMatch(/absolute/);
    expect(pathProblem('~/src')).toBeNull();
    expect(pathProblem('~')).toBeNull();
    expect(pathProblem('~other/src')).toMatch(/absolute/);
    expect(pathProblem('/home/me/src')).toBeNull();
    expect(pathProblem('C:\\src')).toBeNull();
  });
});
