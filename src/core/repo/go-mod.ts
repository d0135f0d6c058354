// Reading go.mod statically (no go command): the module path, for display and matching.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function readModulePath(moduleDir: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(join(moduleDir, 'go.mod'), 'utf8');
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
