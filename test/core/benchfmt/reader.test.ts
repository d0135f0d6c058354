import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LineParser, parseConfigLine, parseResultLine, readBenchfmtAll, readBenchfmtStream } from '../../../src/core/benchfmt/index.js';
import type { BenchRecord } from '../../../src/core/benchfmt/index.js';
import { runBenchstat } from '../../helpers/benchstat.js';

async function collect(it: AsyncIterable<BenchRecord>): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function* chunks(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

describe('readBenchfmt', () => {
  it('reads config, results, unit metadata and skips everything else, one record per line', () => {
    const text = [
      'goos: linux',
      'goarch: amd64',
      'pkg: example.com/enc',
      'cpu: Intel(R) Xeon(R) CPU @ 2.20GHz',
      'BenchmarkEncode/format=json-48  \t 1000000\t      1718 ns/op\t  12 B/op\t 1 allocs/op',
      'BenchmarkEncode/format=json-48',
      'Unit text-bytes assume=exact better=lower',
      'PASS',
      'ok  \texample.com/enc\t1.234s',
      '',
      'note:',
    ].join('\n');
    const recs = readBenchfmtAll(text);
    expect(recs.map((r) => r.kind)).toEqual([
      'config',
      'config',
      'config',
      'config',
      'result',
      'skipped',
      'unit',
      'skipped',
      'skipped',
      'skipped',
      'config',
    ]);
    expect(recs[3]).toEqual({ kind: 'config', key: 'cpu', value: 'Intel(R) Xeon(R) CPU @ 2.20GHz', line: 4 });
    expect(recs[4]).toEqual({
      kind: 'result',
      fullName: 'Encode/format=json-48',
      iterations: 1000000,
      values: [
        { value: 1718, unit: 'ns/op' },
        { value: 12, unit: 'B/op' },
        { value: 1, unit: 'allocs/op' },
      ],
      line: 5,
    });
    const unit = recs[6];
    expect(unit.kind === 'unit' && [unit.unit, unit.key, unit.value, unit.entries?.length]).toEqual(['text-bytes', 'assume', 'exact', 2]);
    expect(recs[10]).toEqual({ kind: 'config', key: 'note', value: '', line: 11 });
  });

  it('reports malformed result lines as syntax errors with golang/perf messages', () => {
    const recs = readBenchfmtAll(
      [
        'BenchmarkA ',
        'BenchmarkA x 1 ns/op',
        'BenchmarkA 10',
        'BenchmarkA 10 1',
        'BenchmarkA 10 z ns/op',
        'BenchmarkA 10 1e999 ns/op',
        'BenchmarkA 99999999999999999999 1 ns/op',
      ].join('\n'),
    );
    expect(recs.map((r) => (r.kind === 'syntax-error' ? r.message : r.kind))).toEqual([
      'missing iteration count',
      'parsing iteration count: invalid syntax',
      'missing measurements',
      'missing units',
      'parsing measurement: invalid syntax',
      'parsing measurement: value out of range',
      'parsing iteration count: value out of range',
    ]);
  });

  it('accepts Go float syntax in values', () => {
    const r = parseResultLine('BenchmarkX 1 0x1p-2 a 1_000.5 b +Inf c nan d .5e1 e 5. f');
    expect(r && 'values' in r && r.values.map((v) => v.value)).toEqual([0.25, 1000.5, Infinity, NaN, 5, 5]);
  });

  it('handles CRLF, a last line without newline, and an empty input', () => {
    expect(readBenchfmtAll('')).toEqual([]);
    expect(readBenchfmtAll('\n')).toEqual([{ kind: 'skipped', line: 1 }]);
    const recs = readBenchfmtAll('a: b\r\nBenchmarkX 1 2 ns/op');
    expect(recs).toEqual([
      { kind: 'config', key: 'a', value: 'b', line: 1 },
      { kind: 'result', fullName: 'X', iterations: 1, values: [{ value: 2, unit: 'ns/op' }], line: 2 },
    ]);
  });

  it('parses config lines by golang/perf rules', () => {
    expect(parseConfigLine('key: value  ')).toEqual({ key: 'key', value: 'value  ' });
    expect(parseConfigLine('key:\tvalue')).toEqual({ key: 'key', value: 'value' });
    expect(parseConfigLine('key:')).toEqual({ key: 'key', value: '' });
    expect(parseConfigLine('key:   ')).toEqual({ key: 'key', value: '' });
    expect(parseConfigLine('k-e.y/1: v')).toEqual({ key: 'k-e.y/1', value: 'v' });
    expect(parseConfigLine('élan: v')).toEqual({ key: 'élan', value: 'v' });
    expect(parseConfigLine('http://x')).toBeNull();
    expect(parseConfigLine('Key: v')).toBeNull();
    expect(parseConfigLine('kEy: v')).toBeNull();
    expect(parseConfigLine('my key: v')).toBeNull();
    expect(parseConfigLine(': v')).toBeNull();
    expect(parseConfigLine('1key: v')).toBeNull();
  });

  it('keys unit metadata by tidied unit and reports a conflicting second value', () => {
    const recs = readBenchfmtAll(
      ['Unit ns/op better=lower', 'Unit sec/op better=higher', 'Unit x y', 'Unit', 'Unit x', 'Unit sec/op better=lower'].join('\n'),
    );
    expect(recs[0].kind).toBe('unit');
    const second = recs[1];
    expect(second.kind === 'unit' && second.entries).toEqual([
      { kind: 'conflict', key: 'better', value: 'higher', have: 'lower', message: 'metadata better of unit sec/op already set to lower' },
    ]);
    expect(recs[2]).toMatchObject({ kind: 'syntax-error', message: 'expected key=value' });
    expect(recs[3]).toMatchObject({ kind: 'syntax-error', message: 'missing unit' });
    expect(recs[4]).toEqual({ kind: 'skipped', line: 5 });
    expect(recs[5].kind === 'unit' && recs[5].entries).toEqual([{ kind: 'pair', key: 'better', value: 'lower' }]);
  });

  it('shares unit metadata across files through one LineParser', () => {
    const parser = new LineParser();
    readBenchfmtAll('Unit B/op better=lower', { parser });
    const recs = readBenchfmtAll('Unit B/op better=higher', { parser });
    expect(recs[0].kind === 'unit' && recs[0].entries?.[0].kind).toBe('conflict');
  });
});

describe('readBenchfmtStream', () => {
  it('gives the same records as the string reader, across chunk boundaries, bytes or strings', async () => {
    const text = 'goos: linux\r\nBenchmarkÄ/x=1-8 10 5 ns/op\n\nUnit a b=c\nBenchmarkB 1 2 MB/s';
    const bytes = new TextEncoder().encode(text);
    const want = readBenchfmtAll(text);
    for (let cut = 0; cut <= bytes.length; cut += 3) {
      const got = await collect(readBenchfmtStream(chunks([bytes.slice(0, cut), bytes.slice(cut)])));
      expect(got).toEqual(want);
    }
    const one = await collect(readBenchfmtStream(chunks(Array.from(text))));
    expect(one).toEqual(want);
  });

  it('turns an over-long line into a syntax error without keeping it', async () => {
    const long = 'Benchmark' + 'x'.repeat(5000) + ' 1 2 ns/op';
    const parts = ['a: b\n', long.slice(0, 1000), long.slice(1000, 3000), long.slice(3000) + '\nBenchmarkY 1 2 ns/op\n'];
    const got = await collect(readBenchfmtStream(chunks(parts), { maxLineLength: 100 }));
    expect(got.map((r) => r.kind)).toEqual(['config', 'syntax-error', 'result']);
    expect(got[1]).toMatchObject({ line: 2, message: `line too long (${long.length} characters; the limit is 100)` });
    expect(got[2].line).toBe(3);
    const tail = await collect(readBenchfmtStream(chunks(['x'.repeat(300)]), { maxLineLength: 100 }));
    expect(tail).toMatchObject([{ kind: 'syntax-error', line: 1 }]);
  });
});

describe('syntax errors, against benchstat', () => {
  it('reports the same file:line: message lines on stderr as benchstat', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perflab-benchfmt-'));
    try {
      const text =
        [
          'goos: linux',
          'BenchmarkA 10 5 ns/op',
          'BenchmarkA x 5 ns/op',
          'BenchmarkA 10',
          'BenchmarkA 10 5',
          'BenchmarkA 10 q ns/op',
          'BenchmarkA 10 1e400 ns/op',
          'BenchmarkA 1_0 5 ns/op',
          'BenchmarkA 10 1_0 ns/op',
          'BenchmarkA 10 0x1p3 ns/op 0x10 B/op',
          'BenchmarkA ',
          'Unit',
          'Unit ns/op bad =x better=lower',
          'Unit sec/op better=higher',
          'Unit q a=1 b c=2',
          'BenchmarkA 99999999999999999999 5 ns/op',
          'BenchmarkA +5 -5 ns/op',
        ].join('\n') + '\n';
      await writeFile(path.join(dir, 'a.txt'), text);
      const got = await runBenchstat(['a.txt'], dir);
      const ours: string[] = [];
      for (const r of readBenchfmtAll(text)) {
        if (r.kind === 'syntax-error') for (const m of [r.message, ...(r.more ?? [])]) ours.push(`a.txt:${r.line}: ${m}`);
        if (r.kind === 'unit') for (const e of r.entries ?? []) if (e.kind !== 'pair') ours.push(`a.txt:${r.line}: ${e.message}`);
      }
      expect(ours.join('\n') + '\n').toBe(got.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
