// A child process for the store crash tests (store-crash.test.ts): it drives the REAL
// persistence code, compiled to dist/ (openDb, createRun, addRunRefs, insertResults,
// updateRun, storeProfile), over a synthetic matrix, and acknowledges each commit on stdout
// with a synchronous write AFTER the call returned. The parent kills it with SIGKILL at a
// random point and checks that every acknowledged commit survived.
//
//   node store-writer.mjs DATA_DIR SEED             write runs until killed (or 50 runs done)
//   node store-writer.mjs DATA_DIR --migrate        open the database (migrating it), then ack
import { writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../../../dist/', import.meta.url);
const { openDb } = await import(new URL('core/store/open-db.js', dist).href);
const { createRun, addRunRefs, updateRun } = await import(new URL('core/store/runs.js', dist).href);
const { insertResults } = await import(new URL('core/store/results.js', dist).href);
const { storeProfile } = await import(new URL('core/runner/profile-capture.js', dist).href);
const { dataPaths } = await import(new URL('core/store/data-dir.js', dist).href);
const { selfIdentity } = await import(new URL('core/proc/process-identity.js', dist).href);

const [dataDir, mode] = process.argv.slice(2);
const ack = (line) => writeSync(1, `${line}\n`);
const paths = dataPaths(dataDir);

if (mode === '--migrate') {
  const opened = openDb(paths.db);
  ack(`migrated ${opened.db.pragma('user_version', { simple: true })}`);
  opened.db.close();
  process.exit(0);
}

let seed = Number(mode) >>> 0 || 1;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const store = openDb(paths.db);
const deps = { store, paths };
const me = selfIdentity();
const PKGS = ['example.com/a', 'example.com/b', 'example.com/c'];
const BENCHES = ['BenchmarkParse', 'BenchmarkEncode/size=64', 'BenchmarkEncode/size=4096', 'BenchmarkSum'];
mkdirSync(paths.tmp, { recursive: true });
ack('ready');
for (let r = 0; r < 50; r++) {
  const runId = createRun(store.db, {
    repoId: null,
    repoPath: '/synthetic',
    kind: 'measured',
    label: `crash ${process.pid}`,
    status: 'queued',
    spec: null,
    ownerPid: me.pid,
    ownerStart: me.start,
  });
  ack(`run ${runId}`);
  updateRun(store.db, runId, { status: 'running', startedAt: new Date().toISOString() });
  const refs = addRunRefs(store.db, runId, [
    { label: 'base', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null },
    { label: 'head', name: 'HEAD', sha: 'b'.repeat(40), dirty: false, variant: null },
  ]);
  ack(`refs ${runId} ${refs.map((x) => x.id).join(',')}`);
  for (let round = 1; round <= 3; round++) {
    for (const ref of refs) {
      for (const pkg of PKGS) {
        updateRun(store.db, runId, { statusDetail: `round ${round} ${ref.label} ${pkg}` });
        const rows = BENCHES.map((name) => ({
          runRefId: ref.id,
          config: { goos: 'linux', goarch: 'amd64', pkg },
          pkg,
          name,
          cpu: 2,
          benchtime: '100x',
          iterations: 100,
          round,
          metrics: [
            { unit: 'sec/op', value: rand() * 1e-6, rawUnit: 'ns/op', rawValue: rand() * 1000 },
            { unit: 'B/op', value: 64, rawUnit: 'B/op', rawValue: 64 },
            { unit: 'allocs/op', value: 1, rawUnit: 'allocs/op', rawValue: 1 },
            { unit: 'B/s', value: rand() * 1e9, rawUnit: 'MB/s', rawValue: rand() * 1000 },
          ],
        }));
        const n = insertResults(store.db, runId, rows);
        ack(`results ${runId} ${ref.id} ${pkg} ${round} ${n}`);
      }
    }
  }
  for (const ref of refs) {
    // A profile file written the way a benchmark process writes one, then moved into the
    // content-addressed store and recorded (storeProfile, as profile capture does).
    const file = join(paths.tmp, `p-${process.pid}-${runId}-${ref.id}.pprof`);
    const bytes = Buffer.alloc(2048 + Math.floor(rand() * 8192));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    writeFileSync(file, bytes);
    const p = storeProfile(deps, runId, ref.id, PKGS[0], BENCHES[0], 'cpu', file);
    ack(`profile ${runId} ${p.id} ${p.sha256}`);
  }
  updateRun(store.db, runId, { status: 'completed', statusDetail: 'synthetic', finishedAt: new Date().toISOString() });
  ack(`done ${runId}`);
}
store.db.close();
