// go tool pprof's web UI: served on 127.0.0.1 only (at the port it printed; users get the guard
// proxy's URL, see tool-proxy.test.ts), and after
// close() nothing of its process group is left and the port is closed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pprofServerArgs, startPprofServer } from '../../../src/core/go/go-tool-pprof.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { goRunner } from '../pprof/helpers/go-run.js';
import { groupMembers, listeningAddresses } from '../pprof/helpers/procs.js';
import { realProfiles, type RealProfiles } from '../pprof/helpers/real-profiles.js';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
});

describe('startPprofServer', () => {
  it('serves the profile on 127.0.0.1 and leaves no process behind after close', async () => {
    const go = await goRunner();
    const server = await startPprofServer({ goBin: go.bin, env: go.env, file: real.cpu, sourcePath: real.module });
    let members: number[];
    try {
      expect(server.toolUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const port = Number(new URL(server.toolUrl).port);
      expect(port).toBeGreaterThan(0);
      const res = await fetch(`${server.toolUrl}ui/top`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('example.com/pprofgen.Fib');
      members = groupMembers(server.pid);
      // `go` and the pprof binary it started.
      expect(members.length).toBeGreaterThanOrEqual(2);
      const listening = listeningAddresses(members);
      expect(listening).toEqual([`127.0.0.1:${port}`]);
    } finally {
      await server.close();
    }
    expect(groupMembers(server.pid)).toEqual([]);
    for (const pid of members) expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(server.toolUrl)).rejects.toThrow();
    await server.close();
  });

  it('a diff against a base profile starts too', async () => {
    const go = await goRunner();
    const server = await startPprofServer({ goBin: go.bin, env: go.env, file: real.cpu, diffBase: real.cpu2 });
    try {
      const res = await fetch(`${server.toolUrl}ui/top`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
    expect(groupMembers(server.pid)).toEqual([]);
  });

  it("a file pprof cannot read fails with ToolFailed carrying pprof's output", async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-pprof-bad-'));
    const bad = join(dir, 'bad.pb.gz');
    writeFileSync(bad, 'not a profile');
    const err = await startPprofServer({ goBin: go.bin, env: go.env, file: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabFailure);
    expect((err as LabFailure).error).toMatchObject({ code: 'ToolFailed', detail: { command: 'go tool pprof' } });
    expect(((err as LabFailure).error.detail as { output: string }).output).toMatch(/bad\.pb\.gz/);
  });

  it('passes the file as an absolute path and only loopback flags', () => {
    const args = pprofServerArgs({ file: '-rel/x.pb.gz' });
    expect(args).toContain('-http=127.0.0.1:');
    expect(args).toContain('-no_browser');
    expect(args[args.length - 1].startsWith('/')).toBe(true);
  });
});
