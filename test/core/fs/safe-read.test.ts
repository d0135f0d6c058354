// The one reader of user-supplied paths: a device, a FIFO, a directory, a symbolic link where
// refused, and a file over the limit are typed errors naming the path, raised before any byte
// is read (a FIFO with no writer would otherwise block the open forever).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, ftruncateSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRegularFile, readFileBounded, readTextBounded, MiB } from '../../../src/core/fs/safe-read.js';
import { LabFailure, type LabError } from '../../../src/shared/errors.js';
import { tempDir } from '../../helpers/fixture-repo.js';

async function errorOf(f: () => Promise<unknown>): Promise<LabError> {
  try {
    await f();
  } catch (err) {
    if (err instanceof LabFailure) return err.error;
    throw err;
  }
  throw new Error('no error');
}

describe('safe-read', () => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const sparse = join(dir, 'sparse.bin');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 2 * 1024 * MiB);
  closeSync(fd);
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'BenchmarkX 1 2 ns/op\n');
  const link = join(dir, 'link');
  symlinkSync('/dev/zero', link);

  it('reads a regular file within the limit', async () => {
    expect(await readTextBounded(small, { maxBytes: 1024 })).toBe('BenchmarkX 1 2 ns/op\n');
    expect((await readFileBounded(small, { maxBytes: 21 })).length).toBe(21);
  });

  it.each([
    ['/dev/zero', 'NotARegularFile', /"\/dev\/zero" is not a regular file \(a character device\)/],
    [fifo, 'NotARegularFile', /is not a regular file \(a named pipe\)/],
    [sub, 'NotARegularFile', /is not a regular file \(a directory\)/],
    [link, 'NotARegularFile', /a character device/],
    [sparse, 'FileTooLarge', /is larger than 256 MiB \(2147483648 bytes\)/],
    [join(dir, 'absent'), 'FileNotFound', /not found/],
  ])('refuses %s with %s', async (path, code, message) => {
    const e = await errorOf(() => readFileBounded(path, { maxBytes: 256 * MiB }));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect((await errorOf(() => checkRegularFile(path, { maxBytes: 256 * MiB }))).code).toBe(code);
  });

  it('refuses a symbolic link with noFollow, and names the path as the user wrote it', async () => {
    const e = await errorOf(() => readFileBounded(link, { maxBytes: 1024, noFollow: true, shownPath: 'link' }));
    expect(e).toMatchObject({ code: 'NotARegularFile', detail: { path: 'link', kind: 'a symbolic link' } });
  });

  it('a file one byte over the limit is FileTooLarge', async () => {
    const e = await errorOf(() => readFileBounded(small, { maxBytes: 20 }));
    expect(e).toMatchObject({ code: 'FileTooLarge', detail: { size: 21, limit: 20 } });
  });
});
