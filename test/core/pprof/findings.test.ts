// Findings from sets of profiles: cost charged to the nearest frame of the module's own
// non-test code at the call line, categories from the callee chain, one finding per
// (function, line, category) across benchmarks, impact thresholds, the sort order, and the
// issue body's sections. Small profiles are drawn as stacks of "func@file:line" frames.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProfileBuilder } from '../../../src/core/pprof/builder.js';
import { decodeProfileSync, findingsFromProfiles } from '../../../src/core/pprof/index.js';
import { impactOf } from '../../../src/core/pprof/findings.js';
import { moduleFile } from '../../../src/core/pprof/findings-attribute.js';
import { allocPatternOfLine } from '../../../src/core/pprof/findings-rules.js';
import type { Profile } from '../../../src/core/pprof/model.js';
import type { SampleTypeInfo } from '../../../src/shared/profile-types.js';
import { realProfiles, type RealProfiles } from './helpers/real-profiles.js';

const MOD = { path: 'example.com/m' };
const CPU: SampleTypeInfo[] = [
  { type: 'samples', unit: 'count' },
  { type: 'cpu', unit: 'nanoseconds' },
];
const MEM: SampleTypeInfo[] = [
  { type: 'alloc_objects', unit: 'count' },
  { type: 'alloc_space', unit: 'bytes' },
];
const DELAY: SampleTypeInfo[] = [
  { type: 'contentions', unit: 'count' },
  { type: 'delay', unit: 'nanoseconds' },
];

/** One stack per line, root first: "func@file:line;..." then the value of the last sample type. */
function stacks(text: string, types: SampleTypeInfo[]): Profile {
  const b = new ProfileBuilder({ sampleTypes: types, periodType: types[types.length - 1] });
  const mapping = b.addMapping({ filename: '/bin/m.test', hasFunctions: true });
  const funcs = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [stack, value] = line.split(/\s+/);
    const locs = stack.split(';').map((fr, i) => {
      const m = /^(.*)@(.*):(\d+)$/.exec(fr) ?? [fr, fr, `${fr.split('.')[0]}/x.go`, '1'];
      let f = funcs.get(m[1]);
      if (f === undefined) funcs.set(m[1], (f = b.addFunction(m[1], m[2], 1)));
      return b.addLocation([{ func: f, line: Number(m[3]) }], mapping, 0x1000 + i * 16 + funcs.size * 256);
    });
    b.addSample(locs.reverse(), [...types.slice(1).map(() => 0), Number(value)]);
  }
  return b.finish();
}

const HARNESS = 'runtime.goexit@runtime/asm_amd64.s:1700;testing.(*B).runN@testing/benchmark.go:193';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
});

