#!/usr/bin/env node
// `npm start`: build the app, compile a copy of better-sqlite3 for Electron's ABI into
// out/electron-native (node_modules keeps the Node build that the CLI and tests use), then
// open the desktop app. Needs the Electron binary, which the pinned Electron downloads from
// GitHub the first time it is started (not at npm install); where GitHub is not reachable, use
// `npx perflab serve` and a browser instead.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let electronPath;
try {
  // Resolving the package downloads the binary on first use (Electron 45 no longer does it at install).
  electronPath = require('electron');
} catch {
  electronPath = null;
}
if (!electronPath || !existsSync(electronPath)) {
  process.stderr.write(
    '\nThe Electron binary is not installed: Electron downloads it from GitHub at its first start, and that\n' +
      'download failed (any stack trace above is that download). Run `npm start` where GitHub is reachable,\n' +
      'or use the same UI in a browser, which needs no Electron: npx perflab serve --open\n',
  );
  process.exit(3);
}
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const target = join(root, 'out', 'electron-native');
if (!existsSync(join(target, 'better_sqlite3.node'))) {
  const work = join(root, 'out', 'electron-native-build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), { recursive: true });
  const electronVersion = require('electron/package.json').version;
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'),
      '--version',
      electronVersion,
      '--module-dir',
      work,
      '--only',
      'better-sqlite3',
      '--force',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  mkdirSync(target, { recursive: true });
  cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(target, 'better_sqlite3.node'));
  rmSync(work, { recursive: true, force: true });
}
const child = spawn(electronPath, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
