// The Go lexer and the static benchmark scan: comments, strings, raw strings and rune literals
// hide what they contain; only top-level `func BenchmarkXxx(b *testing.B)` with Go's name rule
// counts; methods, function literals, generics and wrong signatures do not.
import { describe, expect, it } from 'vitest';
import { goTokens } from '../../../src/core/repo/go-lexer.js';
import { isBenchmarkName, scanBenchmarks } from '../../../src/core/repo/static-scan.js';

const idents = (src: string) => [...goTokens(src)].filter((t) => t.kind === 'ident').map((t) => t.text);

describe('goTokens', () => {
  it('skips line and general comments', () => {
    expect(idents('a // b c\nd /* e\nf */ g')).toEqual(['a', 'd', 'g']);
  });
  it('an unterminated general comment ends the input', () => {
    expect(idents('a /* b c')).toEqual(['a']);
  });
  it('skips interpreted strings with escaped quotes and backslashes', () => {
    expect(idents('a "b \\" c" d "e\\\\" f')).toEqual(['a', 'd', 'f']);
  });
  it('skips rune literals, including quote and backslash runes', () => {
    expect(idents("a '\"' b '\\'' c '\\\\' d 'x' e")).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('skips raw strings over several lines, with // and /* inside', () => {
    const toks = [...goTokens('a `b // c\n/* d\n"e` f')];
    expect(toks.filter((t) => t.kind === 'ident').map((t) => [t.text, t.line])).toEqual([
      ['a', 1],
      ['f', 3],
    ]);
  });
  it('comment openers inside strings are text, and quotes inside comments are comment', () => {
    expect(idents('a "/*" b "//" c /* " */ d // `\ne')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('reads Unicode identifiers and numbers without splitting them into identifiers', () => {
    expect(idents('BenchmarkÄrger 0x1p-2 1e+9 3i 0b1010 _x9')).toEqual(['BenchmarkÄrger', '_x9']);
  });
  it('counts lines across comments and strings', () => {
    const toks = [...goTokens('/*\n\n*/ a "x" `\n` b\nc')];
    expect(toks.filter((t) => t.kind === 'ident').map((t) => t.line)).toEqual([3, 4, 5]);
  });
});

describe('isBenchmarkName', () => {
  it('follows Go: Benchmark alone or followed by a non-lower-case rune', () => {
    expect(isBenchmarkName('Benchmark')).toBe(true);
    expect(isBenchmarkName('BenchmarkParse')).toBe(true);
    expect(isBenchmarkName('Benchmark_parse')).toBe(true);
    expect(isBenchmarkName('Benchmark1')).toBe(true);
    expect(isBenchmarkName('BenchmarkÄ')).toBe(true);
    expect(isBenchmarkName('Benchmarkparse')).toBe(false);
    expect(isBenchmarkName('Benchmarkäx')).toBe(false);
    expect(isBenchmarkName('benchmarkParse')).toBe(false);
  });
});

describe('scanBenchmarks', () => {
  it('finds top-level benchmarks with the testing.B signature', () => {
    const src = [
      'package p',
      'import "testing"',
      'func BenchmarkA(b *testing.B) {}',
      'func BenchmarkB(*testing.B) {',
      '  f := func(b *testing.B) {}',
      '  _ = f',
      '}',
      'func Benchmark(b *testing.B,) { if true { return } }',
      'func BenchmarkC(t *T.B) {}',
    ].join('\n');
    expect(scanBenchmarks(src)).toEqual(['BenchmarkA', 'BenchmarkB', 'Benchmark', 'BenchmarkC']);
  });
  it('accepts a dot-imported B', () => {
    expect(scanBenchmarks('package p\nimport . "testing"\nfunc BenchmarkDot(b *B) {}\n')).toEqual(['BenchmarkDot']);
  });
  it('ignores benchmarks in comments, strings and raw strings', () => {
    const src = [
      'package p',
      '/*',
      'func BenchmarkInComment(b *testing.B) {}',
      '*/',
      '// func BenchmarkLineComment(b *testing.B) {}',
      'var s = "func BenchmarkInString(b *testing.B) {}"',
      'var r = `',
      'func BenchmarkInRaw(b *testing.B) {}',
      '`',
      "var q = '`'",
      'func BenchmarkReal(b *testing.B) {}',
    ].join('\n');
    expect(scanBenchmarks(src)).toEqual(['BenchmarkReal']);
  });
  it('ignores methods, lower-case continuations, wrong signatures, results and type parameters', () => {
    const src = [
      'package p',
      'type S struct{}',
      'func (S) BenchmarkMethod(b *testing.B) {}',
      'func (s *S) BenchmarkPtrMethod(b *testing.B) {}',
      'func Benchmarkfoo(b *testing.B) {}',
      'func BenchmarkT(t *testing.T) {}',
      'func BenchmarkTwo(b *testing.B, n int) {}',
      'func BenchmarkValue(b testing.B) {}',
      'func BenchmarkResult(b *testing.B) int { return 0 }',
      'func BenchmarkGeneric[T any](b *testing.B) {}',
      'func helper() { func() {}() }',
      'func BenchmarkAfter(b *testing.B) {}',
    ].join('\n');
    expect(scanBenchmarks(src)).toEqual(['BenchmarkAfter']);
  });
  it('a declaration nested in braces is not top level', () => {
    expect(scanBenchmarks('package p\nvar x = struct{ f func() }{f: func() {}}\nfunc BenchmarkOK(b *testing.B) {}')).toEqual([
      'BenchmarkOK',
    ]);
  });
});
