// The gate and the commit message judged by verdicts, on comparisons built by the real engine
// from Go benchmark text: undecided rows are never within budget (exit 4's status), a
// regression wins, exact 0 -> 1 allocs/op is beyond every percentage budget, strict no longer
// skips unbounded intervals, and the commit message claims nothing the rows do not decide.

import { describe, expect, it } from 'vitest';
import { compare, prepareTexts, renderText, toComparisonJson } from '../../../src/core/compare/index.js';
import { breakCommand, commitMessage, defaultScope, moduleScope } from '../../../src/core/export/commit-message.js';
import { compileBudgets } from '../../../src/core/workflow/budgets.js';
import { evaluateGate } from '../../../src/core/workflow/gate.js';
import { evaluateTargets } from '../../../src/core/workflow/targets.js';
import type { RunDetail, RunRef } from '../../../src/shared/models.js';

/** Go benchmark text: `ref:` blocks with one line per sample. */
function bench(rows: { ref: string; name: string; ns: number[]; allocs?: number[] }[]): string {
  const out: string[] = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv/store'];
  let ref = '';
  for (const r of rows) {
    if (r.ref !== ref) out.push(`ref: ${(ref = r.ref)}`);
    r.ns.forEach((ns, k) =>
      out.push(`Benchmark${r.name} 1000 ${ns} ns/op${r.allocs ? ` ${r.allocs[k] * 16} B/op ${r.allocs[k]} allocs/op` : ''}`),
    );
  }
  return `${out.join('\n')}\n`;
}

const comparisonOf = (text: string, tolerancePct?: number) => {
  const r = compare(prepareTexts([{ name: 'run 1', text }]), { col: 'ref', alpha: 0.05, confidence: 0.95 });
  return { json: toComparisonJson(r, { tolerancePct }), text: renderText(r).stdout };
};

const gate = (text: string, o: { max?: number; strict?: boolean; allow?: boolean; budgets?: Parameters<typeof compileBudgets>[0] } = {}) =>
  evaluateGate(comparisonOf(text).json, {
    runId: 1,
    budgets: o.budgets ? compileBudgets(o.budgets) : [],
    maxRegression: o.max ?? 5,
    strict: o.strict ?? false,
    allowUndecided: o.allow,
    baseLabel: 'base',
    headLabel: 'head',
  });

const n3 = bench([
  { ref: 'base', name: 'Get', ns: [1000, 1010, 990], allocs: [0, 0, 0] },
  { ref: 'head', name: 'Get', ns: [5000, 5100, 4950], allocs: [0, 0, 0] },
]);