describe('findingsFromProfiles', () => {
  it('charges runtime and stdlib cost to the module line that calls it, never to test files', () => {
    const mem = stacks(
      `
      ${HARNESS};example.com/m/parse.BenchmarkParse@example.com/m/parse/parse_test.go:20;example.com/m/parse.Parse@example.com/m/parse/parse.go:30;runtime.growslice@runtime/slice.go:177 600
      ${HARNESS};example.com/m/parse.BenchmarkParse@example.com/m/parse/parse_test.go:21;strings.Repeat@strings/strings.go:600;runtime.makeslice@runtime/slice.go:90 400
    `,
      MEM,
    );
    const r = findingsFromProfiles({
      runId: 1,
      module: MOD,
      profiles: [{ profile: mem, benchmark: 'BenchmarkParse', ref: 'main', kind: 'mem' }],
    });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({
      category: 'allocation',
      location: 'parse/parse.go:30',
      function: 'example.com/m/parse.Parse',
      impact: 'High',
      complexity: 'Low',
      share: 0.6,
    });
    expect(f.title).toBe('perf: preallocate the slice grown by append in Parse (parse/parse.go:30)');
    expect(f.benchmarks[0]).toMatchObject({ name: 'BenchmarkParse', kind: 'mem', callee: 'runtime.growslice', share: 0.6 });
    const sections = [...f.body.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Problem', 'Location', 'Proposed Fix', 'Impact', 'Notes']);
    expect(f.body).toContain('60.0% of the allocated bytes');
    expect(f.body).toContain('make([]T, 0, len(in))');
    expect(f.body).toContain('needs benchmark');
    expect(r.markdown).not.toMatch(/_test\.go|Left for the engineer/);
  });

  it("an allocation in a sync.Pool's New says Get found the pool empty (and where), not 'use a sync.Pool'", () => {
    // Found on github.com/pierrec/lz4/v4: 69.8% of the bytes were &[4194304]byte{} in a pool's
    // New, and the finding proposed "take it from a sync.Pool".
    const mem = stacks(
      `
      ${HARNESS};example.com/m.BenchmarkCompress@example.com/m/bench_test.go:9;example.com/m.(*Writer).Write@example.com/m/writer.go:109;example.com/m/block.BlockSizeIndex.Get@example.com/m/block/blocks.go:70;sync.(*Pool).Get@sync/pool.go:155;example.com/m/block.init.func6@example.com/m/block/blocks.go:25 700
      ${HARNESS};example.com/m.BenchmarkCompress@example.com/m/bench_test.go:9;example.com/m.(*Writer).Write@example.com/m/writer.go:120 300
    `,
      MEM,
    );
    const r = findingsFromProfiles({
      runId: 3,
      module: MOD,
      profiles: [{ profile: mem, benchmark: 'BenchmarkCompress', ref: 'main', kind: 'mem' }],
    });
    const f = r.findings.find((x) => x.location === 'block/blocks.go:25')!;
    expect(f).toMatchObject({ category: 'allocation', function: 'example.com/m/block.init.func6', share: 0.7 });
    expect(f.benchmarks[0].callee).toBe('sync.(*Pool).Get at block/blocks.go:70');
    expect(f.title).toBe('perf: keep objects in the sync.Pool (its New allocates them again) in init.func6 (block/blocks.go:25)');
    expect(f.body).toContain(
      "is allocated by `init.func6` at block/blocks.go:25, the pool's New, when `sync.(*Pool).Get` at block/blocks.go:70 found the pool empty.",
    );
    expect(f.body).toContain('Put every object back when done');
    expect(f.body).not.toMatch(/take it from a sync\.Pool/);
  });

  it('clearing memory the code owns (clear(b): memclr with no mallocgc above it) is a hot line, not an allocation finding', () => {
    const cpu = stacks(
      `
      ${HARNESS};example.com/m.BenchmarkDecode@example.com/m/bench_test.go:9;example.com/m/block.UncompressBlock@example.com/m/block/block.go:50;runtime.memclrNoHeapPointers@runtime/memclr_amd64.s:90 30
      ${HARNESS};example.com/m.BenchmarkDecode@example.com/m/bench_test.go:9;example.com/m/block.UncompressBlock@example.com/m/block/block.go:61;runtime.makeslice@runtime/slice.go:90;runtime.mallocgc@runtime/malloc.go:1000;runtime.memclrNoHeapPointers@runtime/memclr_amd64.s:90 20
      ${HARNESS};example.com/m.BenchmarkDecode@example.com/m/bench_test.go:9;example.com/m/block.decodeBlock@example.com/m/block/decode.go:12 50
    `,
      CPU,
    );
    const r = findingsFromProfiles({
      runId: 4,
      module: MOD,
      profiles: [{ profile: cpu, benchmark: 'BenchmarkDecode', ref: 'main', kind: 'cpu' }],
    });
    expect(r.findings.map((f) => `${f.category}@${f.location}`)).toEqual(['allocation@block/block.go:61']);
    expect(r.hotLines.map((h) => h.location)).toContain('block/block.go:50');
  });

  it('finds redundant I/O under os.Open at the call line and merges benchmarks into one finding', () => {
    const cpu = (open: number, own: number) =>
      stacks(
        `
      ${HARNESS};example.com/m/parse.BenchmarkA@example.com/m/parse/parse_test.go:9;example.com/m/parse.Parse@example.com/m/parse/parse.go:41;example.com/m/parse.unitOf@example.com/m/parse/units.go:12;os.Open@os/file.go:320;syscall.openat@syscall/zsyscall_linux_amd64.go:83 ${open}
      ${HARNESS};example.com/m/parse.BenchmarkA@example.com/m/parse/parse_test.go:9;example.com/m/parse.Parse@example.com/m/parse/parse.go:44 ${own}
      runtime.gcBgMarkWorker@runtime/mgc.go:1400;runtime.scanobject@runtime/mgcmark.go:1400 ${100 - open - own}
      ${HARNESS};testing.(*B).launch@testing/benchmark.go:300;runtime.chanrecv1@runtime/chan.go:489 5
    `,
        CPU,
      );
    const r = findingsFromProfiles({
      runId: 2,
      module: MOD,
      profiles: [
        { profile: cpu(45, 40), benchmark: 'BenchmarkA', ref: 'main', kind: 'cpu' },
        { profile: cpu(4, 90), benchmark: 'BenchmarkB', ref: 'main', kind: 'cpu' },
      ],
    });
    expect(r.findings.map((f) => `${f.category}@${f.location}`)).toEqual(['redundant I/O@parse/units.go:12']);
    const f = r.findings[0];
    expect(f.function).toBe('example.com/m/parse.unitOf');
    expect(f.impact).toBe('High');
    expect(f.benchmarks.map((b) => [b.name, Number(b.share.toFixed(3))])).toEqual([
      ['BenchmarkA', 0.429],
      ['BenchmarkB', 0.038],
    ]);
    expect(f.benchmarks[0].callee).toBe('os.Open -> syscall.openat');
    expect(f.title).toMatch(/^perf: cache the result instead of calling os\.Open per call in unitOf/);
    // The module's own hot line with no pattern is context, not a finding.
    expect(r.hotLines[0]).toMatchObject({ location: 'parse/parse.go:44', benchmark: 'BenchmarkB' });
    expect(r.markdown).not.toMatch(/runtime\.chanrecv1|gcBgMarkWorker/);
  });

  it("reads lock contention and goroutine waits from block profiles, as shares of the module's waiting", () => {
    const block = stacks(
      `
      ${HARNESS};testing.(*B).RunParallel.func1@testing/benchmark.go:900;example.com/m.BenchmarkGet.func1@example.com/m/cache_test.go:15;example.com/m.(*Cache).Get@example.com/m/cache.go:40;sync.(*Mutex).Lock@sync/mutex.go:90;runtime.semacquire1@runtime/sema.go:160 900
      ${HARNESS};example.com/m.BenchmarkRun@example.com/m/cache_test.go:30;example.com/m.RunAll@example.com/m/run.go:22;sync.(*WaitGroup).Wait@sync/waitgroup.go:118 100
      ${HARNESS};testing.(*B).run1@testing/benchmark.go:230;runtime.chanrecv1@runtime/chan.go:489 1000000
    `,
      DELAY,
    );
    const r = findingsFromProfiles({
      runId: 3,
      module: MOD,
      profiles: [{ profile: block, benchmark: 'BenchmarkGet', ref: 'head', kind: 'block' }],
    });
    expect(r.findings.map((f) => [f.category, f.location, f.impact, Number(f.share.toFixed(2))])).toEqual([
      ['lock contention', 'cache.go:40', 'High', 0.9],
      ['concurrency', 'run.go:22', 'Medium', 0.1],
    ]);
  });

  it('sorts by impact, then complexity, and puts Low only in the summary table', () => {
    const mem = stacks(
      `
      ${HARNESS};example.com/m.Build@example.com/m/b.go:10;runtime.concatstrings@runtime/string.go:20 50
      ${HARNESS};example.com/m.Load@example.com/m/l.go:5;example.com/m.fill@example.com/m/l.go:30;runtime.newobject@runtime/malloc.go:1 40
      ${HARNESS};example.com/m.Tiny@example.com/m/t.go:3;runtime.growslice@runtime/slice.go:177 3
      ${HARNESS};example.com/m.Build@example.com/m/b.go:10 7
    `,
      MEM,
    );
    const r = findingsFromProfiles({ runId: 4, module: MOD, profiles: [{ profile: mem, benchmark: 'BenchmarkB', ref: 'x', kind: 'mem' }] });
    expect(r.findings.map((f) => `${f.impact}/${f.complexity} ${f.location}`)).toEqual([
      'High/Low b.go:10',
      'High/Medium l.go:30',
      'Low/Low t.go:3',
    ]);
    expect(r.markdown).toContain('| Low | Low | allocation | `t.go:3` |');
    expect(r.markdown).not.toContain('# perf: preallocate the slice grown by append in Tiny');
    expect(r.markdown).toContain('# perf: build the string with strings.Builder in Build (b.go:10)');
  });

  it('memory profiles without runtime frames: the source line names the allocation pattern', () => {
    const mem = stacks(
      `
      ${HARNESS};example.com/m.Row@example.com/m/r.go:8 90
      ${HARNESS};example.com/m.Fields@example.com/m/f.go:10 10
    `,
      MEM,
    );
    const src: Record<string, string> = {
      'r.go:8': '\t\ts += " " + c + " |"',
      'f.go:10': '\t\t\tout = append(out, rec[start:i]) // one field',
    };
    const r = findingsFromProfiles({
      runId: 6,
      module: MOD,
      sourceLine: (f, l) => src[`${f}:${l}`],
      profiles: [{ profile: mem, benchmark: 'BenchmarkR', ref: 'x', kind: 'mem' }],
    });
    expect(r.findings.map((f) => f.title)).toEqual([
      'perf: build the string with strings.Builder in Row (r.go:8)',
      'perf: preallocate the slice grown by append in Fields (f.go:10)',
    ]);
    expect(allocPatternOfLine('m := make(map[string]int)')).toBe('map');
    expect(allocPatternOfLine('return fmt.Sprintf("%d", n)')).toBe('fmt');
    expect(allocPatternOfLine('k := string(b)')).toBe('conversion');
    expect(allocPatternOfLine('x := new(T) // a + "b"')).toBeNull();
  });

  it("mutex profiles: only sync locks are lock contention, not the runtime's own locks", () => {
    const mutex = stacks(
      `
      ${HARNESS};example.com/m.Fields@example.com/m/f.go:10;runtime.growslice@runtime/slice.go:177;runtime.unlock@runtime/lock_spinbit.go:300 70
      ${HARNESS};example.com/m.(*S).Get@example.com/m/s.go:20;sync.(*Mutex).Unlock@sync/mutex.go:200 30
    `,
      DELAY,
    );
    const r = findingsFromProfiles({
      runId: 7,
      module: MOD,
      profiles: [{ profile: mutex, benchmark: 'BenchmarkS', ref: 'x', kind: 'mutex' }],
    });
    expect(r.findings.map((f) => `${f.category}@${f.location}`)).toEqual(['lock contention@s.go:20']);
  });

  it('impact thresholds: share of one benchmark, or spread over three', () => {
    expect(impactOf([0.2])).toBe('High');
    expect(impactOf([0.19])).toBe('Medium');
    expect(impactOf([0.1, 0.1, 0.1])).toBe('High');
    expect(impactOf([0.05])).toBe('Medium');
    expect(impactOf([0.02, 0.02, 0.02])).toBe('Medium');
    expect(impactOf([0.049, 0.03])).toBe('Low');
  });

  it('module files: module-relative, test files and other modules excluded', () => {
    expect(moduleFile('example.com/m/internal/parser/parser.go', MOD)).toBe('internal/parser/parser.go');
    expect(moduleFile('example.com/m/internal/parser/parser_test.go', MOD)).toBeNull();
    expect(moduleFile('example.com/mx/a.go', MOD)).toBeNull();
    expect(moduleFile('/home/u/m/a.go', { path: 'example.com/m', dir: '/home/u/m' })).toBe('a.go');
    expect(moduleFile('runtime/slice.go', null)).toBeNull();
    expect(moduleFile('github.com/x/y/z.go', null)).toBe('github.com/x/y/z.go');
  });

  it("real profiles: every finding is in the module's own non-test code", () => {
    const load = (f: string) => decodeProfileSync(readFileSync(f));
    const r = findingsFromProfiles({
      runId: 5,
      module: { path: 'example.com/pprofgen' },
      profiles: [
        { profile: load(real.cpu), benchmark: 'pprofgen', ref: 'head', kind: 'cpu' },
        { profile: load(real.mem), benchmark: 'pprofgen', ref: 'head', kind: 'mem' },
        { profile: load(real.mutex), benchmark: 'pprofgen', ref: 'head', kind: 'mutex' },
        { profile: load(real.block), benchmark: 'pprofgen', ref: 'head', kind: 'block' },
      ],
    });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.location).toMatch(/^work\.go:\d+$/);
      expect(f.function).toMatch(/^example\.com\/pprofgen\./);
    }
    expect(r.findings.some((f) => f.category === 'allocation' && f.function === 'example.com/pprofgen.BuildMap')).toBe(true);
    expect(r.findings.some((f) => f.category === 'lock contention' && f.function === 'example.com/pprofgen.(*Counter).Add')).toBe(true);
  });

  it('says so when nothing stands out', () => {
    const r = findingsFromProfiles({ runId: 1, profiles: [] });
    expect(r.findings).toEqual([]);
    expect(r.markdown).toContain('No finding');
  });
});
