// The optimize loop's texts, on comparisons built by the real engine from Go benchmark text:
// the improvements commit message (figures, "% faster"/"% reduction"/"% higher", undecided rows
// claim nothing), trailers, targets as text and as a Markdown table (round trip, 0 allowed, any
// unit), and the failing test names read from `go test -json`.
import { describe, expect, it } from 'vitest';
import { compare, prepareTexts, toComparisonJson } from '../../../src/core/compare/index.js';
import { improvementsMessage, parseTrailer } from '../../../src/core/export/improvements-message.js';
import { parseTestEvents } from '../../../src/core/go/go-test-json.js';
import { parseTargetText, targetsFromMarkdown, targetsToMarkdown } from '../../../src/core/workflow/target-syntax.js';
import { evaluateTargets } from '../../../src/core/workflow/targets.js';
import { matchRunRef } from '../../../src/shared/ref-match.js';

function bench(rows: { ref: string; ns: number[]; bytes: number[]; allocs: number[]; mbs?: number[] }[]): string {
  const out = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv/store'];
  for (const r of rows) {
    out.push(`ref: ${r.ref}`);
    r.ns.forEach((ns, k) =>
      out.push(`BenchmarkGet 1000 ${ns} ns/op${r.mbs ? ` ${r.mbs[k]} MB/s` : ''} ${r.bytes[k]} B/op ${r.allocs[k]} allocs/op`),
    );
  }
  return `${out.join('\n')}\n`;
}
const comparison = (text: string) =>
  toComparisonJson(compare(prepareTexts([{ name: 'run 1', text }]), { col: 'ref', alpha: 0.05, confidence: 0.95 }));

const decided = bench([
  {
    ref: 'base',
    ns: [1000, 1010, 990, 1005, 995, 1000],
    bytes: [4096, 4096, 4096, 4096, 4096, 4096],
    allocs: [3, 3, 3, 3, 3, 3],
    mbs: [100, 101, 99, 100, 100, 100],
  },
  {
    ref: 'head',
    ns: [400, 404, 396, 402, 398, 400],
    bytes: [0, 0, 0, 0, 0, 0],
    allocs: [0, 0, 0, 0, 0, 0],
    mbs: [250, 251, 249, 250, 250, 250],
  },
]);

describe('the improvements commit message', () => {
  it('has the fixed shape, with X = (before - after) / before', () => {
    const m = improvementsMessage({
      comparison: comparison(decided),
      component: 'store lookups',
      trailers: ['Co-Authored-By: A <a@b>', 'Signed-off-by: B <b@c>'],
    });
    expect(m.text).toBe(
      [
        'perf: optimize store lookups',
        '',
        'Improvements:',
        '- Speed: 1.000µs → 400.0ns (60% faster)',
        '- Throughput: 95.37MiB/s → 238.4MiB/s (150% higher)',
        '- Memory: 4.000KiB → 0B (100% reduction)',
        '- Allocations: 3 → 0 (100% reduction)',
        '',
        'Co-Authored-By: A <a@b>',
        'Signed-off-by: B <b@c>',
        '',
      ].join('\n'),
    );
  });

  it('claims nothing for an undecided row and says what would decide it', () => {
    const n3 = bench([
      { ref: 'base', ns: [1000, 1010, 990], bytes: [64, 64, 64], allocs: [1, 1, 1] },
      { ref: 'head', ns: [500, 505, 495], bytes: [64, 64, 64], allocs: [1, 1, 1] },
    ]);
    const m = improvementsMessage({ comparison: comparison(n3), component: 'store', trailers: [] });
    expect(m.text).toMatch(/^- Speed: 1\.000µs → 500\.0ns \(undecided; measure with --count \d+: no claim made\)$/m);
    expect(m.text).not.toMatch(/faster/);
    expect(m.text).toMatch(/^- Allocations: 1 → 1 \(no change, within ±\d+%\)$/m);
    expect(m.text.endsWith('\n')).toBe(true);
  });

  it('reads trailers as Key: value on one line', () => {
    expect(parseTrailer('Co-Authored-By: A <a@b>')).toBe('Co-Authored-By: A <a@b>');
    expect(parseTrailer('no colon here')).toBeNull();
    expect(parseTrailer(': value')).toBeNull();
  });
});

