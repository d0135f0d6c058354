// The CLI's help and global options: every command and subcommand answers --help with exit 0
// and its options one per line; `perflab help COMMAND` says the same; --data-dir is accepted
// anywhere on the line; history prints values scaled with units as the comparison does.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/main.js';
import { subcommands } from '../../src/cli/help.js';
import { elideName } from '../../src/cli/io.js';
import { scaledWithInterval } from '../../src/cli/commands/common.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';

const lines = [...COMMAND_NAMES.flatMap((c) => [[c], ...subcommands(c).map((s) => [c, s])])];

describe('perflab COMMAND --help', () => {
  const data = tempDir('perflab-help-');
  it.each(lines.map((l) => [l.join(' '), l]))('%s --help exits 0 with its usage and options', async (_name, words) => {
    const r = await cli(['--data-dir', join(data, 'unused'), ...(words as string[]), '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: perflab ${(words as string[])[0]}`));
    expect(r.stdout).toMatch(/^options:$/m);
    expect(r.stdout).toMatch(/^ {2}-h, --help +print this help$/m);
    // One line per option: every option line starts with a dash, no line wraps under it.
    const opts = r.stdout
      .slice(r.stdout.indexOf('options:\n') + 9)
      .trimEnd()
      .split('\n');
    for (const o of opts) expect(o).toMatch(/^ {2}-/);
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(r.stderr).toBe('');
    // Help needs no lab: the data dir is not even created.
    expect(existsSync(join(data, 'unused'))).toBe(false);
  });

  it('lists the options of the command from its own parse config, described', async () => {
    const r = await cli(['run', '--help']);
    for (const o of ['--repo PATH', '--ref REF', '--count N', '--benchtime LIST', '--profile KINDS', '-v, --verbose', '--json'])
      expect(r.stdout).toContain(`  ${o} `);
    expect(r.stdout).toMatch(/--ref REF +a git ref or WORKTREE.*repeatable/);
    const top = await cli(['profile', 'top', '-h']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^ {2}-n N +number of rows/m);
  });

  it('help COMMAND [SUB] prints the same as COMMAND [SUB] --help', async () => {
    expect((await cli(['help', 'gate'])).stdout).toBe((await cli(['gate', '--help'])).stdout);
    const sub = await cli(['help', 'profile', 'diff']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toBe((await cli(['profile', 'diff', '--help'])).stdout);
    const parent = await cli(['help', 'investigate']);
    expect(parent.stdout).toMatch(/^subcommands:\n {2}start /m);
    const bad = await cli(['help', 'frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  });

  it('--help after -- is an argument, not a request for help', async () => {
    const r = await cli(['--data-dir', tempDir('perflab-help-'), 'import', '--', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--help');
  });
});

describe('global options anywhere on the line', () => {
  it('runs --data-dir D lists the runs of D; so does --data-dir=D at the end and before the command', async () => {
    const data = tempDir('perflab-global-');
    const bench = join(data, 'old.txt');
    writeFileSync(
      bench,
      'goos: linux\ngoarch: amd64\npkg: example.com/p\nBenchmarkParse-4 1000 5136 ns/op\nBenchmarkParse-4 1000 5201 ns/op\n',
    );
    const imp = await cli(['import', bench, '--label', 'imported', '--data-dir', data]);
    expect(imp.code, imp.stderr).toBe(0);
    for (const args of [
      ['runs', '--data-dir', data],
      ['runs', `--data-dir=${data}`],
      ['--data-dir', data, 'runs'],
    ]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^ID +STATUS/);
      expect(r.stdout).toContain('imported');
    }
    const other = await cli(['runs', '--data-dir', tempDir('perflab-global-')]);
    expect(other.stdout).toContain('no runs yet');
    const missing = await cli(['runs', '--data-dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--data-dir needs a directory');
  });
});

describe('history and names in tables', () => {
  it('history prints centers and intervals scaled with units, as the comparison does', async () => {
    const data = tempDir('perflab-history-');
    const bench = join(data, 'parse.txt');
    const vals = [5136, 5201, 4990, 5302, 5099, 5144, 3931, 16040];
    writeFileSync(
      bench,
      `goos: linux\ngoarch: amd64\npkg: example.com/p\n${vals.map((v) => `BenchmarkParse-4 1000 ${v} ns/op\n`).join('')}`,
    );
    expect((await cli(['--data-dir', data, 'import', bench])).code).toBe(0);
    const r = await cli(['--data-dir', data, 'history', 'Parse']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sec\/op/);
    expect(r.stdout).toMatch(/5\.\d{3}µ +\[\d\.\d{3}µ, \d+\.\d+µ\]/);
    expect(r.stdout).not.toMatch(/0\.00000/);
  });

  it('scales a center and its interval like one row of the comparison (investigate status uses it too)', () => {
    expect(scaledWithInterval('sec/op', 0.000005136, 0.000003931, 0.00001604)).toEqual({ center: '5.136µ', ci: '[3.931µ, 16.040µ]' });
    expect(scaledWithInterval('B/op', 2048, 1024, 4096)).toEqual({ center: '2.000Ki', ci: '[1.000Ki, 4.000Ki]' });
    expect(scaledWithInterval('sec/op', 0.5, null, null)).toEqual({ center: '500.0m', ci: '∞' });
  });

  it('elides long Go function names from the import path, then from the middle', () => {
    const long = 'github.com/example/project/internal/very/deep/parser.(*Parser).parseExpressionWithPrecedence';
    expect(elideName('main.main', 20)).toBe('main.main');
    expect(elideName(long, 50)).toBe('…/parser.(*Parser).parseExpressionWithPrecedence');
    const mid = elideName(long, 30);
    expect(mid).toHaveLength(30);
    expect(mid).toMatch(/^…\/parser.*….*Precedence$/);
  });
});
