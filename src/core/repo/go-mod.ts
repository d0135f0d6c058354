// Reading go.mod statically (no go command): the module path, for display and matching. And
// the check every repository passes before anything reads its module files (before trust,
// too): go.mod, go.sum, go.work and vendor/modules.txt, where present, are regular files, not
// symbolic links (a link to /dev/zero made `go list` read until memory ran out), within a size
// limit; a `vendor` directory is not a link either.
import { join } from 'node:path';
import { assertPlainFileIfPresent, MiB, readTextBounded } from '../fs/safe-read.js';
import { fail } from '../../shared/errors.js';
import { lstatSync } from 'node:fs';

const MODULE_FILES: readonly (readonly [string, number])[] = [
  ['go.mod', 16 * MiB],
  ['go.sum', 64 * MiB],
  ['go.work', 16 * MiB],
  ['go.work.sum', 64 * MiB],
  ['vendor/modules.txt', 64 * MiB],
];

/** Refuses (NotARegularFile, FileTooLarge) a module whose go.mod, go.sum, go.work or vendor/modules.txt is unsafe to read. */
export function assertSafeModuleFiles(moduleDir: string): void {
  try {
    const v = lstatSync(join(moduleDir, 'vendor'));
    if (v.isSymbolicLink()) fail('NotARegularFile', { path: join(moduleDir, 'vendor'), kind: 'a symbolic link' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
  }
  for (const [name, max] of MODULE_FILES) assertPlainFileIfPresent(join(moduleDir, name), join(moduleDir, name), max);
}

export async function readModulePath(moduleDir: string): Promise<string | null> {
  assertSafeModuleFiles(moduleDir);
  let text: string;
  try {
    text = await readTextBounded(join(moduleDir, 'go.mod'), { maxBytes: 16 * MiB, noFollow: true });
  } catch {
    return null;
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+(?:"([^"]+)"|(\S+))$/.exec(line);
    if (m) return m[1] ?? m[2];
  }
  return null;
}

export interface LocalReplace {
  /** The directive as written (one line, without `replace`). */
  readonly directive: string;
  /** The replacement directory as written (`../sib`, `./lib`). */
  readonly dir: string;
}

/** `replace` directives of a go.mod text whose replacement is a relative directory. */
export function relativeReplaces(goMod: string): LocalReplace[] {
  const out: LocalReplace[] = [];
  let inBlock = false;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    let body: string | null = null;
    if (inBlock) {
      if (line === ')') {
        inBlock = false;
        continue;
      }
      body = line;
    } else if (/^replace\s*\($/.test(line)) {
      inBlock = true;
      continue;
    } else {
      const m = /^replace\s+(.*)$/.exec(line);
      if (m) body = m[1];
    }
    if (!body) continue;
    const arrow = body.indexOf('=>');
    if (arrow < 0) continue;
    const target =
      body
        .slice(arrow + 2)
        .trim()
        .split(/\s+/)[0]
        ?.replace(/^"(.*)"$/, '$1') ?? '';
    if (target.startsWith('./') || target.startsWith('../') || target === '.' || target === '..')
      out.push({ directive: body, dir: target });
  }
  return out;
}
