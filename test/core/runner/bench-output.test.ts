import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchOutputParser, endedTops, parseBenchOutputFile } from '../../../src/core/runner/bench-output.js';
import { splitProcs } from '../../../src/core/runner/execute.js';
import { tempDir } from '../../helpers/fixture-repo.js';

const V = '\x16';

function parse(text: string) {
  const p = new BenchOutputParser();
  for (const l of text.split('\n')) p.line(l);
  return p.finish();
}

describe('framed benchmark output', () => {
  it('a process killed after a benchmark printed its own result line ended that cell (its result is stored)', () => {
    // Seen in CI: a cancel landed between the only benchmark's result line and PASS, and
    // "canceled after 3 of 300 cells (4 results stored)" undercounted the cells.
    const killed = parse(
      [
        'pkg: example.com/basic/parse',
        `${V}=== RUN   BenchmarkParse`,
        'BenchmarkParse',
        'BenchmarkParse-2   \t   20000\t      61.5 ns/op',
      ].join('\n'),
    );
    expect(killed.runningAtEnd).toBe('BenchmarkParse');
    expect(endedTops(killed)).toEqual(['BenchmarkParse']);
    // A benchmark with sub-benchmarks killed between two of them did not end: the rest of its
    // subs run again.
    const mid = parse(
      [
        `${V}=== RUN   BenchmarkFields`,
        'BenchmarkFields',
        `${V}=== RUN   BenchmarkFields/size=4`,
        'BenchmarkFields/size=4-2         \t     100\t       547.4 ns/op',
        `${V}=== RUN   BenchmarkFields/size=64`,
      ].join('\n'),
    );
    expect(mid.runningAtEnd).toBe('BenchmarkFields');
    expect(endedTops(mid)).toEqual([]);
  });

  it('reads config, results with their RUN names, skips and passes', () => {
    const out = parse(
      [
        'goos: linux',
        'goarch: amd64',
        'pkg: example.com/basic/parse',
        'cpu: AMD EPYC',
        `${V}=== RUN   BenchmarkPanic`,
        'BenchmarkPanic',
        '    hostile_test.go:13: set PERFLAB_FIXTURE_PANIC=1',
        `${V}--- SKIP: BenchmarkPanic`,
        `${V}=== RUN   BenchmarkFields`,
        'BenchmarkFields',
        `${V}=== RUN   BenchmarkFields/size=4`,
        'BenchmarkFields/size=4',
        'BenchmarkFields/size=4           \t     100\t       443.3 ns/op\t     144 B/op\t       1 allocs/op',
        `${V}=== NAME  `,
        'BenchmarkFields/size=4-2         \t     100\t       547.4 ns/op\t     144 B/op\t       1 allocs/op',
        `${V}=== NAME  `,
        `${V}PASS`,
      ].join('\n'),
    );
    expect(out.config).toEqual([
      ['goos', 'linux'],
      ['goarch', 'amd64'],
      ['pkg', 'example.com/basic/parse'],
      ['cpu', 'AMD EPYC'],
    ]);
    expect(out.results.map((r) => [r.fullName, r.runName, r.iterations])).toEqual([
      ['BenchmarkFields/size=4', 'BenchmarkFields/size=4', 100],
      ['BenchmarkFields/size=4-2', 'BenchmarkFields/size=4', 100],
    ]);
    expect(out.failures).toEqual([
      { name: 'BenchmarkPanic', top: 'BenchmarkPanic', kind: 'skip', message: 'hostile_test.go:13: set PERFLAB_FIXTURE_PANIC=1' },
    ]);
    expect(out.started).toEqual(['BenchmarkPanic', 'BenchmarkFields']);
    expect(out.ended).toBe('pass');
    expect(out.runningAtEnd).toBeNull();
  });

  it('puts back a result line another writer cut between the name and the numbers (a daemon sharing stdout)', () => {
    // Go writes `Name-N<pad>\t` before the run and the numbers after it: a setsid flusher the
    // benchmark started printed its ticks in between (seen in CI on the spool fixture).
    const out = parse(
      [
        `${V}=== RUN   BenchmarkAdd`,
        'BenchmarkAdd',
        'flusher: tick 0',
        'BenchmarkAdd-2   \tflusher: tick 1',
        'flusher: tick 2',
        '    1000\t        18.68 ns/op\t       3 B/op\t       0 allocs/op',
        `${V}=== NAME  `,
        `${V}PASS`,
        'flusher: tick 3',
      ].join('\n'),
    );
    expect(out.results.map((r) => [r.fullName, r.iterations, r.values.map((v) => `${v.value} ${v.unit}`)])).toEqual([
      ['BenchmarkAdd-2', 1000, ['18.68 ns/op', '3 B/op', '0 allocs/op']],
    ]);
    expect(out.log).toEqual(['flusher: tick 0', 'flusher: tick 1', 'flusher: tick 2', 'flusher: tick 3']);
    // a name line of another benchmark, or numbers after a new frame, are never joined
    const other = parse(
      [
        `${V}=== RUN   BenchmarkAdd`,
        'BenchmarkGet-2   \tflusher: tick 1',
        '    1000\t        18.68 ns/op',
        `${V}=== RUN   BenchmarkPut`,
        'BenchmarkAdd-2   \tflusher: tick 2',
        `${V}=== RUN   BenchmarkDel`,
        '    1000\t        18.68 ns/op',
        `${V}PASS`,
      ].join('\n'),
    );
    expect(other.results).toEqual([]);
  });

  it('recovers a result line glued to text the benchmark printed without a newline', () => {
    const out = parse(
      [
        `${V}=== RUN   BenchmarkPrint`,
        'BenchmarkPrint',
        'hello from the benchmark',
        'no newline here BenchmarkPrint      \t     100\t       443.4 ns/op\t       1 B/op\t       0 allocs/op',
        `${V}PASS`,
      ].join('\n'),
    );
    expect(out.results).toHaveLength(1);
    expect(out.results[0].fullName).toBe('BenchmarkPrint');
    expect(out.log).toContain('no newline here ');
    expect(out.log).toContain('hello from the benchmark');
  });

  it('names the benchmark that panicked or timed out', () => {
    const panic = parse(
      [
        'goos: linux',
        `${V}=== RUN   BenchmarkA`,
        'BenchmarkA',
        'BenchmarkA \t 10\t 5 ns/op',
        `${V}=== RUN   BenchmarkB`,
        'BenchmarkB',
        'panic: boom',
        '',
        'goroutine 1 [running]:',
      ].join('\n'),
    );
    expect(panic.runningAtEnd).toBe('BenchmarkB');
    expect(panic.crash?.kind).toBe('panic');
    expect(panic.crash?.message).toMatch(/^panic: boom/);
    expect(panic.results).toHaveLength(1);
    const timeout = parse(
      [
        `${V}=== RUN   BenchmarkSlow`,
        'BenchmarkSlow',
        'panic: test timed out after 1s',
        '\trunning tests:',
        '\t\tBenchmarkSlow (1s)',
        '',
      ].join('\n'),
    );
    expect(timeout.crash?.kind).toBe('timeout');
    expect(timeout.runningAtEnd).toBe('BenchmarkSlow');
  });

  it('caps line length when streaming a file and still accounts for the line', async () => {
    const dir = tempDir();
    const f = join(dir, 'out');
    writeFileSync(f, `goos: linux\n${'x'.repeat(300_000)}\nBenchmarkA \t 10\t 5 ns/op\n`);
    const out = await parseBenchOutputFile(f, { maxLineLength: 1000 });
    expect(out.longLines).toBe(1);
    expect(out.lineCount).toBe(3);
    expect(out.results).toHaveLength(1);
  });

  it('never reads a -N sub-benchmark name as GOMAXPROCS', () => {
    expect(splitProcs('BenchmarkF/size-1024', 'BenchmarkF/size-1024', [1, 2])).toEqual({ name: 'BenchmarkF/size-1024', cpu: 1 });
    expect(splitProcs('BenchmarkF/size-1024-2', 'BenchmarkF/size-1024', [1, 2])).toEqual({ name: 'BenchmarkF/size-1024', cpu: 2 });
    expect(splitProcs('BenchmarkSum-4', null, [4])).toEqual({ name: 'BenchmarkSum', cpu: 4 });
  });
});
