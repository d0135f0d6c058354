// Compiler notes from real `go build -gcflags=<module>/...=-m=2 -d=ssa/check_bce/debug=1`
// output (test/fixtures/compiler-output, go1.26.8): positions made module-relative, the -m=2
// explanations and other packages left out, notes attached to a finding's line and function,
// the diff between two commits by function, and the build's arguments.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notesForFinding } from '../../../src/core/compiler/compiler-attach.js';
import { pgoOfBuildInfo } from '../../../src/core/compiler/compiler-build.js';
import { diffCompilerNotes, renderCompilerChanges } from '../../../src/core/compiler/compiler-diff.js';
import { enclosing, parseCompilerOutput, topLevelName } from '../../../src/core/compiler/compiler-notes.js';
import { buildNotesArgs, noteGcflags } from '../../../src/core/go/go-build-notes.js';
import { FIXTURES } from '../../helpers/fixture-repo.js';

const out = (name: string) => readFileSync(join(FIXTURES, 'compiler-output', name), 'utf8');
const before = parseCompilerOutput(out('wordfreq-before.txt'), 'example.com/wordfreq');
const after = parseCompilerOutput(out('wordfreq-after.txt'), 'example.com/wordfreq');
const logaudit = parseCompilerOutput(out('logaudit.txt'), 'example.com/logaudit');

describe('parseCompilerOutput', () => {
  it("keeps the module's files only, module-relative, without the -m=2 explanations", () => {
    expect(Object.keys(before.files)).toEqual(['wordfreq/wordfreq.go']);
    expect(Object.keys(logaudit.files).sort()).toEqual(['internal/collect/collect.go', 'internal/fanout/fanout.go']);
    const texts = Object.values(logaudit.files)
      .flat()
      .map((n) => n.text);
    expect(texts).toContain('moved to heap: wg');
    expect(texts).toContain('cannot inline Checksums: unhandled op GO');
    expect(texts).toContain('Found IsInBounds');
    expect(texts).toContain('can inline Fields with cost 47');
    expect(texts.some((t) => /flow:|does not escape|leaking param|:$| as: /.test(t))).toBe(false);
    // "inlining call to" printed twice at one position is kept once.
    const calls = after.files['wordfreq/wordfreq.go'].filter((n) => n.kind === 'call').map((n) => `${n.line}:${n.col} ${n.text}`);
    expect(new Set(calls).size).toBe(calls.length);
  });

  it('finds the top-level function around a line (closures belong to theirs)', () => {
    expect(topLevelName('Checksums.func1.deferwrap1')).toBe('Checksums');
    expect(topLevelName('(*Store).Get')).toBe('(*Store).Get');
    const fan = logaudit.files['internal/fanout/fanout.go'];
    expect(enclosing(fan, 17)).toMatchObject({ name: 'Checksums', from: 10 });
    expect(enclosing(fan, 3)).toBeNull();
  });
});

describe('notesForFinding', () => {
  it("gives the line's notes first, then the function's inlining decision, escapes and bounds checks", () => {
    const n = notesForFinding(logaudit, 'internal/collect/collect.go', 10, 'example.com/logaudit/internal/collect.Fields');
    expect(n.map((x) => `${x.location} ${x.kind} ${x.text}`)).toEqual([
      'internal/collect/collect.go:10 escape append escapes to heap',
      'internal/collect/collect.go:10 bounds Found IsSliceInBounds',
      'internal/collect/collect.go:5 inline can inline Fields with cost 47',
      'internal/collect/collect.go:14 escape append escapes to heap',
      'internal/collect/collect.go:5 bounds 1 more bounds check in Fields (lines 14)',
    ]);
    const closure = notesForFinding(logaudit, 'internal/fanout/fanout.go', 17, 'example.com/logaudit/internal/fanout.Checksums.func1');
    expect(closure.map((x) => x.text)).toEqual(
      expect.arrayContaining([
        'cannot inline Checksums.func1: unhandled op DEFER',
        'cannot inline Checksums: unhandled op GO',
        'moved to heap: wg',
      ]),
    );
    expect(notesForFinding(logaudit, 'internal/other/x.go', 3, 'example.com/logaudit/internal/other.F')).toEqual([]);
  });
});

