// `go tool pprof -no_browser -http=127.0.0.1: FILE`: pprof's own web UI for the views Perflab
// does not draw (graph, disassembly, weblist). It runs in its own process group (`go tool`
// starts pprof as a child, so killing `go` alone would leave pprof serving) with output to a
// log file, which is read for the URL (serveGoTool in go-runner.ts, shared with
// go-tool-trace.ts). Loopback only, behind the Host-checking proxy of tool-proxy.ts.
//
// Port: pprof listens on exactly the port given and prints that port, so `-http=127.0.0.1:0`
// would serve on a random port while printing ":0". An empty port (`127.0.0.1:`) makes pprof
// pick a free port itself and print the real URL; that is what is passed here.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { serveGoTool, type ToolServer } from './go-runner.js';

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
  return serveGoTool({
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
