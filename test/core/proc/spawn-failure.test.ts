// A benchmark process that cannot start (binary removed by `perflab gc` or by a benchmark,
// not executable, arguments too long, working dir gone) is a `spawn-failed` outcome of that
// process, never a throw or an unhandled 'error' event that would end the lab.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnGroup } from '../../../src/core/proc/process-group.js';
import { tempDir } from '../../helpers/fixture-repo.js';

describe('spawnGroup start failures', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  const notExec = join(dir, 'plain.test');
  writeFileSync(notExec, '#!/bin/sh\necho hi\n');
  chmodSync(notExec, 0o644);

  it.each([
    ['a removed binary', join(dir, 'gone.test'), [] as string[], dir, 'ENOENT'],
    ['a file without the execute bit', notExec, [], dir, 'EACCES'],
    [
      'an argument list past the kernel limit',
      '/bin/true',
      ['x'.repeat(200_000), ...Array.from({ length: 40 }, () => 'y'.repeat(130_000))],
      dir,
      'E2BIG',
    ],
    ['a working dir that is gone', '/bin/true', [], join(dir, 'no-such-dir'), 'ENOENT'],
  ])('%s resolves to spawn-failed (%s)', async (_what, file, args, cwd, errno) => {
    const h = spawnGroup(file, args, { cwd, env: { PATH: '/usr/bin:/bin' }, outFile: out });
    const exit = await h.done;
    expect(exit).toMatchObject({ kind: 'spawn-failed', errno });
    await h.kill('canceled');
  });

  it('a binary that starts still runs to its exit code', async () => {
    const h = spawnGroup('/bin/sh', ['-c', 'exit 3'], { cwd: dir, env: { PATH: '/usr/bin:/bin' }, outFile: out });
    expect(await h.done).toEqual({ kind: 'exited', exitCode: 3 });
  });
});