describe('gate verdicts', () => {
  it('a 5x slowdown at n=3 is undecided, not within budget, with the count that would decide it', () => {
    const r = gate(n3);
    expect(r.status).toBe('undecided');
    expect(r.passed).toBe(false);
    const row = r.rows.find((x) => x.unit === 'sec/op')!;
    expect(row).toMatchObject({ state: 'undecided', failed: false, countNeeded: 6 });
    expect(r.text).toMatch(/^gate: head vs base \(run 1\): 1 of 3 checked rows undecided: no regression shown, none ruled out$/m);
    expect(r.text).toMatch(/^UNDECIDED Get sec\/op: n too small for alpha .*; measure with --count 6$/m);
    expect(r.text).toMatch(/rerun with --count 6, or pass --allow-undecided/);
    // exact rows decide at n=3: 0 -> 0 allocs is no change
    expect(r.rows.find((x) => x.unit === 'allocs/op')!.state).toBe('within budget');
    const allowed = gate(n3, { allow: true });
    expect(allowed.status).toBe('passed');
    expect(allowed.text).toMatch(/2 of 3 checked rows within budget; 1 undecided \(allowed by --allow-undecided\)/);
    expect(allowed.text).toMatch(/^UNDECIDED Get sec\/op/m);
  });

  it('an added allocation per op (0 -> 1) is a regression beyond any percentage budget at n=3, and wins over undecided', () => {
    const text = bench([
      { ref: 'base', name: 'Get', ns: [1000, 1300, 900], allocs: [0, 0, 0] },
      { ref: 'head', name: 'Get', ns: [1100, 950, 1200], allocs: [1, 1, 1] },
    ]);
    const r = gate(text, { max: 1000 });
    expect(r.status).toBe('failed');
    const row = r.rows.find((x) => x.unit === 'allocs/op')!;
    expect(row.state).toBe('regression');
    expect(row.verdict).toMatchObject({ state: 'slower', exact: true });
    expect(r.text).toMatch(/^FAIL Get allocs\/op: 0 -> 1 allocs\/op in every sample \(exact\), a change from 0 regresses beyond 1000\.0%/m);
    expect(r.text).toMatch(/^UNDECIDED Get sec\/op/m);
  });

  it('a decided regression beyond budget fails; within budget passes when every row is decided', () => {
    const ten = (c: number, d: number) => Array.from({ length: 10 }, (_, k) => c + ((k * 7) % 10) * d);
    const slow = bench([
      { ref: 'base', name: 'Get', ns: ten(1000, 2) },
      { ref: 'head', name: 'Get', ns: ten(1300, 2) },
    ]);
    const r = gate(slow);
    expect(r.status).toBe('failed');
    expect(r.text).toMatch(/^FAIL Get sec\/op: \+\d+\.\d+% \(p=0\.000 n=10\) regresses beyond 5\.0%/m);
    const same = bench([
      { ref: 'base', name: 'Get', ns: ten(1000, 2) },
      { ref: 'head', name: 'Get', ns: ten(1001, 2) },
    ]);
    const ok = gate(same);
    expect(ok.status).toBe('passed');
    expect(ok.text).toMatch(/all 1 checked rows within budget/);
    expect(ok.rows[0].verdict?.state).toBe('no change');
  });

  it('a gate no budget applies to checks nothing and does not pass, even over a 5x slowdown', () => {
    const ten = (c: number) => Array.from({ length: 10 }, (_, k) => c + ((k * 7) % 10) * 2);
    const slow = bench([
      { ref: 'base', name: 'Get', ns: ten(1000) },
      { ref: 'head', name: 'Get', ns: ten(5000) },
    ]);
    const opts = { runId: 1, strict: false, baseLabel: 'base', headLabel: 'head' };
    const none = evaluateGate(comparisonOf(slow).json, { ...opts, budgets: [] });
    expect(none).toMatchObject({ status: 'nothing checked', passed: false, rows: [] });
    expect(none.text).toMatch(/^gate: head vs base \(run 1\): nothing checked$/m);
    expect(none.text).toMatch(/no budget applies to any row, so nothing was checked \(exit 2\)/);
    // a budget for benchmarks this run did not measure checks nothing either
    const elsewhere = evaluateGate(comparisonOf(slow).json, {
      ...opts,
      budgets: compileBudgets({ budgets: [{ bench: '^Put$', maxRegression: { 'sec/op': 5 } }] }),
    });
    expect(elsewhere.status).toBe('nothing checked');
    // --allow-undecided does not turn nothing into a pass
    expect(evaluateGate(comparisonOf(slow).json, { ...opts, budgets: [], allowUndecided: true }).status).toBe('nothing checked');
  });

  it('strict at n<6 makes an absolute limit undecided instead of skipping it', () => {
    const text = bench([
      { ref: 'base', name: 'Get', ns: [1000, 1010, 990] },
      { ref: 'head', name: 'Get', ns: [5000, 5100, 4950] },
    ]);
    const budgets = { budgets: [{ bench: '^Get', max: { 'sec/op': '2us' } }] };
    const loose = gate(text, { budgets, strict: false });
    expect(loose.status).toBe('failed');
    const strict = evaluateGate(comparisonOf(text).json, {
      runId: 1,
      budgets: compileBudgets(budgets),
      strict: true,
      baseLabel: 'base',
      headLabel: 'head',
    });
    expect(strict.status).toBe('undecided');
    expect(strict.text).toMatch(/UNDECIDED Get sec\/op: the interval of 5\.000µ sec\/op is unbounded at n=3 .*measure with --count 6/);
  });
});

