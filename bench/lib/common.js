// Shared helpers of the lab's own benchmarks (bench/*.js): fixture repositories, the machine
// line, running the built CLI, and writing one section of docs/performance.md in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'perflab.js');

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@perflab.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@perflab.invalid',
};

export function tmp(prefix) {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** Copies test/fixtures/NAME into a fresh git repository and commits it. */
export function fixture(name) {
  const dir = tmp(`perflab-bench-${name}-`);
  cpSync(path.join(ROOT, 'test', 'fixtures', name), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

export function commitAll(dir, msg) {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', msg);
  return git(dir, 'rev-parse', 'HEAD');
}

export function setRounds(dir, n) {
  const f = path.join(dir, 'work', 'work.go');
  writeFileSync(f, readFileSync(f, 'utf8').replace(/const rounds = \d+/, `const rounds = ${n}`));
}

/** Runs the built CLI; returns { code, stdout, stderr, ms }. */
export function perflab(args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

export function machine() {
  const cpus = os.cpus();
  const go = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ${go}`;
}

export function loadNow() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** Replaces (or appends) `## title` in docs/performance.md, up to the next `## `. */
export function writeSection(title, body) {
  const file = path.join(ROOT, 'docs', 'performance.md');
  const text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Performance\n\nMeasured figures; each section is written by its bench/ script.\n';
  const head = `## ${title}`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === head);
  const section = [head, '', body.trim(), ''];
  let next;
  if (start < 0) next = [...lines.filter((l, i) => !(i === lines.length - 1 && l === '')), '', ...section];
  else {
    let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    if (end < 0) end = lines.length;
    next = [...lines.slice(0, start), ...section, ...lines.slice(end)];
  }
  writeFileSync(
    file,
    `${next
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`,
  );
}

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k, n, z = 1.959964) {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, (c - r) / d), Math.min(1, (c + r) / d)];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * POSTs a body to a lab server's `/api/METHOD` on a fresh connection (a keep-alive socket the
 * server closes while the client is busy would fail the call for an unrelated reason); resolves
 * to the status, the answer's text and the time from the request to the last byte.
 */
export function postApi(url, token, method, body) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `/api/${method}`,
        method: 'POST',
        agent: false,
        headers: { 'x-perflab-token': token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One child process per checkout per round, alternating A B A B (the order flips every round):
 * `node SCRIPT --child DIR ...args`; each trial is the last line of its stdout as JSON. Returns
 * the trials of each checkout, in the order of `dirs`.
 */
export function alternateTrials(script, dirs, rounds, args = []) {
  const trials = dirs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = dirs.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const p = spawnSync(process.execPath, [script, '--child', dirs[i], ...args], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`${dirs[i]}: ${p.stderr}`);
      trials[i].push(JSON.parse(p.stdout.trim().split('\n').pop()));
    }
  }
  return trials;
}
