// --args split without a shell: quotes and backslashes group, nothing expands.
import { describe, expect, it } from 'vitest';
import { splitArgs } from '../../../src/core/runner/split-args.js';
import { commandsOf } from '../../../src/core/runner/command-runs.js';
import type { RunSpec } from '../../../src/shared/models.js';

describe('splitArgs', () => {
  it('splits on blanks and groups quoted text', () => {
    expect(splitArgs('  -n 10\t--in "my file.txt" ')).toEqual(['-n', '10', '--in', 'my file.txt']);
    expect(splitArgs(`-msg 'it''s' a\\ b`)).toEqual(['-msg', 'its', 'a b']);
    expect(splitArgs('"a \\"q\\" \\\\ \\n"')).toEqual(['a "q" \\ \\n']);
    expect(splitArgs(`'' ""`)).toEqual(['', '']);
    expect(splitArgs('')).toEqual([]);
  });

  it('expands nothing: variables, globs, ~ and ; stay as they are', () => {
    expect(splitArgs('$HOME ~/x *.go a;b `id` $(id)')).toEqual(['$HOME', '~/x', '*.go', 'a;b', '`id`', '$(id)']);
    expect(splitArgs(`'$HOME' "\\$HOME"`)).toEqual(['$HOME', '$HOME']);
  });

  it('refuses unterminated quotes, a trailing backslash and line breaks, naming the value', () => {
    expect(() => splitArgs(`-a 'b`)).toThrow(/unterminated single quote at character 4/);
    expect(() => splitArgs('-a "b')).toThrow(/unterminated double quote/);
    expect(() => splitArgs('-a \\')).toThrow(/trailing backslash/);
    expect(() => splitArgs('a\nb')).toThrow(/line breaks/);
  });
});

describe('commandsOf', () => {
  const spec = (o: Partial<RunSpec>): RunSpec => ({ main: [], args: [], ...o }) as RunSpec;
  it('names commands after the package, with an args axis when several are given', () => {
    expect(commandsOf(spec({ main: ['./cmd/tool'] })).map((c) => [c.name, c.args])).toEqual([['BenchmarkCmd/tool', []]]);
    expect(commandsOf(spec({ main: ['./cmd/tool', './cmd/other/'], args: ['-v', '-n 2'] })).map((c) => [c.name, c.args])).toEqual([
      ['BenchmarkCmd/tool/args=1', ['-v']],
      ['BenchmarkCmd/tool/args=2', ['-n', '2']],
      ['BenchmarkCmd/other/args=1', ['-v']],
      ['BenchmarkCmd/other/args=2', ['-n', '2']],
    ]);
    expect(commandsOf(spec({ main: ['./a/cmd/x', './b/cmd/x'] })).map((c) => c.name)).toEqual([
      'BenchmarkCmd/a/cmd/x',
      'BenchmarkCmd/b/cmd/x',
    ]);
    expect(commandsOf(spec({ main: ['.'] })).map((c) => c.name)).toEqual(['BenchmarkCmd/main']);
  });
});
