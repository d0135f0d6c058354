// Finishing findings: locations checked against the profiled commit's files, the source line
// refining a generic allocation, earlier perf commits noted (and a finding such a commit
// clearly made left out), compiler notes in the body, and related Low/Medium allocation
// findings grouped into one tracker issue (by function, else by file) when together they
// reach Medium.
import { describe, expect, it } from 'vitest';
import { addressedBy, finishFindings } from '../../../src/core/pprof/findings-finish.js';
import type { FindingDraft, FindingsDrafts } from '../../../src/core/pprof/findings.js';
import { impactOf } from '../../../src/core/pprof/findings.js';
import { ruleFor } from '../../../src/core/pprof/findings-rules.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCompilerOutput } from '../../../src/core/compiler/compiler-notes.js';
import { diffCompilerNotes } from '../../../src/core/compiler/compiler-diff.js';
import { FIXTURES } from '../../helpers/fixture-repo.js';

const MEM = { type: 'alloc_space', unit: 'bytes' };

function draft(
  func: string,
  file: string,
  line: number,
  share: number,
  pattern: FindingDraft['pattern'] = 'append',
  bench = 'BenchmarkParse',
): FindingDraft {
  return {
    category: pattern === 'open' ? 'redundant I/O' : 'allocation',
    file,
    line,
    function: `example.com/m/${func}`,
    impact: impactOf([share]),
    share,
    pattern,
    callee: pattern === 'append' ? 'runtime.growslice' : '',
    benchCount: 1,
    benchmarks: [{ name: bench, ref: 'main', kind: 'mem', sampleType: MEM, share, value: share * 1000, total: 1000, callee: '' }],
  };
}

function drafts(...ds: FindingDraft[]): FindingsDrafts {
  return { runId: 9, modulePath: 'example.com/m', drafts: ds, hotLines: [], hotFunctions: [], profileCount: 2 };
}

