// `go env -json`, read once, and the explicit environment every go process gets. The go
// command reads GOFLAGS from the environment and from the `go env -w` file, and an empty
// GOFLAGS= does not override the file, so every go process runs with GOENV=off and an
// environment built here from an allowlist (see docs/security.md).
import { runGo } from './go-runner.js';
import { fail } from '../../shared/errors.js';

/** Settings from `go env` a build needs (module fetching, caches, cgo). */
const GO_SETTINGS = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GONOSUMCHECK',
  'GOSUMDB',
  'GOINSECURE',
  'GOVCS',
  'GOAUTH',
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOTMPDIR',
  'CGO_ENABLED',
  'CC',
  'CXX',
  'AR',
  'PKG_CONFIG',
  'CGO_CFLAGS',
  'CGO_CPPFLAGS',
  'CGO_CXXFLAGS',
  'CGO_FFLAGS',
  'CGO_LDFLAGS',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
] as const;

/** Process environment variables passed through (the system, proxies, certificates). */
const SYSTEM_VARS = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'LOCALAPPDATA',
  'APPDATA',
  'USERPROFILE',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'LANG',
  'LC_ALL',
  'TZ',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
] as const;

/** GOFLAGS entries kept from the user's settings; everything else (-toolexec, -exec, ...) is dropped. */
const GOFLAGS_ALLOWED = /^-(?:mod=(?:mod|readonly|vendor)|modcacherw|buildvcs=(?:true|false|auto))$/;

export interface GoEnvInfo {
  /** The whole `go env -json` as read. */
  readonly raw: Readonly<Record<string, string>>;
  /** GOFLAGS entries kept and dropped. */
  readonly goflagsKept: readonly string[];
  readonly goflagsDropped: readonly string[];
}

/** Runs `go env -json` once in a neutral directory with GOTOOLCHAIN=local. */
export async function readGoEnv(goBin: string, processEnv: NodeJS.ProcessEnv, cwd: string): Promise<GoEnvInfo> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
  env.GOTOOLCHAIN = 'local';
  env.GOWORK = 'off';
  const r = await runGo(goBin, ['env', '-json'], { cwd, env, timeoutMs: 60_000, command: 'go env -json' });
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(r.stdout) as Record<string, string>;
  } catch {
    fail('ToolFailed', { command: 'go env -json', exitCode: r.exitCode, output: 'unparsable output' });
  }
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const f of (raw.GOFLAGS ?? '').split(/\s+/).filter(Boolean)) (GOFLAGS_ALLOWED.test(f) ? kept : dropped).push(f);
  return { raw, goflagsKept: kept, goflagsDropped: dropped };
}

export interface GoProcessSettings {
  /** GOTOOLCHAIN value (default local). */
  readonly toolchain?: string;
  /** Honour go.work files (default off). */
  readonly gowork?: boolean;
  /** Build settings of a variant (GOAMD64, GOEXPERIMENT...). */
  readonly buildEnv?: Readonly<Record<string, string>>;
}

/** The explicit environment of a go command (build, list, tool). */
export function goCommandEnv(info: GoEnvInfo, processEnv: NodeJS.ProcessEnv, s: GoProcessSettings = {}): Record<string, string> {
  const env = systemEnv(processEnv);
  for (const k of GO_SETTINGS) {
    const v = info.raw[k];
    if (v !== undefined && v !== '') env[k] = v;
  }
  env.GOENV = 'off';
  env.GOFLAGS = info.goflagsKept.join(' ');
  env.GOTOOLCHAIN = s.toolchain ?? 'local';
  env.GOWORK = s.gowork ? 'auto' : 'off';
  env.GIT_TERMINAL_PROMPT = '0';
  for (const [k, v] of Object.entries(s.buildEnv ?? {})) env[k] = v;
  if (env.GOWORK === 'auto') delete env.GOWORK;
  return env;
}

/** The explicit environment of a benchmark process: the system, GOROOT, plus only the runtime
 * knobs the run sets. Test binaries are built with -trimpath, so runtime.GOROOT() (and
 * go/build's default GOROOT, go/importer...) has only $GOROOT to go by; `go test` binaries,
 * built without it, know their toolchain's root. Tests that parse the standard library (x/tools'
 * go/ast/inspector: `build.Default.Import("net", ...)` in an init) fail without it. */
export function benchProcessEnv(
  processEnv: NodeJS.ProcessEnv,
  runEnv: Readonly<Record<string, string>>,
  goroot?: string,
): Record<string, string> {
  const env = systemEnv(processEnv);
  if (goroot) env.GOROOT = goroot;
  for (const [k, v] of Object.entries(runEnv)) env[k] = v;
  return env;
}

/** An environment for running a test binary built by a go command with `env`: `env` plus the
 * toolchain's GOROOT (see benchProcessEnv). */
export function withGoroot(env: Readonly<Record<string, string>>, goroot: string | undefined): Record<string, string> {
  return goroot ? { ...env, GOROOT: goroot } : { ...env };
}

/** `go env GOROOT` of the toolchain a go command with `env` selects (a GOTOOLCHAIN variant's own). */
export async function goRootOf(goBin: string, env: Readonly<Record<string, string>>, cwd: string, signal?: AbortSignal): Promise<string> {
  const r = await runGo(goBin, ['env', 'GOROOT'], { cwd, env, timeoutMs: 300_000, command: 'go env GOROOT', signal });
  const root = r.stdout.trim();
  if (root === '') fail('ToolFailed', { command: 'go env GOROOT', exitCode: r.exitCode, output: r.stderr.slice(0, 2000) });
  return root;
}

function systemEnv(processEnv: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of SYSTEM_VARS) {
    const v = processEnv[k];
    if (v !== undefined) env[k] = v;
  }
  if (!env.PATH) env.PATH = '/usr/local/bin:/usr/bin:/bin';
  return env;
}
