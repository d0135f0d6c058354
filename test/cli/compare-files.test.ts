// The file-only compare (src/cli/compare-files.ts) against the lab's own path: the same input
// errors as the compare schema (without loading it), files read in pieces parsed exactly as whole
// texts, and what falls back to the full command.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkFileCompareInput, compareFiles } from '../../src/cli/compare-files.js';
import { runCompareFiles } from '../../src/cli/compare-main.js';
import { parseInput } from '../../src/core/lab-input.js';
import { compare, prepareTexts, renderText, TextPreparer } from '../../src/core/compare/index.js';
import { readTextBounded, readTextPiecesSync } from '../../src/core/fs/safe-read.js';
import { LabFailure } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/fixture-repo.js';

type Case = Parameters<typeof checkFileCompareInput>[0];

function errorOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof LabFailure) return e.error.message;
    throw e;
  }
}

describe('checkFileCompareInput', () => {
  const file = (name: string, path = 'a.txt') => ({ name, path });
  const cases: Case[] = [
    { texts: [file('a')] },
    { texts: [file('a')], alpha: 0.5, confidence: 0.9, tolerance: 1000, filter: 'x'.repeat(4000), row: 'r'.repeat(1000) },
    { texts: [file('')] },
    { texts: [file('n'.repeat(4097))] },
    { texts: [file('a', 'p'.repeat(4097))] },
    { texts: Array.from({ length: 65 }, () => file('a')) },
    { texts: [file('a')], filter: 'f'.repeat(4001) },
    { texts: [file('a')], alpha: 1 },
    { texts: [file('a')], alpha: 0 },
    { texts: [file('a')], alpha: -0.5 },
    { texts: [file('a')], confidence: 1.5 },
    { texts: [file('a')], confidence: 0 },
    { texts: [file('a')], tolerance: 0 },
    { texts: [file('a')], tolerance: 1000.5 },
    { texts: [file('a')], alpha: 2, confidence: 3, tolerance: -1 },
    { texts: [file('a')], confidence: 3, col: 'c'.repeat(1001) },
    { texts: [file('a')], table: 't'.repeat(1001), ignore: 'i'.repeat(1001) },
    { texts: [file('a')], ignore: 'i'.repeat(1001) },
  ];
  it('gives the compare schema its answer, message for message', () => {
    let refused = 0;
    for (const c of cases) {
      const ours = errorOf(() => checkFileCompareInput(c));
      const schema = errorOf(() => parseInput('compareRender', { ...c, texts: c.texts.map((t) => ({ ...t, text: '' })) }));
      expect(ours, JSON.stringify(c).slice(0, 200)).toBe(schema);
      if (ours !== null) refused++;
    }
    expect(refused).toBe(cases.length - 2);
  });
});

const SAMPLE = [
  '\ufeffgoos: linux',
  'pkg: example.com/µ',
  'BenchmarkEncode/size=1-8 \t 100\t 1200 ns/op\t 64 B/op',
  'BenchmarkEncode/size=1-8 \t 100\t 1180 ns/op\t 64 B/op',
  'Unit ns/op assume=exact',
  'not a line\r',
  'BenchmarkDecode-8 \t 10\t 3.5 ns/op\r',
  'BenchmarkDecode-8 \t 10 bad',
  'BenchmarkDecode-8 \t 10\t 3.25 ns/op',
].join('\n');

