// `perflab run` at a terminal ends with a summary on stderr (benchstat's table by ref: the
// comparison for two refs), while stdout carries only the run id as scripts expect.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { commitAll, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

describe('run summary', () => {
  it('prints the comparison on a terminal stderr and only the run id on stdout', async () => {
    const repo = fixtureRepo('basic');
    writeFileSync(join(repo.module, 'NOTES.md'), 'Sum adds the fields.\n');
    commitAll(repo.root, 'notes');
    const data = tempDir('perflab-summary-');
    const lockDir = tempDir('perflab-lock-');
    let stdout = '';
    let stderr = '';
    const out = {
      write: (s: string) => {
        stdout += s;
      },
    };
    const tty = {
      write: (s: string) => {
        stderr += s;
      },
      isTTY: true,
      columns: 120,
    };
    const cli = (args: string[]) => run(['--data-dir', data, ...args], out, tty, { lockDir });
    expect(await cli(['repo', 'add', repo.module, '--trust'])).toBe(0);
    stdout = '';
    const code = await cli([
      'run',
      '--repo',
      repo.module,
      '--pkg',
      './parse',
      '--bench',
      '^BenchmarkSum$',
      '--ref',
      'HEAD~1',
      '--ref',
      'HEAD',
      '--count',
      '2',
      '--benchtime',
      '100x',
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\d+\n$/);
    // benchstat's table with both refs as columns and the Sum row.
    expect(stderr).toMatch(/HEAD~1.*\n.*sec\/op/);
    expect(stderr).toMatch(/\nSum\S* +\S+/);
    expect(stderr).toMatch(/geomean|vs base/);
  });
});
