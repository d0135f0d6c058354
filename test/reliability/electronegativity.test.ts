// Electronegativity (doyensec) over src/main + src/preload (`npm run lint:electron`, see
// bench/reliability-electronegativity.js): zero findings of HIGH severity.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { recordFigures } from './helpers/figures.js';

describe('electronegativity', () => {
  it('finds no HIGH issue in the desktop shell', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bench', 'reliability-electronegativity.js')], {
      cwd: ROOT,
    }).catch((err: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`npm run lint:electron failed (${err.code}): ${err.stdout ?? ''}${err.stderr ?? ''}`);
    });
    const m = /(\d+) findings, (\d+) high/.exec(stdout);
    expect(m, stdout).not.toBeNull();
    recordFigures('electronegativity', { findings: Number(m![1]), high: Number(m![2]), lines: stdout.trim().split('\n') });
    expect(Number(m![2])).toBe(0);
  });
});
