// Shared by the UI benchmarks (bench/ui-flame.js, bench/ui-compare.js): start the built
// `perflab serve` on a temp data dir, launch Chromium through playwright-core, read the
// renderer's performance marks, and write one `### ...` part of docs/performance.md's `## UI`
// section (and nothing else of that file).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.PERFLAB_CHROMIUM ?? '/usr/bin/chromium';

export function requireBuild() {
  for (const f of ['out/renderer/index.html', 'dist/cli/main.js']) {
    if (!existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
}

/** Starts `perflab serve` on a fresh data dir; resolves to { url, origin, token, dataDir, stop() }. */
export async function startServe() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'perflab-uibench-'));
  // BENCH_NODE_ARGS: extra node options for the server (e.g. --cpu-prof, to profile it).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin', 'perflab.js'), '--data-dir', dataDir, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`perflab serve printed no URL: ${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[0]);
      }
    });
    child.on('exit', () => reject(new Error(`perflab serve exited: ${out}`)));
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.hash.replace('#token=', ''),
    dataDir,
    pid: child.pid,
    // Stops the server and removes its data dir.
    stop: () =>
      new Promise((r) => {
        child.on('close', () => {
          rmSync(dataDir, { recursive: true, force: true });
          r();
        });
        child.kill('SIGINT');
      }),
  };
}

export async function launch() {
  if (!existsSync(CHROMIUM))
    throw new Error(`chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set PERFLAB_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

export const ms = (x) => `${x.toFixed(1)} ms`;

export function machine() {
  const run = (cmd, args, fallback) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return fallback;
    }
  };
  const go = run('go', ['version'], 'go not found');
  const chrome = run(CHROMIUM, ['--version'], 'chromium');
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end: other work shares the machine), ${chrome} headless without GPU, Node ${process.version}, ${go}`;
}

/** Sizes of the built renderer's files: raw and gzipped. */
export function bundleSizes() {
  const dir = path.join(root, 'out', 'renderer', 'assets');
  return readdirSync(dir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const buf = readFileSync(path.join(dir, f));
      const lines = buf.toString('utf8').split('\n').length;
      return { file: f, bytes: statSync(path.join(dir, f)).size, gzip: gzipSync(buf, { level: 9 }).length, minified: lines < 200 };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

/** Replaces (or adds) `### title` inside `## UI` of docs/performance.md. */
export function writeUiPart(title, lines) {
  const doc = path.join(root, 'docs', 'performance.md');
  let text = existsSync(doc)
    ? readFileSync(doc, 'utf8')
    : '# Performance\n\nMeasured figures; each section is written by its bench/ script.\n';
  const part = `### ${title}\n\n${lines.map((l) => (l.startsWith('|') ? l : `- ${l}`)).join('\n')}\n`;
  let ui = text.search(/^## UI\s*$/m);
  if (ui < 0) {
    text = `${text.trimEnd()}\n\n## UI\n\nMeasured in Chromium through playwright-core against the built renderer served by \`perflab serve\`; written by bench/ui-*.js.\n`;
    ui = text.search(/^## UI\s*$/m);
  }
  const afterUi = text.slice(ui + 1).search(/^## /m);
  const uiEnd = afterUi < 0 ? text.length : ui + 1 + afterUi;
  let section = text.slice(ui, uiEnd);
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = section.search(new RegExp(`^### ${esc}\\s*$`, 'm'));
  if (at >= 0) {
    const bodyStart = section.indexOf('\n', at) + 1;
    const next = section.slice(bodyStart).search(/^###? /m);
    const end = next < 0 ? section.length : bodyStart + next;
    section = `${section.slice(0, at)}${part}\n${section.slice(end).replace(/^\n+/, '')}`;
  } else {
    section = `${section.trimEnd()}\n\n${part}`;
  }
  text = `${text.slice(0, ui)}${section.trimEnd()}\n${uiEnd < text.length ? `\n${text.slice(uiEnd)}` : ''}`;
  writeFileSync(doc, text);
  console.log(`wrote docs/performance.md (## UI / ### ${title})`);
}
