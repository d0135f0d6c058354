// A run's results for continuous-benchmarking services, through the CLI on an imported run:
// github-action-benchmark's custom tools (smaller and bigger is better, their documented
// fields name/unit/value/range/extra) and Bencher's Metric Format (benchmark -> measure ->
// value/lower_value/upper_value, sec/op as the built-in latency measure in ns), the values
// being the medians benchstat prints; and `gate --format junit|markdown` on the same run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/fixture-repo.js';
import { parseXml } from '../../helpers/xml.js';

function benchText(nsPerOp: number[], mbPerS: number[], allocs: number): string {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv/codec', 'cpu: Test CPU'];
  nsPerOp.forEach((ns, i) =>
    lines.push(`BenchmarkDecode/size=1k-8\t100000\t${ns} ns/op\t${mbPerS[i]} MB/s\t512 B/op\t${allocs} allocs/op`),
  );
  return `${lines.join('\n')}\nPASS\n`;
}

const base = [1010, 1000, 990, 1005, 995, 1002, 998, 1001, 999, 1003];
const head = base.map((v) => v * 1.5);

async function importedRun(): Promise<{ data: string; run: string }> {
  const dir = tempDir('perflab-ci-');
  const data = join(dir, 'data');
  writeFileSync(
    join(dir, 'old.txt'),
    benchText(
      base,
      base.map((v) => 1e6 / v),
      3,
    ),
  );
  writeFileSync(
    join(dir, 'new.txt'),
    benchText(
      head,
      head.map((v) => 1e6 / v),
      4,
    ),
  );
  const r = await cli(['--data-dir', data, 'import', join(dir, 'old.txt'), join(dir, 'new.txt')]);
  expect(r.code, r.stderr).toBe(0);
  return { data, run: 'latest' };
}

describe('CI exports of a run', () => {
  it('github-action-benchmark: lower-is-better units in one file, higher-is-better in the other, medians with their interval', async () => {
    const { data, run } = await importedRun();
    const smaller = await cli(['--data-dir', data, 'show', run, '--format', 'github-action-benchmark']);
    expect(smaller.code, smaller.stderr).toBe(0);
    const entries = JSON.parse(smaller.stdout) as { name: string; unit: string; value: number; range?: string; extra: string }[];
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['name', 'unit', 'value', 'extra']));
    expect(new Set(entries.map((e) => e.unit))).toEqual(new Set(['sec/op', 'B/op', 'allocs/op']));
    const time = entries.filter((e) => e.unit === 'sec/op');
    expect(time).toHaveLength(2);
    expect(time[0].name).toMatch(/^BenchmarkDecode\/size=1k-8 \[.*old\.txt\] - sec\/op$/);
    expect(time[0].value).toBeCloseTo(1000.5e-9, 15);
    expect(time[1].value).toBeCloseTo(1000.5e-9 * 1.5, 15);
    expect(time[0].range).toMatch(/^± \d/);
    expect(time[0].extra).toContain('n=10');
    const bigger = JSON.parse((await cli(['--data-dir', data, 'show', run, '--format', 'github-action-benchmark-bigger'])).stdout) as {
      unit: string;
    }[];
    expect(bigger.map((e) => e.unit)).toEqual(['B/s', 'B/s']);
  });

  it('Bencher Metric Format: latency in ns with bounds, other units as their own measures', async () => {
    const { data, run } = await importedRun();
    const r = await cli(['--data-dir', data, 'show', run, '--format', 'bmf']);
    expect(r.code, r.stderr).toBe(0);
    const bmf = JSON.parse(r.stdout) as Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;
    const names = Object.keys(bmf);
    expect(names).toHaveLength(2);
    const old = bmf[names.find((n) => n.includes('old.txt'))!];
    expect(Object.keys(old).sort()).toEqual(['B/op', 'B/s', 'allocs/op', 'latency']);
    expect(old.latency.value).toBeCloseTo(1000.5, 6);
    expect(old.latency.lower_value!).toBeLessThanOrEqual(old.latency.value);
    expect(old.latency.upper_value!).toBeGreaterThanOrEqual(old.latency.value);
    expect(old['allocs/op']).toMatchObject({ value: 3 });
  });

  it('gate --format junit and markdown carry the gate verdict and keep its exit code', async () => {
    const { data, run } = await importedRun();
    const junit = await cli(['--data-dir', data, 'gate', run, '--max-regression', '5', '--format', 'junit']);
    expect(junit.code, junit.stderr).toBe(1);
    const suite = parseXml(junit.stdout).children[0];
    const failed = suite.children.filter((c) => c.children.some((f) => f.name === 'failure'));
    expect(failed.map((c) => `${c.attrs.name} ${c.attrs.classname}`)).toEqual(
      expect.arrayContaining(['Decode/size=1k-8 perflab.gate.sec/op', 'Decode/size=1k-8 perflab.gate.allocs/op']),
    );
    expect(Number(suite.attrs.tests)).toBe(suite.children.length);
    const md = await cli(['--data-dir', data, 'gate', run, '--max-regression', '5', '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^### perflab gate: /);
    expect(md.stdout).toContain('**Regression**');
    // no budget: nothing checked is exit 2 in every format, never a green pass
    const none = await cli(['--data-dir', data, 'gate', run]);
    expect(none.code, none.stdout + none.stderr).toBe(2);
    expect(none.stdout).toMatch(/: nothing checked\nno budget applies to any row/);
    const noneJunit = await cli(['--data-dir', data, 'gate', run, '--format', 'junit']);
    expect(noneJunit.code).toBe(2);
    expect(parseXml(noneJunit.stdout).children[0].attrs.errors).toBe('1');
    const bad = await cli(['--data-dir', data, 'gate', run, '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"xml"');
  });
});
