#!/usr/bin/env node
// `npm run lint:electron`: Electronegativity (doyensec) over the desktop shell's sources,
// src/main and src/preload together (its global checks, such as navigation limits, look across
// both), with the Electron version from package.json. Prints every finding and exits 1 when
// any is of HIGH severity (test/reliability/electronegativity.test.ts runs it in `npm test`).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electron = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '') || '45.0.0';
const work = mkdtempSync(join(tmpdir(), 'perflab-eneg-'));
const report = join(work, 'report.csv');
try {
  cpSync(join(root, 'src', 'main'), join(work, 'app', 'main'), { recursive: true });
  cpSync(join(root, 'src', 'preload'), join(work, 'app', 'preload'), { recursive: true });
  const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  execFileSync(process.execPath, [bin, '-i', join(work, 'app'), '-e', electron, '-o', report, '-r', '-v', 'false'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const rows = readFileSync(report, 'utf8').split('\n').slice(1).filter(Boolean);
  const findings = rows.map((r) => {
    const [check, severity, confidence, file, location] = r.split(',').map((x) => x.replace(/^"|"$/g, ''));
    return { check, severity, confidence, file, location };
  });
  const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
  for (const f of findings) process.stdout.write(`${f.severity.padEnd(8)} ${f.confidence.padEnd(10)} ${f.check} ${f.file}:${f.location}\n`);
  process.stdout.write(`electronegativity (electron ${electron}): ${findings.length} findings, ${high.length} high\n`);
  process.exitCode = high.length ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
