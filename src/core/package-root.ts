// Where Perflab itself is installed: the nearest directory above this module whose
// package.json is named "perflab". Works from src/ (tests), dist/ (compiled modules) and the
// one-file CLI bundle alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): { dir: string; version: string } | null {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = join(d, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'perflab') return { dir: d, version: pkg.version ?? '0.0.0' };
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return null;
}
