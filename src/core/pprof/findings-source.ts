// Source lines for findings: reads a module-relative file from the module's directory (as it is
// on disk now, which may differ from the profiled commit), at most 1 MiB per file, each file
// read once per call of findings. Paths that leave the module directory are refused.
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const MAX_BYTES = 1024 * 1024;

export function moduleSourceLines(moduleDir: string): (file: string, line: number) => string | undefined {
  const root = resolve(moduleDir);
  const files = new Map<string, readonly string[] | null>();
  return (file, line) => {
    let lines = files.get(file);
    if (lines === undefined) {
      lines = null;
      const path = resolve(root, file);
      if (path.startsWith(root + sep) && file.endsWith('.go')) {
        try {
          if (statSync(path).size <= MAX_BYTES) lines = readFileSync(path, 'utf8').split('\n');
        } catch {
          lines = null;
        }
      }
      files.set(file, lines);
    }
    return lines && line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
  };
}
