// `go tool pprof -no_browser -http=127.0.0.1: FILE`: pprof's own web UI for the views Perflab
// does not draw (graph, disassembly, weblist). It runs in its own process group (`go tool`
// starts pprof as a child, so killing `go` alone would leave pprof serving) with output to a
// log file, which is read for the URL. Loopback only, and never handed out directly: the user
// gets the URL of a Host-checking proxy with a one-time token (tool-proxy.ts), since the tool
// itself answers any Host header. `serveTool` is shared with go-tool-trace.ts.
//
// Port: pprof listens on exactly the port given and prints that port, so `-http=127.0.0.1:0`
// would serve on a random port while printing ":0". An empty port (`127.0.0.1:`) makes pprof
// pick a free port itself and print the real URL; that is what is passed here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fail } from '../../shared/errors.js';
import { spawnGroup, type GroupExit } from '../proc/process-group.js';
import { startToolProxy } from './tool-proxy.js';

export interface ToolServer {
  /** The guard proxy's URL with its token (http://127.0.0.1:PROXYPORT/__perflab/open?token=...): what users get. */
  readonly url: string;
  /** The tool's own http://127.0.0.1:PORT/ (no Host check: never handed out). */
  readonly toolUrl: string;
  /** Process group id (the `go` process). */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the server's process group has ended (closed or died). */
  readonly done: Promise<GroupExit>;
  /** Stops the proxy and the whole process group; resolves when none of it is left. Idempotent. */
  close(): Promise<void>;
}

export interface ServeToolOptions {
  readonly goBin: string;
  /** The explicit go environment (goCommandEnv). */
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The line that carries the URL; group 1 is the URL. */
  readonly urlPattern: RegExp;
  /** Command named in errors ("go tool pprof"). */
  readonly command: string;
  readonly startTimeoutMs: number;
  readonly logFile?: string;
}

/** Starts a go tool web server and waits for its URL (loopback only). */
export async function serveTool(o: ServeToolOptions): Promise<ToolServer> {
  const ownDir = o.logFile ? null : mkdtempSync(join(tmpdir(), 'perflab-tool-'));
  const logFile = o.logFile ?? join(ownDir!, 'server.log');
  const g = spawnGroup(o.goBin, o.args, { cwd: o.cwd, env: o.env, outFile: logFile });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await g.kill('canceled');
      await g.done;
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    })();
    return closing;
  };
  const state: { exited: GroupExit | null } = { exited: null };
  void g.done.then((e) => { state.exited = e; });
  const until = Date.now() + o.startTimeoutMs;
  const read = () => { try { return readFileSync(logFile, 'utf8'); } catch { return ''; } };
  for (;;) {
    const out = read();
    const m = o.urlPattern.exec(out);
    if (m) {
      const url = new URL(m[1]);
      if (url.hostname !== '127.0.0.1' || url.port === '' || url.port === '0') {
        await close();
        fail('ToolFailed', { command: o.command, exitCode: null, output: `refusing to use ${m[1]}: not a loopback URL with a port` });
      }
      const proxy = await startToolProxy(`${url.origin}/`).catch(async (err: Error) => {
        await close();
        return fail('ToolFailed', { command: o.command, exitCode: null, output: `could not start the guard proxy: ${err.message}` });
      });
      const closeBoth = async () => {
        await proxy.close();
        await close();
      };
      // A tool that dies takes its proxy with it.
      void g.done.then(() => proxy.close());
      return { url: proxy.url, toolUrl: `${url.origin}/`, pid: g.pid, logFile, done: g.done, close: closeBoth };
    }
    if (state.exited !== null) {
      const e = state.exited;
      await close();
      if (e.kind === 'spawn-failed') fail('SpawnFailed', { command: o.command, errno: e.errno });
      fail('ToolFailed', { command: o.command, exitCode: e.kind === 'exited' ? e.exitCode : null, output: out.slice(-4000) });
    }
    if (Date.now() > until) {
      await close();
      fail('ToolFailed', { command: o.command, exitCode: null, output: `no URL after ${o.startTimeoutMs} ms\n${out.slice(-4000)}` });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface PprofServerOptions {
  readonly goBin: string;
  readonly env: Readonly<Record<string, string>>;
  /** The profile to serve (made absolute, so it can never read as a flag). */
  readonly file: string;
  /** Diff mode: serve FILE relative to this base profile (-diff_base). */
  readonly diffBase?: string;
  /** Where pprof looks for source files (-source_path), e.g. the repository's worktree. */
  readonly sourcePath?: string;
  readonly cwd?: string;
  readonly startTimeoutMs?: number;
  readonly logFile?: string;
}

export function pprofServerArgs(o: Pick<PprofServerOptions, 'file' | 'diffBase' | 'sourcePath'>): string[] {
  const args = ['tool', 'pprof', '-no_browser', '-http=127.0.0.1:', '-symbolize=none'];
  if (o.diffBase) args.push(`-diff_base=${resolve(o.diffBase)}`);
  if (o.sourcePath) args.push(`-source_path=${resolve(o.sourcePath)}`);
  args.push(resolve(o.file));
  return args;
}

/** Starts pprof's web UI on 127.0.0.1 (a free port) for a profile file. */
export function startPprofServer(o: PprofServerOptions): Promise<ToolServer> {
  return serveTool({
    goBin: o.goBin,
    env: o.env,
    args: pprofServerArgs(o),
    cwd: o.cwd ?? tmpdir(),
    urlPattern: /Serving web UI on (http:\/\/\S+)/,
    command: 'go tool pprof',
    startTimeoutMs: o.startTimeoutMs ?? 120_000,
    logFile: o.logFile,
  });
}
