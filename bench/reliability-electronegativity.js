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
  execFileSync(process.execPath, [bin, '-i', join(work, 'app'), '-e', electron, '-o', report, '-r', '-v', 'false'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The report is CSV with quoted fields that may hold commas and newlines (a description or
  // an error message: a naive split once crashed this script in CI under load).
  const rows = parseCsv(readFileSync(report, 'utf8'))
    .slice(1)
    .filter((r) => r.some((x) => x !== ''));
  const findings = rows.map(([check = '', severity = '', confidence = '', file = '', location = '']) => ({
    check,
    severity,
    confidence,
    file,
    location,
  }));
  const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
  for (const f of findings) process.stdout.write(`${f.severity.padEnd(8)} ${f.confidence.padEnd(10)} ${f.check} ${f.file}:${f.location}\n`);
  process.stdout.write(`electronegativity (electron ${electron}): ${findings.length} findings, ${high.length} high\n`);
  process.exitCode = high.length ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** RFC 4180 CSV: rows of fields; quoted fields may hold commas, newlines and "" for a quote. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
