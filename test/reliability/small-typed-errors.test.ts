// Small inputs that used to end untyped (issue 12): `--ref '^HEAD'` (exit 3 from a ToolFailed),
// a gcflags flag that makes the compiler write a file, `pgo=/dev/zero` (hung the build), and a
// filter nested deeper than the stack (RangeError). Each is now a typed error, exit 2, naming
// the value.
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateGcflags } from '../../src/core/go/gcflags.js';

describe('small typed errors', () => {
  const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
  const repo = fixtureRepo('basic');
  const data = tempDir();
  const runArgs = ['--data-dir', data, 'run', '--repo', repo.module, '--pkg', './encode', '--count', '1', '--benchtime', '1x'];

  it.each([
    [['--ref', '^HEAD'], /invalid git ref "\^HEAD"/],
    [['--ref', 'HEAD~1..HEAD'], /invalid git ref "HEAD~1\.\.HEAD"/],
    [['--ref=-HEAD'], /invalid git ref "-HEAD"/],
    [['--variant', 'p:gcflags=-cpuprofile=/tmp/owned'], /invalid value for gcflags "-cpuprofile=\/tmp\/owned"/],
    [['--variant', 'p:gcflags=all=-N -l -memprofile=x'], /invalid value for gcflags "-memprofile=x"/],
    [['--variant', 'p:gcflags=-o /tmp/x'], /invalid value for gcflags "-o"/],
    [['--variant', 'p:pgo=/dev/zero'], /"\/dev\/zero" is not a regular file \(a character device\)/],
  ])('run %j: exit 2', async (extra, message) => {
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const r = await cli([...runArgs, ...extra], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('gcflags that write no files pass the allowlist', () => {
    for (const ok of ['-N -l', 'all=-N -l', '-m', '-m=2', '-B', '-d=checkptr', './...=-l', '-spectre=all', '-lang=go1.21'])
      expect(() => validateGcflags(ok)).not.toThrow();
    for (const bad of [
      '-trace=x',
      '-asmhdr=x',
      '-json=0,file:///tmp',
      '-bench=x',
      '-d=ssa/check_bce/dump',
      '-blockprofile=x',
      '-linkobj=x',
    ])
      expect(() => validateGcflags(bad)).toThrow(/gcflags/);
  });

  it('a filter nested 1,990 levels deep (within the 4,000-character limit) is a typed syntax error, exit 2', async () => {
    const file = join(tempDir(), 'a.txt');
    writeFileSync(file, 'BenchmarkA-2 \t 1000\t 1200 ns/op\n');
    for (const filter of [`${'('.repeat(1990)}.name:A${')'.repeat(1990)}`, `${'-'.repeat(3990)}.name:A`]) {
      const r = await cli(['compare', file, `--filter=${filter}`], { env });
      expect(r.code, r.stderr.slice(-300)).toBe(2);
      expect(r.stderr.replace(/[()-]{20,}/g, '…').replace(/ {20,}/g, ' ')).toMatch(/nested more than 500 levels deep/);
    }
    // Within the limit, nesting still works.
    const ok = await cli(['compare', file, '--filter', `${'('.repeat(100)}.name:A${')'.repeat(100)}`], { env });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