describe('finishFindings', () => {
  it('groups Low allocation findings of one function into one Medium issue; a High one stays alone', () => {
    const r = finishFindings(
      drafts(
        draft('parse.Parse', 'parse/parse.go', 30, 0.03),
        draft('parse.Parse', 'parse/parse.go', 41, 0.03, 'alloc'),
        draft('parse.Split', 'parse/split.go', 12, 0.4),
      ),
      { sourceLine: (f, l) => (f === 'parse/parse.go' && l === 41 ? '\tkey := string(b[:n])' : undefined) },
    );
    expect(r.findings.map((f) => `${f.impact} ${f.location} ${f.issue === null ? '-' : f.issue}`)).toEqual([
      'High parse/split.go:12 perf: preallocate the slice grown by append in Split (parse/split.go:12)',
      'Low parse/parse.go:30 perf: reduce allocations in Parse (parse/parse.go: lines 30, 41)',
      'Low parse/parse.go:41 perf: reduce allocations in Parse (parse/parse.go: lines 30, 41)',
    ]);
    // The source line told the generic allocation's pattern: a conversion.
    expect(r.findings[2].title).toMatch(/avoid the string\/\[\]byte conversion/);
    expect(r.issues.map((i) => [i.title, i.impact, i.locations])).toEqual([
      ['perf: preallocate the slice grown by append in Split (parse/split.go:12)', 'High', ['parse/split.go:12']],
      ['perf: reduce allocations in Parse (parse/parse.go: lines 30, 41)', 'Medium', ['parse/parse.go:30', 'parse/parse.go:41']],
    ]);
    const body = r.issues[1].body;
    expect([...body.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Problem', 'Location', 'Proposed Fix', 'Impact', 'Notes']);
    expect(body).toContain('make([]T, 0, len(in))');
    expect(body).toContain('bytes.Equal');
    expect(body).toContain('needs benchmark');
    expect(r.markdown).toContain('# perf: reduce allocations in Parse (parse/parse.go: lines 30, 41)');
  });

  it("a go statement's allocation is the goroutine per call: one concurrency finding with the CPU profile's newproc evidence", () => {
    const CPU = { type: 'cpu', unit: 'nanoseconds' };
    const mem = draft('fanout.Checksums', 'fanout/fanout.go', 15, 0.95, 'alloc', 'BenchmarkChecksums');
    const cpu: FindingDraft = {
      ...draft('fanout.Checksums', 'fanout/fanout.go', 15, 0.22, 'goroutine', 'BenchmarkChecksums'),
      category: 'concurrency',
      callee: 'runtime.newproc -> runtime.newproc1',
      benchmarks: [
        {
          name: 'BenchmarkChecksums',
          ref: 'main',
          kind: 'cpu',
          sampleType: CPU,
          share: 0.22,
          value: 22,
          total: 100,
          callee: 'runtime.newproc',
        },
      ],
    };
    const line = (f: string, l: number) => (f === 'fanout/fanout.go' && l === 15 ? '\t\tgo func(i int, b []byte) {' : undefined);
    const both = finishFindings(drafts(mem, cpu), { sourceLine: line });
    expect(both.findings.map((f) => `${f.impact} ${f.category} ${f.location}`)).toEqual(['High concurrency fanout/fanout.go:15']);
    const f = both.findings[0];
    expect(f.title).toMatch(/avoid a goroutine per operation/);
    expect(f.share).toBe(0.95);
    expect(f.benchmarks.map((b) => b.kind)).toEqual(['mem', 'cpu']);
    expect(f.body).toMatch(/starts a goroutine per item \(runtime\.newproc\)/);
    // The heap profile alone (a CPU profile too short to catch newproc) tells the same finding.
    const memOnly = finishFindings(drafts(mem), { sourceLine: line });
    expect(memOnly.findings.map((x) => `${x.category} ${x.location}`)).toEqual(['concurrency fanout/fanout.go:15']);
    expect(memOnly.findings[0].body).toMatch(/the go statement allocates the goroutine's closure\)/);
    // Without the source, an allocation stays an allocation.
    expect(finishFindings(drafts(mem)).findings.map((x) => x.category)).toEqual(['allocation']);
  });

  it('groups by file what is alone in its function, and files nothing for a group still Low', () => {
    const byFile = finishFindings(drafts(draft('parse.A', 'parse/parse.go', 5, 0.04), draft('parse.B', 'parse/parse.go', 50, 0.04)));
    expect(byFile.issues.map((i) => i.title)).toEqual(['perf: reduce allocations in parse/parse.go (A, B)']);
    const low = finishFindings(drafts(draft('parse.A', 'parse/parse.go', 5, 0.015), draft('parse.A', 'parse/parse.go', 9, 0.015)));
    expect(low.issues).toEqual([]);
    expect(low.findings.every((f) => f.issue === null)).toBe(true);
  });

  it('leaves out a location the profiled commit does not have, and says why', () => {
    const r = finishFindings(
      drafts(
        draft('parse.A', 'parse/gen.go', 5, 0.5),
        draft('parse.B', 'parse/parse.go', 80, 0.5),
        draft('parse.C', 'parse/parse.go', 8, 0.5),
      ),
      {
        lineCount: (f) => (f === 'parse/parse.go' ? 60 : null),
        checkedAt: 'main (1a2b3c4d5e6f)',
      },
    );
    expect(r.findings.map((f) => f.location)).toEqual(['parse/parse.go:8']);
    expect(r.skipped).toEqual([
      {
        location: 'parse/gen.go:5',
        function: 'example.com/m/parse.A',
        reason: 'parse/gen.go is not in the repository at main (1a2b3c4d5e6f)',
      },
      { location: 'parse/parse.go:80', function: 'example.com/m/parse.B', reason: 'parse/parse.go has 60 lines at main (1a2b3c4d5e6f)' },
    ]);
    expect(r.markdown).toContain('Left out:');
  });

  it('notes earlier perf commits of the function; one that clearly made the change leaves the finding out', () => {
    const commits = {
      A: [{ sha: 'a'.repeat(40), subject: 'perf(parse): faster A' }],
      B: [{ sha: 'b'.repeat(40), subject: 'perf(parse): preallocate the output of B' }],
    };
    const r = finishFindings(drafts(draft('parse.A', 'parse/parse.go', 5, 0.5), draft('parse.B', 'parse/parse.go', 20, 0.5)), {
      perfCommits: (_f, func) => (func.endsWith('.A') ? commits.A : func.endsWith('.B') ? commits.B : []),
    });
    expect(r.findings.map((f) => f.location)).toEqual(['parse/parse.go:5']);
    expect(r.findings[0].perfCommits).toEqual(commits.A);
    expect(r.findings[0].body).toMatch(/## Notes[\s\S]*Earlier perf commits that touched `A`: `aaaaaaaaaaaa` perf\(parse\): faster A/);
    expect(r.skipped[0].reason).toBe(`already addressed by ${'b'.repeat(12)} "perf(parse): preallocate the output of B"`);
    expect(addressedBy(commits.A, 'example.com/m/parse.A', ruleFor('append', 'example.com/m/parse.A', ''))).toBeNull();
    expect(
      addressedBy(
        [{ sha: 'c', subject: 'perf: cache the unit table per file in (*Table).Lookup' }],
        'example.com/m/u.(*Table).Lookup',
        ruleFor('open', 'example.com/m/u.(*Table).Lookup', 'os.Open'),
      ),
    ).not.toBeNull();
  });

  it('puts the compiler notes of the line in the Problem section', () => {
    const notes = parseCompilerOutput(
      [
        'example.com/m/parse/parse.go:3:6: can inline A with cost 20 as: func() { }',
        'example.com/m/parse/parse.go:5:13: make([]byte, n) escapes to heap',
        'example.com/m/parse/parse.go:5:13: make([]byte, n) escapes to heap in A:',
      ].join('\n'),
      'example.com/m',
    );
    const evidence = { ref: 'main', commit: 'f'.repeat(40), command: 'go build ...', unavailable: null };
    const r = finishFindings(drafts(draft('parse.A', 'parse/parse.go', 5, 0.5)), { compiler: { evidence, notes } });
    expect(r.findings[0].compiler).toEqual([
      { location: 'parse/parse.go:5', kind: 'escape', text: 'make([]byte, n) escapes to heap' },
      { location: 'parse/parse.go:3', kind: 'inline', text: 'can inline A with cost 20' },
    ]);
    const problem = r.findings[0].body.split('## Location')[0];
    expect(problem).toContain('- `parse/parse.go:5`: make([]byte, n) escapes to heap');
    expect(r.compiler).toEqual(evidence);
    const none = finishFindings(drafts(draft('parse.A', 'parse/parse.go', 5, 0.5)), {
      compiler: { evidence: { ...evidence, unavailable: 'main measured uncommitted changes' }, notes: { files: {} } },
    });
    expect(none.findings[0].body).toContain('Compiler notes: none (main measured uncommitted changes).');
  });

  it("adds what the compiler decided differently since the base column, in the finding's function", () => {
    const parse = (f: string) => parseCompilerOutput(readFileSync(join(FIXTURES, 'compiler-output', f), 'utf8'), 'example.com/wordfreq');
    const changes = diffCompilerNotes(parse('wordfreq-before.txt'), parse('wordfreq-after.txt'), null);
    const d = (func: string, line: number): FindingDraft => ({
      ...draft(func, 'wordfreq/wordfreq.go', line, 0.5),
      function: `example.com/wordfreq/wordfreq.${func}`,
    });
    const r = finishFindings(
      { ...drafts(d('(*Counter).Add', 66), d('isWordByte', 17)), modulePath: 'example.com/wordfreq' },
      { compilerSince: { base: 'before', changes } },
    );
    const notes = (func: string) =>
      r.findings.find((f) => f.function.endsWith(func))!.compiler.map((n) => `${n.location} ${n.kind} ${n.text}`);
    expect(notes('.(*Counter).Add')).toContain('wordfreq/wordfreq.go:59 escape since before: now escapes (moved to heap: word)');
    expect(notes('.isWordByte')).toEqual([
      'wordfreq/wordfreq.go:12 inline since before: no longer inlined (cannot inline isWordByte: function too complex: cost 83 exceeds budget 80; was: can inline isWordByte with cost 28)',
    ]);
    expect(r.findings.find((f) => f.function.endsWith('isWordByte'))!.body).toContain('since before: no longer inlined');
  });
});