describe('diffCompilerNotes', () => {
  it('names the function no longer inlined and the local that now escapes, at their lines in head', () => {
    const hot = [
      { dir: 'wordfreq', name: '(*Counter).Add' },
      { dir: 'wordfreq', name: 'isWordByte' },
    ];
    const changes = diffCompilerNotes(before, after, hot);
    expect(changes).toContainEqual({
      change: 'no longer inlined',
      function: 'isWordByte',
      location: 'wordfreq/wordfreq.go:12',
      at: 'head',
      text: 'cannot inline isWordByte: function too complex: cost 83 exceeds budget 80',
      before: 'can inline isWordByte with cost 28',
    });
    expect(changes).toContainEqual({
      change: 'now escapes',
      function: '(*Counter).Add',
      location: 'wordfreq/wordfreq.go:59',
      at: 'head',
      text: 'moved to heap: word',
    });
    const text = renderCompilerChanges(changes, 'before', 'main');
    expect(text).toContain(
      'wordfreq/wordfreq.go:12: isWordByte: no longer inlined (cannot inline isWordByte: function too complex: cost 83 exceeds budget 80; was: can inline isWordByte with cost 28)',
    );
    // Functions that are not hot are left out; the reverse diff reads the other way.
    expect(diffCompilerNotes(before, after, [{ dir: 'wordfreq', name: 'lowerByte' }])).toEqual([]);
    expect(diffCompilerNotes(after, before, hot).map((c) => c.change)).toEqual(
      expect.arrayContaining(['now inlined', 'no longer escapes']),
    );
    expect(renderCompilerChanges([], 'a', 'b')).toMatch(/^No change/);
  });
});

describe('the notes build', () => {
  it("adds the notes for the module, keeping a variant's own -gcflags where they applied", () => {
    expect(noteGcflags('example.com/m', ['example.com/m/p'])).toEqual(['-gcflags=example.com/m/...=-m=2 -d=ssa/check_bce/debug=1']);
    expect(noteGcflags('example.com/m', ['example.com/m/p'], 'all=-N -l')).toEqual([
      '-gcflags=example.com/m/...=-m=2 -d=ssa/check_bce/debug=1',
      '-gcflags=all=-N -l -m=2 -d=ssa/check_bce/debug=1',
    ]);
    expect(noteGcflags('example.com/m', ['example.com/m/p', 'example.com/m'], '-l')).toEqual([
      '-gcflags=example.com/m/...=-m=2 -d=ssa/check_bce/debug=1',
      '-gcflags=example.com/m/p=-l -m=2 -d=ssa/check_bce/debug=1',
      '-gcflags=example.com/m=-l -m=2 -d=ssa/check_bce/debug=1',
    ]);
    expect(() => noteGcflags('example.com/m', [], '-cpuprofile=/tmp/x')).toThrow(/gcflags/);
    const args = buildNotesArgs({
      modulePath: 'example.com/m',
      packages: ['example.com/m', 'example.com/m/internal/p'],
      tags: 'fast',
      pgo: 'default.pgo',
    });
    expect(args.slice(0, 5)).toEqual([
      'build',
      '-trimpath',
      '-pgo=default.pgo',
      '-tags=fast',
      '-gcflags=example.com/m/...=-m=2 -d=ssa/check_bce/debug=1',
    ]);
    expect(args.slice(-2)).toEqual(['.', './internal/p']);
  });

  it('reads the -pgo a test binary was built with from go version -m', () => {
    expect(pgoOfBuildInfo('b.test: go1.26.8\n\tpath\tx\n\tbuild\t-pgo=/data/profiles/ab.pgo\n')).toBe('/data/profiles/ab.pgo');
    expect(pgoOfBuildInfo('b.test: go1.26.8\n\tbuild\t-pgo="/a b/c.pgo"\n')).toBe('/a b/c.pgo');
    expect(pgoOfBuildInfo('b.test: go1.26.8\n\tbuild\t-trimpath=true\n')).toBe('off');
  });
});
