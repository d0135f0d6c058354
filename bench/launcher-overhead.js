// Per-process cost of the launcher (src/core/launcher, driven by src/core/proc/launcher.ts)
// against Node spawning the benchmark process itself (src/core/proc/process-group.ts, the
// runner's path without the launcher), alternating one against the other, median of many.
// The process is /bin/true, so what is measured is the cost of starting, watching and reaping
// a process and collecting its outcome, as the lab sees it (from the call to the outcome).
// Also: the one-time cost of building the launcher (with a warm Go build cache) and of starting it.
// Usage: node bench/launcher-overhead.js [--n 400] [--write-docs]   (after npm run build)
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, loadNow, machine, tmp, writeSection } from './lib/common.js';

const { ensureLauncher, Launcher } = await import(path.join(ROOT, 'dist', 'core', 'proc', 'launcher.js'));
const { spawnGroup } = await import(path.join(ROOT, 'dist', 'core', 'proc', 'process-group.js'));
const { findGo } = await import(path.join(ROOT, 'dist', 'core', 'go', 'go-version.js'));
const { goCommandEnv, readGoEnv } = await import(path.join(ROOT, 'dist', 'core', 'go', 'go-env.js'));

const nAt = process.argv.indexOf('--n');
const N = nAt > 0 ? Number(process.argv[nAt + 1]) : 400;
const work = tmp('perflab-bench-launcher-');
mkdirSync(path.join(work, 'out'));
const go = await findGo(process.env, work);
const env = goCommandEnv(await readGoEnv(go.bin, process.env, work), process.env);

let t0 = performance.now();
const built = await ensureLauncher({ goBin: go.bin, env, binDir: path.join(work, 'bin') });
const buildMs = performance.now() - t0;
t0 = performance.now();
const launcher = await Launcher.start(built.path);
const startMs = performance.now() - t0;

const procEnv = { PATH: '/usr/bin:/bin' };
const opts = (i) => ({
  cwd: work,
  env: procEnv,
  outFile: path.join(work, 'out', `${i}.out`),
  maxOutputBytes: 64 << 20,
  wallTimeoutMs: 60_000,
});
async function direct(i) {
  const t = performance.now();
  const g = spawnGroup('/bin/true', [], opts(i));
  const exit = await g.done;
  if (exit.kind !== 'exited' || exit.exitCode !== 0) throw new Error(`direct: ${JSON.stringify(exit)}`);
  return { lab: performance.now() - t, own: null };
}
async function viaLauncher(i) {
  const o = opts(i);
  const t = performance.now();
  const r = await launcher.run({
    file: '/bin/true',
    args: [],
    cwd: o.cwd,
    env: o.env,
    stdout: o.outFile,
    maxOutputBytes: o.maxOutputBytes,
    timeoutMs: o.wallTimeoutMs,
  }).done;
  if (r.exit.kind !== 'exited' || r.exit.exitCode !== 0) throw new Error(`launcher: ${JSON.stringify(r)}`);
  return { lab: performance.now() - t, own: r.wallSec * 1000 };
}

// Warm-up, then alternate (which goes first flips every pair).
for (let i = 0; i < 20; i++) {
  await direct(`w${i}`);
  await viaLauncher(`w${i}l`);
}
const d = [];
const l = [];
const own = [];
for (let i = 0; i < N; i++) {
  const pair = i % 2 === 0 ? [direct, viaLauncher] : [viaLauncher, direct];
  for (const f of pair) {
    const r = await f(`${i}-${f === direct ? 'd' : 'l'}`);
    if (f === direct) d.push(r.lab);
    else {
      l.push(r.lab);
      own.push(r.own);
    }
  }
}
await launcher.close();
rmSync(work, { recursive: true, force: true });

const added = l.map((x, i) => x - own[i]);
const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(2)} ms`;
const rows = [
  ['Node spawns the process group (no launcher)', d],
  ["through the run's launcher", l],
  ['(the process itself, as the launcher measures it: fork to reaped)', own],
];
const table = [
  '| path | median | p10 | p90 |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map(([name, xs]) => `| ${name} | ${ms(q(xs, 50))} | ${ms(q(xs, 10))} | ${ms(q(xs, 90))} |`),
].join('\n');
const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; load average at the end ${loadNow()}; \`node bench/launcher-overhead.js --n ${N} --write-docs\`.

Cost per benchmark process as the lab sees it, from the call to the outcome (exit status; with the launcher also wait4's rusage), for \`/bin/true\` with its output sent to a file, ${N} of each, alternating (the order flips every pair), after 20 warm-up pairs:

${table}

Per process, the launcher ${q(l, 50) <= q(d, 50) ? 'saves' : 'adds'} **${ms(Math.abs(q(d, 50) - q(l, 50)))}** (median) against Node spawning the process itself: the lab writes one JSON line and reads two back, instead of forking its own (larger) process and polling for the group's end. What the lab pays above the process's own fork-to-reaped time through the launcher (pipe round trip, output copy, orphan check, rusage): median **${ms(q(added, 50))}** (p90 ${ms(q(added, 90))}). The machine was shared with other work (load average above); the figures are for this load. One-time costs per run: starting the launcher ${ms(startMs)}; building it (first use after an install or upgrade, warm Go build cache) ${ms(buildMs)}.`;
console.log(body);
if (process.argv.includes('--write-docs')) writeSection('Launcher', body);
