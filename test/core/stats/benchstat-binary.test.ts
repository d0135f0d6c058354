// End to end against the real benchstat binary (pinned in test/helpers/benchstat.ts): random
// benchmark files go through `benchstat -format csv` at several levels, and every center, CI
// percentage, delta, p-value and footnote benchstat prints must follow from src/core/stats.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSamples, formatGoFloat, summarize, type Summary } from '../../../src/core/stats/index.js';
import { runBenchstat } from '../../helpers/benchstat.js';
import { intIn, pair, prng, type Shape } from './gen.js';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perflab-stats-bs-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Go's %.Nf: exact binary value, ties to even (toFixed breaks ties upward). */
function goFixed(x: number, digits: number): string {
  const scaled = x * 10 ** digits;
  if (Number.isFinite(scaled) && Math.abs(scaled % 1) === 0.5 && Math.abs(scaled) < 2 ** 52) {
    const down = Math.trunc(scaled);
    const even = down % 2 === 0 ? down : down + Math.sign(scaled);
    return (even / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

/** benchstat's `± x%` text of a summary (PctRangeString). */
function pctRange(s: Summary): string {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return '∞';
  const sign = (x: number) => Math.sign(x);
  if (sign(s.center) !== sign(s.lo) || sign(s.center) !== sign(s.hi)) return '?';
  if (s.center === 0) return '0%';
  return `${goFixed(100 * Math.max(s.hi / s.center - 1, 1 - s.lo / s.center), 0)}%`;
}

interface Bench {
  readonly name: string;
  readonly old: number[];
  readonly new: number[];
}

async function writeFiles(benches: readonly Bench[]): Promise<void> {
  const head = 'goos: linux\ngoarch: amd64\npkg: example.com/p\n';
  const lines = (pick: (b: Bench) => number[]) => benches.flatMap((b) => pick(b).map((v) => `Benchmark${b.name}-8 \t 1000 \t ${v} ns/op`));
  await fs.writeFile(path.join(dir, 'old.txt'), head + lines((b) => b.old).join('\n') + '\n');
  await fs.writeFile(path.join(dir, 'new.txt'), head + lines((b) => b.new).join('\n') + '\n');
}

describe('benchstat binary', () => {
  it('every printed figure follows from src/core/stats (csv, three levels, 60 benchmarks)', async () => {
    const rand = prng(77);
    const shapes: Shape[] = ['continuous', 'tied', 'mixed'];
    const benches: Bench[] = Array.from({ length: 60 }, (_, i) => {
      const [a, b] = pair(rand, intIn(rand, 1, 30), intIn(rand, 1, 30), shapes[i % 3]);
      // ns/op in the file; keep a few digits so the text round-trips exactly
      const ns = (xs: number[]) => xs.map((x) => (x < 1 ? Number((x * 1e9).toFixed(3)) : x));
      return { name: `Case${i}`, old: ns(a), new: ns(b) };
    });
    await writeFiles(benches);
    let checked = 0;
    for (const [confidence, alpha] of [
      [0.95, 0.05],
      [0.9, 0.1],
      [0.999, 0.01],
    ] as const) {
      const out = await runBenchstat(
        ['-format', 'csv', '-confidence', String(confidence), '-alpha', String(alpha), 'old.txt', 'new.txt'],
        dir,
      );
      expect(out.exitCode, out.stderr).toBe(0);
      const lines = out.stdout.split('\n');
      const warnings = [...out.stdout.split('\n'), ...out.stderr.split('\n')].flatMap((l) => {
        const m = /^([A-G])(\d+): (.*)$/.exec(l);
        return m ? [{ col: m[1], row: Number(m[2]), text: m[3] }] : [];
      });
      benches.forEach((b) => {
        const rowIndex = lines.findIndex((l) => l.startsWith(`${b.name}-8,`));
        expect(rowIndex, b.name).toBeGreaterThan(0);
        const cells = lines[rowIndex].split(',');
        const old = b.old.map((v) => v * 1e-9);
        const neu = b.new.map((v) => v * 1e-9);
        const so = summarize(old, { confidence });
        const sn = summarize(neu, { confidence });
        const cmp = compareSamples(old, neu, { alpha });
        const label = `${b.name} @${confidence}`;
        expect(cells[1], label).toBe(formatGoFloat(so.center));
        expect(cells[2], label).toBe(pctRange(so));
        expect(cells[3], label).toBe(formatGoFloat(sn.center));
        expect(cells[4], label).toBe(pctRange(sn));
        const delta = !cmp.significant
          ? '~'
          : so.center === sn.center
            ? '0.00%'
            : `${sn.center / so.center - 1 >= 0 ? '+' : ''}${goFixed((sn.center / so.center - 1) * 100, 2)}%`;
        expect(cells[5], label).toBe(delta);
        const n = old.length === neu.length ? `n=${old.length}` : `n=${old.length}+${neu.length}`;
        // benchstat leaves p out when it is exactly 0 (with ties that happens: see docs)
        expect(cells[6], label).toBe(cmp.p === 0 ? n : `p=${goFixed(cmp.p, 3)} ${n}`);
        const row = rowIndex + 1;
        const theirs = (col: string) => warnings.filter((w) => w.row === row && w.col === col).map((w) => w.text);
        expect(theirs('B'), label).toEqual(so.warnings);
        expect(theirs('D'), label).toEqual(sn.warnings);
        expect(theirs('F'), label).toEqual(cmp.warnings);
        checked++;
      });
    }
    expect(checked).toBe(180);
    // constant samples on both sides, completely separated: the tie-conditional null cannot
    // produce U = 0, so benchstat's p is exactly 0
    expect(compareSamples(Array(9).fill(100), Array(13).fill(99), { alpha: 0.05 }).p).toBe(0);
  });

  it('prints the documented corner cases as we compute them (text format)', async () => {
    await writeFiles([
      { name: 'Tie', old: [1], new: [1, 2] },
      { name: 'Tie3', old: [1], new: [1, 1, 2] },
      { name: 'Same', old: [7, 7, 7, 7], new: [7, 7, 7, 7] },
    ]);
    const out = await runBenchstat(['old.txt', 'new.txt'], dir);
    expect(compareSamples([1e-9], [1e-9, 2e-9], { alpha: 0.05 }).p.toFixed(3)).toBe('1.333');
    expect(out.stdout).toContain('~ (p=1.333 n=1+2)');
    expect(out.stdout).toContain('~ (p=1.500 n=1+3)');
    expect(out.stdout).toContain('~ (p=1.000 n=4)');
    for (const text of [
      'need >= 6 samples for confidence interval at level 0.95',
      'need >= 4 samples to detect a difference at alpha level 0.05',
      'all samples are equal',
    ]) {
      expect(out.stdout).toContain(text);
    }
    expect(compareSamples([7, 7, 7, 7], [7, 7, 7, 7], { alpha: 0.05 }).warnings).toEqual(['all samples are equal']);
  });
});
