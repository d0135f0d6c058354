// go tool trace: derived pprof profiles (-pprof=sched|sync|syscall|net) decode as profiles,
// and the trace viewer serves on 127.0.0.1 without opening a browser, its process group gone
// after close.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveTraceProfile, startTraceServer, type TraceProfileKind } from '../../../src/core/go/go-tool-trace.js';
import { decodeProfileSync, topTable } from '../../../src/core/pprof/index.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { goRunner } from '../pprof/helpers/go-run.js';
import { groupMembers, listeningAddresses } from '../pprof/helpers/procs.js';
import { realProfiles, type RealProfiles } from '../pprof/helpers/real-profiles.js';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
});

describe('deriveTraceProfile', () => {
  it('writes a decodable profile for every kind; sync has the channel hand-offs', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-trace-'));
    for (const kind of ['sched', 'sync', 'syscall', 'net'] as TraceProfileKind[]) {
      const out = join(dir, `${kind}.pb`);
      const r = await deriveTraceProfile({ goBin: go.bin, env: go.env, cwd: dir, traceFile: real.trace, kind, out });
      expect(r.bytes).toBeGreaterThan(0);
      const p = decodeProfileSync(await readFile(out));
      expect(p.sampleTypes.length).toBeGreaterThan(0);
      if (kind === 'sync') {
        const names = topTable(p).rows.map((x) => x.name);
        expect(names.some((n) => n.includes('PingPong'))).toBe(true);
      }
    }
  });

  it('a canceled derivation is Canceled and leaves nothing running', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-trace-'));
    const ac = new AbortController();
    const p = deriveTraceProfile({
      goBin: go.bin,
      env: go.env,
      cwd: dir,
      traceFile: real.trace,
      kind: 'sched',
      out: join(dir, 'x.pb'),
      signal: ac.signal,
    });
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabFailure);
    expect((err as LabFailure).error.code).toBe('Canceled');
  });

  it('a missing trace is ToolFailed with go tool trace output', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-trace-'));
    const err = await deriveTraceProfile({
      goBin: go.bin,
      env: go.env,
      cwd: dir,
      traceFile: join(dir, 'missing.out'),
      kind: 'sync',
      out: join(dir, 'x.pb'),
    }).catch((e: unknown) => e);
    expect((err as LabFailure).error).toMatchObject({ code: 'ToolFailed', detail: { command: 'go tool trace -pprof=sync' } });
  });
});

describe('startTraceServer', () => {
  it('serves on 127.0.0.1 and is gone after close', async () => {
    const go = await goRunner();
    const server = await startTraceServer({ goBin: go.bin, env: go.env, traceFile: real.trace });
    let members: number[];
    try {
      expect(server.toolUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(server.toolUrl);
      expect(res.status).toBe(200);
      members = groupMembers(server.pid);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(listeningAddresses(members)).toEqual([`127.0.0.1:${new URL(server.toolUrl).port}`]);
    } finally {
      await server.close();
    }
    expect(groupMembers(server.pid)).toEqual([]);
    for (const pid of members) expect(() => process.kill(pid, 0)).toThrow();
  });
});
