// No import cycles between our own modules: scripts/check-import-cycles.js (also run by
// `npm run lint`) finds none under src, and it does find a cycle made only of types, a cycle
// through a re-export and a longer loop, each named by its files.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-repo.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'check-import-cycles.js');
const check = (cwd: string, ...dirs: string[]) =>
  spawnSync(process.execPath, [script, ...dirs], { cwd, encoding: 'utf8', timeout: 60_000 });

describe('import cycles', () => {
  const dir = tempDir('perflab-cycles-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('src has none', () => {
    const r = check(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('finds a type-only cycle, one through a re-export and a three-file loop; ignores packages and missing files', () => {
    const write = (p: string, text: string) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    };
    write('src/a/filter.ts', "import type { Fn } from './projection.js';\nexport type Out = boolean;\n");
    write('src/a/projection.ts', "import type { Out } from './filter.js';\nexport type Fn = () => Out;\n");
    write('src/b/index.ts', "export { one } from './one.js';\n");
    write('src/b/one.ts', "import { two } from '../b/index.js';\nexport const one = 1;\n");
    write('src/c/x.ts', "import { y } from './y.js';\nimport { z } from 'zod';\nexport const x = 1;\n");
    write('src/c/y.ts', "import { w } from './w.js';\nexport const y = 1;\n");
    write('src/c/w.tsx', "const m = await import('./x.js');\nimport './gone.js';\nexport const w = 1;\n");
    write('src/d/ok.ts', "import { x } from '../c/x.js';\nexport const ok = x;\n");
    const r = check(dir, 'src');
    expect(r.status).toBe(1);
    expect(
      r.stderr
        .split('\n')
        .filter((l) => l.startsWith('import cycle:'))
        .sort(),
    ).toEqual([
      'import cycle: src/a/filter.ts -> src/a/projection.ts -> src/a/filter.ts',
      'import cycle: src/b/index.ts -> src/b/one.ts -> src/b/index.ts',
      'import cycle: src/c/w.tsx -> src/c/x.ts -> src/c/y.ts -> src/c/w.tsx',
    ]);
    expect(r.stderr).toMatch(/^3 import cycles: /m);
  });
});