describe('targets', () => {
  it('takes any unit, absolute (0 allowed) or relative, with or without a name', () => {
    expect(parseTargetText('allocs/op<=0')).toEqual({ name: '.', unit: 'allocs/op', max: 0 });
    const us = parseTargetText('Parse:sec/op<=50µs');
    expect(us).toMatchObject({ name: 'Parse', unit: 'sec/op' });
    expect(us.max).toBeCloseTo(50e-6, 12);
    expect(parseTargetText('B/s>=100MB')).toEqual({ name: '.', unit: 'B/s', min: 100e6 });
    expect(parseTargetText('Parse:-20%')).toEqual({ name: 'Parse', unit: 'sec/op', improvePct: 20 });
    expect(parseTargetText('Parse:B/op:-30%')).toEqual({ name: 'Parse', unit: 'B/op', improvePct: 30 });
    expect(parseTargetText('B/op:-30%')).toEqual({ name: '.', unit: 'B/op', improvePct: 30 });
    expect(parseTargetText('Parse:rows/s>=1000')).toEqual({ name: 'Parse', unit: 'rows/s', min: 1000 });
    expect(() => parseTargetText('Parse:sec/op<=fast')).toThrow(/the limit "fast" is not a number/);
    expect(() => parseTargetText('Parse:sec/op<=-1')).toThrow(/0 or more|not a number/);
  });

  it('round-trips through a Markdown table', () => {
    const ts = [
      parseTargetText('Get:sec/op<=0.0005'),
      parseTargetText('allocs/op<=0'),
      parseTargetText('Get:-20%'),
      parseTargetText('a|b:B/s>=5'),
    ];
    const md = targetsToMarkdown(ts);
    expect(md.split('\n').slice(0, 3)).toEqual(['| benchmark | unit | target |', '| --- | --- | --- |', '| Get | sec/op | <= 0.0005 |']);
    expect(targetsFromMarkdown(md, 'targets.md')).toEqual(ts);
    expect(() => targetsFromMarkdown('# nothing\n', 'empty.md')).toThrow(/no target rows/);
  });

  it('gives every kind of target the same sign of distance: negative on its side, positive short of it', () => {
    const c = comparison(decided);
    // head: 400 ns/op, 250 MB/s
    const [upper, lower, shortOf] = evaluateTargets(
      [parseTargetText('Get:sec/op<=0.0000005'), parseTargetText('Get:B/s>=200MB'), parseTargetText('Get:B/s>=300MB')],
      c,
    );
    expect(upper).toMatchObject({ state: 'met', distancePct: -20 });
    expect(lower).toMatchObject({ state: 'met', distancePct: -25 });
    expect(shortOf.state).toBe('unmet');
    expect(shortOf.distancePct).toBeCloseTo(16.67, 2);
  });

  it('judges allocs/op<=0 on exact samples, and says how many rounds an interval needs', () => {
    const c = comparison(decided);
    const [allocs] = evaluateTargets([parseTargetText('allocs/op<=0')], c);
    expect(allocs).toMatchObject({ state: 'met', current: 0, distancePct: 0 });
    const n3 = comparison(
      bench([
        { ref: 'base', ns: [1000, 1010, 990], bytes: [64, 64, 64], allocs: [1, 1, 1] },
        { ref: 'head', ns: [500, 505, 495], bytes: [64, 64, 64], allocs: [1, 1, 1] },
      ]),
    );
    const [limit, rel, zero] = evaluateTargets(
      [parseTargetText('sec/op<=0.0000006'), parseTargetText('Get:-40%'), parseTargetText('allocs/op<=0')],
      n3,
    );
    expect(limit).toMatchObject({ state: 'undecided', countNeeded: 6 });
    expect(rel.state).toBe('undecided');
    expect(rel.countNeeded).toBeGreaterThanOrEqual(4);
    expect(zero).toMatchObject({ state: 'unmet', countNeeded: null });
  });

  it('a decided improvement whose interval still straddles the goal says how many samples would clear it', () => {
    // as x/crypto's chacha20 fix at n=8: decided faster (about -16%), but the delta interval
    // [-25%, -5%] reaches back across a -10% goal
    const ns = (base: number, k: number) => base * (1 + ((k * 37) % 17) / 40);
    const zeros = new Array<number>(8).fill(0);
    const c = comparison(
      bench([
        { ref: 'base', ns: Array.from({ length: 8 }, (_, k) => ns(1000, k)), bytes: zeros, allocs: zeros },
        { ref: 'head', ns: Array.from({ length: 8 }, (_, k) => ns(790, k + 3)), bytes: zeros, allocs: zeros },
      ]),
    );
    const [t] = evaluateTargets([parseTargetText('Get:-10%')], c);
    expect(t.verdict?.state).toBe('faster');
    expect(t.state).toBe('undecided');
    // the interval reaches 0.109 past the estimate 0.843, 0.057 short of the goal 0.9: 8 * (0.109 / 0.057)^2, 29
    expect(t.countNeeded).toBe(29);
    // met well clear of the goal: no count
    const [met] = evaluateTargets([parseTargetText('Get:-2%')], c);
    expect(met).toMatchObject({ state: 'met', countNeeded: null });
  });
});

