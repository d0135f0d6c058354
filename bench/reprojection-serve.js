// Re-projection as the UI gets it: `perflab serve` (this checkout), the 5,000-row input of
// bench/reprojection-ab.js imported as one run (two files as columns), and the Compare view's
// call for each projection a user clicks through: `compareView` (the rows' names in the order
// shown and the first 200 rows; `--whole` times the whole comparison without samples instead,
// what the view asked for before 2026-12-05), timed from the request to the answer received
// and parsed (JSON.parse, as the renderer does before it draws; the browser's own render of
// the view is bench/ui-compare.js's figure), on a fresh connection each. Also timed: the next
// 200 rows as the table scrolls (`compareViewRows`) and an opened row's samples. The
// first projection computes every statistic and is not counted; then 5 rounds of the 8
// projections, each asked 3 times: the first is a new projection (the server keeps the last 4
// views of an input, and 7 others came since), the best of the other two is going back to one
// it kept; figures: the median projection of each round, the median
// round. Also the server's CPU time per call (/proc/PID/stat) and the answer's size.
// --busy N starts N busy-loop processes for the timed part (one per core: the target's
// "loaded machine"). Usage: node bench/reprojection-serve.js [--busy N] (after npm run build).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median, postApi } from './lib/common.js';
import { generate, VARIANTS } from './lib/reprojection-input.js';
import { requireBuild, startServe } from './ui-support.js';

const busyAt = process.argv.indexOf('--busy');
const busy = busyAt > 0 ? Number(process.argv[busyAt + 1]) : 0;
const whole = process.argv.includes('--whole');

/** The server's user + system CPU time in ms (clock ticks of 10 ms). */
function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

requireBuild();
const serve = await startServe();
/** One API call, timed from the request to the answer parsed (as the renderer does before it draws). */
async function call(method, input) {
  const t0 = performance.now();
  const r = await postApi(serve.url, serve.token, method, Buffer.from(JSON.stringify(input)));
  const value = JSON.parse(r.text);
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`${method}: ${r.status} ${r.text.slice(0, 300)}`);
  return { ms, bytes: Buffer.byteLength(r.text), value };
}

const loops = [];
try {
  const imported = await call('importBenchfmt', {
    files: [
      { name: 'old', text: generate(3, 1) },
      { name: 'new', text: generate(4, 0.98) },
    ],
    label: 'reprojection bench',
  });
  const runId = imported.value.value?.runId;
  if (typeof runId !== 'number') throw new Error(`importBenchfmt answered ${JSON.stringify(imported.value).slice(0, 300)}`);
  const input = (v) => (whole ? { runs: [runId], by: 'file', samples: false, ...v } : { runs: [runId], by: 'file', limit: 200, ...v });
  const method = whole ? 'compare' : 'compareView';
  const first = await call(method, input({}));
  const firstNames = whole
    ? (first.value.value?.tables?.[0]?.rows ?? []).map((r) => r.name)
    : (first.value.value?.tables?.[0]?.names ?? []);
  for (let i = 0; i < busy; i++) loops.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  const rounds = [];
  const repeats = [];
  const opens = [];
  const scrolls = [];
  const cpus = [];
  let bytes = 0;
  for (let round = 0; round < 5; round++) {
    const per = [];
    const again = [];
    for (const v of VARIANTS) {
      const times = [];
      for (let k = 0; k < 3; k++) {
        const c0 = cpuMs(serve.pid);
        const r = await call(method, input(v));
        if (k === 0) cpus.push(cpuMs(serve.pid) - c0);
        if (v === VARIANTS[VARIANTS.length - 1]) bytes = r.bytes;
        times.push(r.ms);
      }
      per.push(times[0]);
      again.push(Math.min(times[1], times[2]));
    }
    rounds.push(median(per));
    repeats.push(median(again));
    // Scrolling the last projection's table: the next 200 rows.
    if (!whole) scrolls.push((await call('compareViewRows', { ...input({}), tableIndex: 0, offset: 200 * (round + 1), limit: 200 })).ms);
    // Opening a row of the last projection: its samples.
    const row = firstNames[(round * 997) % Math.max(1, firstNames.length)] ?? '';
    opens.push(
      (
        await call('compareSamples', { runs: [runId], by: 'file', tableIndex: 0, rowName: row }).catch(
          (e) => (console.error(String(e).slice(0, 300)), { ms: NaN }),
        )
      ).ms,
    );
  }
  console.log(
    `re-projection through perflab serve (${method}, 5,000 rows, ${busy} busy loop(s)): first projection ${first.ms.toFixed(0)} ms; ` +
      `then median ${median(rounds).toFixed(0)} ms per projection (rounds ${rounds.map((x) => x.toFixed(0)).join(', ')} ms), ` +
      `going back to a kept one ${median(repeats).toFixed(0)} ms; ` +
      `server CPU median ${median(cpus).toFixed(0)} ms per call (10 ms ticks), answer ${(bytes / 1e6).toFixed(1)} MB; ` +
      `opening a row (compareSamples) median ${median(opens).toFixed(0)} ms` +
      (whole ? '' : `; next 200 rows (compareViewRows) median ${median(scrolls).toFixed(0)} ms`),
  );
} finally {
  for (const p of loops) p.kill();
  await serve.stop();
}
