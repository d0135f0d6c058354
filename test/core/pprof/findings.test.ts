// Findings from a set of profiles: ranking by flat and cum share, hottest line, the change
// against a base ref, categories per kind, and the Markdown layout of a perf issue.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeProfileSync, findingsFromProfiles, topTable } from '../../../src/core/pprof/index.js';
import { realProfiles, type RealProfiles } from './helpers/real-profiles.js';
import { textProfile } from './helpers/text-profile.js';

let real: RealProfiles;
beforeAll(async () => { real = await realProfiles(); });

describe('findingsFromProfiles', () => {
  it('ranks by flat, adds cum-heavy non-umbrella functions, and compares with the base ref', () => {
    const head = textProfile(`
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX;pkg.parse;pkg.scan 60
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX;pkg.parse;pkg.alloc 30
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX;pkg.tiny 1
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX 9
    `);
    const base = textProfile(`
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX;pkg.parse;pkg.scan 40
      runtime.goexit;testing.(*B).runN;pkg.BenchmarkX 60
    `);
    const r = findingsFromProfiles({
      runId: 7,
      baseRef: 'main',
      profiles: [
        { profile: head, benchmark: 'BenchmarkX', ref: 'feature', kind: 'cpu' },
        { profile: base, benchmark: 'BenchmarkX', ref: 'main', kind: 'cpu' },
      ],
    });
    const names = r.findings.map((f) => `${f.rankedBy}:${f.func}`);
    expect(names).toEqual(['cum:pkg.parse', 'flat:pkg.scan', 'flat:pkg.alloc', 'flat:pkg.BenchmarkX']);
    const scan = r.findings.find((f) => f.func === 'pkg.scan')!;
    expect(scan).toMatchObject({ category: 'cpu', share: 0.6, cumShare: 0.6, baseShare: 0.4, baseCumShare: 0.4, refLabel: 'feature', baseRefLabel: 'main', location: 'pkg/pkg_scan.go:11', flat: 60, total: 100 });
    expect(r.findings.find((f) => f.func === 'pkg.alloc')!.baseShare).toBe(0);
    // Nothing is reported for the base ref itself, nor below 2% flat.
    expect(r.findings.every((f) => f.refLabel === 'feature')).toBe(true);
    expect(names).not.toContain('flat:pkg.tiny');
    expect(r.markdown).toContain('## 2. cpu: `pkg.scan` — 60.0% in BenchmarkX');
    expect(r.markdown).toContain('up from 40.0% at `main` (+20.0 pp)');
  });

  it('real profiles: cpu, allocation, lock contention and blocking findings with file:line', () => {
    const load = (f: string) => decodeProfileSync(readFileSync(f));
    const cpu = load(real.cpu), cpu2 = load(real.cpu2);
    const r = findingsFromProfiles({
      runId: 3,
      baseRef: 'base',
      profiles: [
        { profile: cpu, benchmark: 'pprofgen', ref: 'head', kind: 'cpu' },
        { profile: cpu2, benchmark: 'pprofgen', ref: 'base', kind: 'cpu' },
        { profile: load(real.mem), benchmark: 'pprofgen', ref: 'head', kind: 'mem' },
        { profile: load(real.mutex), benchmark: 'pprofgen', ref: 'head', kind: 'mutex' },
        { profile: load(real.block), benchmark: 'pprofgen', ref: 'head', kind: 'block' },
      ],
    });
    const cats = new Set(r.findings.map((f) => f.category));
    expect(cats).toEqual(new Set(['cpu', 'allocation', 'lock contention', 'blocking']));
    const top = topTable(cpu);
    for (const f of r.findings.filter((x) => x.category === 'cpu' && x.rankedBy === 'flat')) {
      const row = top.rows.find((x) => x.name === f.func)!;
      expect(f.share).toBeCloseTo(row.flat / top.total, 12);
      expect(f.baseShare).not.toBeNull();
    }
    const alloc = r.findings.find((f) => f.category === 'allocation' && f.func === 'example.com/pprofgen.BuildMap');
    expect(alloc?.location).toMatch(/^example\.com\/pprofgen\/work\.go:\d+$/);
    expect(alloc?.sampleType.type).toBe('alloc_space');
    expect(alloc?.baseShare).toBeNull();
    for (const h of ['**Problem.**', '**Location.**', '**Proposed fix.** _Left for the engineer._ Evidence:', '**Impact.**', '**Notes.** needs benchmark']) {
      expect(r.markdown).toContain(h);
    }
  });

  it('says so when nothing stands out', () => {
    const r = findingsFromProfiles({ runId: 1, profiles: [] });
    expect(r.findings).toEqual([]);
    expect(r.markdown).toContain('No hot spot');
  });
});