describe('commit message verdicts', () => {
  const ref = (label: string, position: number): RunRef => ({
    id: position + 1,
    label,
    name: label,
    sha: `${String(position + 1).repeat(40)}`,
    dirty: false,
    position,
    variant: null,
  });
  const run = (count: number) =>
    ({
      id: 1,
      repoId: 1,
      repoPath: '/r',
      label: '',
      status: 'completed',
      statusDetail: '',
      error: null,
      kind: 'measured',
      createdAt: '2026-12-04T00:00:00Z',
      startedAt: null,
      finishedAt: '2026-12-04T00:00:00Z',
      refs: [ref('base', 0), ref('head', 1)],
      resultCount: 0,
      failedCells: 0,
      alpha: null,
      spec: {
        repo: '/r',
        packages: ['./store'],
        bench: 'Get',
        refs: [],
        count,
        cpu: [1],
        benchtime: ['20x'],
        tags: '',
        profile: [],
        profileBenchtime: '1s',
        env: {},
        label: '',
        timeout: '10m',
        schedule: 'interleaved',
        variants: [],
        gowork: false,
      },
      environment: null,
      notes: [],
      failures: [],
      builds: [],
      schedule: [],
      processes: [],
    }) as RunDetail;
  const message = (text: string, count: number) => {
    const c = comparisonOf(text);
    return commitMessage({
      run: run(count),
      base: ref('base', 0),
      head: ref('head', 1),
      comparison: c.json,
      table: c.text,
      markdown: '',
      modulePath: 'example.com/kv',
      style: 'conventional',
      format: 'text',
    });
  };

  it('undecided data gets an honest body and no perf: claim', () => {
    const m = message(n3, 3);
    expect(m.text).not.toMatch(/no significant change/i);
    expect(m.subject).toBe('store: inconclusive benchmark results (n=3)');
    expect(m.body.replace(/\n {2}(?! )/g, ' ')).toMatch(
      /^Inconclusive at n=3 \(1 of 3 rows undecided\): with 3 samples per side the U test cannot reach p <= 0\.05 whatever the change \(spread: CV 1\.3%\); measure with --count 6\.$/m,
    );
    for (const l of m.text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(72);
    expect(m.body).toMatch(/^ {4}perflab run --ref 1{40} \\$/m);
    expect(m.body).toMatch(/^ {6}--ref 2{40} --pkg \.\/store \\\n {6}--bench Get --count 3 --benchtime 20x --cpu 1$/m);
  });

  it('the spread quoted is the row that hides the most, and tied rows are named as such', () => {
    // 0 B/op with one sporadic 5 B/op sample; the time rows noisy (CV ~10%), one of them slower
    const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv/store'];
    const ns = { base: [1000, 1100, 900, 1050, 950, 1200], head: [1010, 1150, 880, 1070, 990, 1160] };
    for (const r of ['base', 'head'] as const) {
      lines.push(`ref: ${r}`);
      ns[r].forEach((x, k) => {
        lines.push(`BenchmarkGet 1000 ${x} ns/op ${r === 'base' && k === 3 ? 5 : 0} B/op 0 allocs/op`);
        lines.push(`BenchmarkPut 1000 ${r === 'base' ? 500 + k : 900 + k} ns/op 0 B/op 0 allocs/op`);
      });
    }
    const m = message(lines.join('\n') + '\n', 6);
    const line = m.body.replace(/\n {2}(?! )/g, ' ').match(/^Inconclusive at n=6 .*$/m)?.[0] ?? '';
    expect(line).toMatch(
      /^Inconclusive at n=6 \(2 of 6 rows undecided\): the spread \(CV (\d+(\.\d)?)%\) hides changes below \d+(\.\d)?%; one row has samples tied at one value that the U test cannot separate; measure with --count \d+ for the others\.$/,
    );
    // the CV is the time row's (about 10%), not the tied B/op row's (245%)
    expect(Number(line.match(/CV (\d+(\.\d)?)%/)?.[1])).toBeLessThan(20);
    const g = gate(lines.join('\n') + '\n');
    expect(g.text).toMatch(
      /UNDECIDED Get B\/op: 11 of 12 samples are tied at 0, so the U test cannot separate the sides .*no --count can show "no change" in percent/,
    );
  });

  it('throughput lines carry their own p and n, and say how many more rows changed', () => {
    const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv/store'];
    for (const r of ['base', 'head'] as const) {
      lines.push(`ref: ${r}`);
      for (const size of [64, 256, 4096, 65536, 1048576])
        for (let k = 0; k < 6; k++) {
          const ns = (size / 400) * (r === 'base' ? 1 : 1.3) * (1 + k / 100);
          lines.push(`BenchmarkSeal/${size} 1000 ${ns} ns/op ${((size / ns) * 1e3).toFixed(2)} MB/s`);
        }
    }
    const m = message(lines.join('\n') + '\n', 6);
    const tput = m.body.split('\n').filter((l) => l.startsWith('Throughput:'));
    expect(tput).toHaveLength(5);
    for (const l of tput.slice(0, 4))
      expect(l).toMatch(/^Throughput: Seal\/\d+ [\d.]+[KMG]iB\/s -> [\d.]+[KMG]iB\/s \(-23\.\d%, p=0\.002, n=6\)$/);
    expect(tput[4]).toBe('Throughput: 1 more rows changed significantly (see the table)');
  });

  it('says no change only when every row is decided no change', () => {
    const ten = (c: number) => Array.from({ length: 10 }, (_, k) => c + ((k * 7) % 10));
    const m = message(
      bench([
        { ref: 'base', name: 'Get', ns: ten(1000), allocs: new Array(10).fill(2) },
        { ref: 'head', name: 'Get', ns: ten(1000), allocs: new Array(10).fill(2) },
      ]),
      10,
    );
    expect(m.subject).toBe('perf(store): no measurable change');
    expect(m.body).toMatch(/^No change beyond ±2% in time, throughput or memory per op\.$/m);
  });

  it('an exact allocation change is reported even where benchstat prints ~', () => {
    const m = message(
      bench([
        { ref: 'base', name: 'Get', ns: [1000, 1300, 900], allocs: [0, 0, 0] },
        { ref: 'head', name: 'Get', ns: [1100, 950, 1200], allocs: [1, 1, 1] },
      ]),
      3,
    );
    expect(m.subject).toBe('perf(store): increase allocations of Get');
    expect(m.body).toMatch(/^Memory: 0\.00B -> 16\.00B per op \(from 0\); allocs 0\.000 -> 1\.000 \(from 0\)$/m);
    expect(m.body).toMatch(/^Inconclusive at n=3 \(1 of 3 rows undecided\)/m);
  });

  it("scopes a module's root package by its name, not its major version suffix", () => {
    // Found on github.com/pierrec/lz4/v4: the subject read "perf(v4): make UncompressPg1661 10% slower".
    expect(moduleScope('github.com/pierrec/lz4/v4')).toBe('lz4');
    expect(moduleScope('gopkg.in/yaml.v3')).toBe('yaml');
    expect(moduleScope('example.com/kv')).toBe('kv');
    expect(moduleScope('v2')).toBe('v2');
    const root = bench([
      { ref: 'base', name: 'Get', ns: [1000, 1010, 990] },
      { ref: 'head', name: 'Get', ns: [1500, 1510, 1490] },
    ]).replace('pkg: example.com/kv/store', 'pkg: github.com/pierrec/lz4/v4');
    expect(defaultScope(comparisonOf(root).json, 'github.com/pierrec/lz4/v4', [])).toBe('lz4');
    const sub = root.replace('pkg: github.com/pierrec/lz4/v4', 'pkg: github.com/pierrec/lz4/v4/internal/lz4block');
    expect(defaultScope(comparisonOf(sub).json, 'github.com/pierrec/lz4/v4', [])).toBe('internal/lz4block');
  });

  it('breaks a long command with continuations and keeps flags with their values', () => {
    const lines = breakCommand(['perflab', 'run', '--ref', 'a'.repeat(40), '--ref', 'b'.repeat(40), '--bench', '.', '--count', '10']);
    expect(lines).toEqual([`    perflab run --ref ${'a'.repeat(40)} \\`, `      --ref ${'b'.repeat(40)} --bench . \\`, '      --count 10']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(72);
  });
});

describe('investigation targets by verdicts', () => {
  const ten = (c: number) => Array.from({ length: 10 }, (_, k) => c + ((k * 7) % 10));
  const target = { name: 'Get', unit: 'sec/op', improvePct: 20 };

  it('met only when decided faster with the whole interval past the goal; undecided at n=3; unmet when decided slower', () => {
    const faster = comparisonOf(
      bench([
        { ref: 'base', name: 'Get', ns: ten(1000) },
        { ref: 'head', name: 'Get', ns: ten(500) },
      ]),
    ).json;
    expect(evaluateTargets([target], faster)[0]).toMatchObject({ state: 'met', verdict: { state: 'faster' } });
    const three = comparisonOf(
      bench([
        { ref: 'base', name: 'Get', ns: [1000, 1010, 990] },
        { ref: 'head', name: 'Get', ns: [500, 505, 495] },
      ]),
    ).json;
    expect(evaluateTargets([target], three)[0]).toMatchObject({
      state: 'undecided',
      verdict: { state: 'undecided', reason: 'n too small for alpha' },
    });
    const slower = comparisonOf(
      bench([
        { ref: 'base', name: 'Get', ns: ten(1000) },
        { ref: 'head', name: 'Get', ns: ten(1100) },
      ]),
    ).json;
    expect(evaluateTargets([target], slower)[0]).toMatchObject({ state: 'unmet', verdict: { state: 'slower' } });
  });

  it('an exact allocation target is decided at n=3', () => {
    const t = { name: 'Get', unit: 'allocs/op', improvePct: 50 };
    const c = comparisonOf(
      bench([
        { ref: 'base', name: 'Get', ns: [1000, 1010, 990], allocs: [4, 4, 4] },
        { ref: 'head', name: 'Get', ns: [1000, 1010, 990], allocs: [1, 1, 1] },
      ]),
    ).json;
    expect(evaluateTargets([t], c)[0]).toMatchObject({ state: 'met', verdict: { state: 'faster', exact: true } });
  });
});
