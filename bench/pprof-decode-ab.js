// A/B of two builds of the profile parser on the same 66 MB synthetic profile, alternating
// old and new 7 times in one process: identical output on every field, and the median ratio.
// Usage: copy a dist/ of the old code to /tmp/pprof-old, build the new one, then
// `node bench/pprof-decode-ab.js`. Used for refactors of src/core/pprof/decode*.ts.
import { gunzipSync } from 'node:zlib';
import { readFileSync, existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const oldM = await import('/tmp/pprof-old/core/pprof/decode.js');
const newM = await import(new URL('../dist/core/pprof/decode.js', import.meta.url).href);
const { writeSyntheticCpuProfile } = await import('./pprof-synth.js');
const f = '/tmp/synth-ab.pb.gz';
if (!existsSync(f)) writeSyntheticCpuProfile(f, { stacks: 1_000_000, seed: 1 });
const buf = gunzipSync(readFileSync(f));
console.log('bytes', buf.length);
const a = oldM.parseProfileBytes(buf),
  b = newM.parseProfileBytes(buf);
for (const k of Object.keys(a)) {
  const x = a[k],
    y = b[k];
  const same = ArrayBuffer.isView(x) ? x.length === y.length && x.every((v, i) => v === y[i]) : x === y;
  if (!same) {
    console.log('DIFF', k);
    process.exit(1);
  }
}
console.log('outputs identical on', Object.keys(a).length, 'fields');
const t = { old: [], new: [] };
for (let i = 0; i < 7; i++)
  for (const [name, m] of [
    ['old', oldM],
    ['new', newM],
  ]) {
    const s = performance.now();
    m.parseProfileBytes(buf);
    t[name].push(performance.now() - s);
  }
const med = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
console.log('median ms old', med(t.old).toFixed(0), 'new', med(t.new).toFixed(0), 'ratio new/old', (med(t.new) / med(t.old)).toFixed(3));
console.log(JSON.stringify(t));