describe('a snapshot selects its column', () => {
  it('by its id or a prefix of 7+ digits, also as snapshot:ID, where the commit prefix fits both columns', () => {
    const head = 'b'.repeat(40);
    const refs = [
      { label: head, name: head, sha: head, dirty: false },
      {
        label: 'snapshot:0ededa847c39',
        name: `snapshot:0ededa847c39${'a'.repeat(28)}`,
        sha: head,
        dirty: true,
        snapshot: `0ededa847c39${'a'.repeat(28)}`,
      },
    ];
    expect(matchRunRef(refs, '0ededa8').label).toBe('snapshot:0ededa847c39');
    expect(matchRunRef(refs, 'snapshot:0ededa847c39').label).toBe('snapshot:0ededa847c39');
    expect(() => matchRunRef(refs, 'bbbbbbb')).toThrow(/matches|several|ambiguous/i);
    expect(() => matchRunRef(refs, '0ededa')).toThrow();
  });
});

describe('go test -json', () => {
  it('names the failing tests (subtests too) and keeps their output, bounded', () => {
    const ev = (o: object) => JSON.stringify(o);
    const text = [
      ev({ Action: 'run', Package: 'ex/words', Test: 'TestCount' }),
      ev({ Action: 'output', Package: 'ex/words', Test: 'TestCount', Output: '    words_test.go:20: Count("a\\tb") = 1, want 2\n' }),
      ev({ Action: 'fail', Package: 'ex/words', Test: 'TestCount' }),
      ev({ Action: 'pass', Package: 'ex/words', Test: 'TestOther' }),
      'not json',
      ev({ Action: 'fail', Package: 'ex/words' }),
      ev({ Action: 'pass', Package: 'ex/report' }),
      ev({ Action: 'output', Package: 'ex/broken', Output: 'build failed\n' }),
      ev({ Action: 'fail', Package: 'ex/broken' }),
    ].join('\n');
    const r = parseTestEvents(text);
    expect(r.passed).toBe(false);
    expect(r.failed).toEqual(['ex/words.TestCount', 'ex/broken']);
    expect(r.summary).toContain('Count("a\\tb") = 1, want 2');
    expect(r.packages).toBe(3);
    expect(parseTestEvents(ev({ Action: 'pass', Package: 'ex/words' })).passed).toBe(true);
  });
});
