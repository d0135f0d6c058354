// Measured figures of the reliability tests, kept for docs/reliability.md: each test writes
// its tally to test-output/reliability/<name>.json (and prints it), so the table in the doc
// is filled from what the last `npm test` / `npm run test:soak` measured on this machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

export const SOAK = process.env.PERFLAB_SOAK === '1';

export function recordFigures(name: string, figures: object): void {
  const dir = join(ROOT, 'test-output', 'reliability');
  mkdirSync(dir, { recursive: true });
  const doc = {
    name,
    soak: SOAK,
    at: new Date().toISOString(),
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    ...figures,
  };
  writeFileSync(join(dir, `${name}${SOAK ? '.soak' : ''}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`[reliability] ${name}: ${JSON.stringify(figures)}`);
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