describe('TextPreparer', () => {
  it('reads a text split anywhere as it reads the whole text', () => {
    const whole = renderText(
      compare(
        prepareTexts([
          { name: 'a', text: SAMPLE },
          { name: 'b', text: SAMPLE.replace(/1200/g, '1300') },
        ]),
        { alpha: 0.05, confidence: 0.95 },
      ),
    );
    expect(whole.stdout).toMatch(/Encode/);
    expect(whole.stderr).toMatch(/a:8: /);
    fc.assert(
      fc.property(fc.array(fc.nat(SAMPLE.length), { maxLength: 8 }), fc.boolean(), (cuts, crlf) => {
        const text = crlf ? SAMPLE.replace(/\n/g, '\r\n') : SAMPLE;
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((x, y) => x - y);
        const t = new TextPreparer(false);
        for (const [name, src] of [
          ['a', text],
          ['b', text.replace(/1200/g, '1300')],
        ] as const) {
          t.begin({ name });
          let at = 0;
          for (const p of [...points, src.length]) {
            t.push(src.slice(at, Math.max(at, Math.min(p, src.length))));
            at = Math.max(at, Math.min(p, src.length));
          }
          t.end();
        }
        const pieces = renderText(compare(t.finish(), { alpha: 0.05, confidence: 0.95 }));
        const reference = crlf
          ? renderText(
              compare(
                prepareTexts([
                  { name: 'a', text },
                  { name: 'b', text: text.replace(/1200/g, '1300') },
                ]),
                { alpha: 0.05, confidence: 0.95 },
              ),
            )
          : whole;
        expect(pieces).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readTextPiecesSync', () => {
  it('decodes a file exactly as reading it whole does (BOM, characters split between pieces, bad bytes)', async () => {
    const dir = tempDir();
    const path = join(dir, 'bench.txt');
    // 3-byte and 4-byte characters straddle the 64 KiB piece boundaries; a lone continuation byte is invalid.
    const body = Buffer.concat([
      Buffer.from('\ufeffgoos: linux\n'),
      Buffer.from('a€😀'.repeat(40000)),
      Buffer.from([0x80, 0x0a, 0xe2, 0x82]),
    ]);
    writeFileSync(path, body);
    let pieces = 0;
    let text = '';
    readTextPiecesSync(path, { maxBytes: 1 << 20 }, (s) => {
      pieces++;
      text += s;
    });
    expect(pieces).toBeGreaterThan(3);
    expect(text).toBe(await readTextBounded(path, { maxBytes: 1 << 20 }));
    expect(() => readTextPiecesSync(path, { maxBytes: 1000, shownPath: 'bench.txt' }, () => undefined)).toThrow(/bench\.txt/);
    expect(() => readTextPiecesSync(dir, { maxBytes: 1000, shownPath: 'the-dir' }, () => undefined)).toThrow(
      /"the-dir" is not a regular file \(a directory\)/,
    );
  });
});

describe('runCompareFiles', () => {
  const out = () => {
    let s = '';
    return {
      write: (x: string) => {
        s += x;
      },
      text: () => s,
    };
  };
  it('leaves stored runs, --repo and help to the full command, and reports bad input like it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), SAMPLE);
    for (const argv of [
      ['compare', '7'],
      ['compare', 'latest'],
      ['compare', '--repo', dir, 'a.txt'],
      ['compare', '--help'],
      ['run'],
      ['--data-dir'],
    ]) {
      expect(await runCompareFiles(argv, out(), out(), { cwd: dir }), argv.join(' ')).toBeNull();
    }
    const err = out();
    expect(await runCompareFiles(['compare', 'a.txt', '--alpha', '2'], out(), err, { cwd: dir })).toBe(2);
    expect(err.text()).toBe('perflab compare: invalid value for alpha "2": Too big: expected number to be <1\n');
    const err2 = out();
    expect(await runCompareFiles(['--data-dir', dir, 'compare', 'missing.txt', '--alpha', 'x'], out(), err2, { cwd: dir })).toBe(2);
    expect(err2.text()).toBe('perflab compare: file "missing.txt" not found\n');
    const std = out();
    expect(await runCompareFiles(['compare', 'a.txt', '--format', 'json'], std, out(), { cwd: dir })).toBe(0);
    expect(JSON.parse(std.text()).tables.length).toBeGreaterThan(0);
  });
});

describe('compareFiles collection points', () => {
  it('offers a collection once the input is prepared and between two tables, and writes the same text', async () => {
    const dir = tempDir();
    // Two packages x sec/op, B/op, allocs/op: six tables.
    const text = (slow: number) =>
      ['example.com/store/kv', 'example.com/store/index']
        .flatMap((pkg) => [
          `pkg: ${pkg}`,
          ...Array.from(
            { length: 6 },
            (_, i) => `BenchmarkPut/keys=${64 << i}-2 \t 200000\t ${(900 + i * 40) * slow} ns/op\t 512 B/op\t 4 allocs/op`,
          ),
        ])
        .join('\n') + '\n';
    writeFileSync(join(dir, 'old.txt'), text(1));
    writeFileSync(join(dir, 'new.txt'), text(1.1));
    const run = async (collect?: () => void) => {
      let stdout = '';
      const ctx = {
        stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
        stderr: { write: () => true, isTTY: false },
        env: {},
        cwd: dir,
        signal: new AbortController().signal,
        ask: null,
      };
      expect(await compareFiles(ctx as never, ['old.txt', 'new.txt'], { collect })).toBe(0);
      return stdout;
    };
    let calls = 0;
    const collected = await run(() => calls++);
    expect(collected).toBe(await run());
    expect(collected.match(/│\s+sec\/op\s+│|│\s+B\/op\s+│|│\s+allocs\/op\s+│/g)?.length).toBe(6);
    // After preparing, then before tables 2..6.
    expect(calls).toBe(1 + 5);
  });
});
