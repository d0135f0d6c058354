// Attribution of a profile's cost to the module's own code: every sample's stack is walked from
// the leaf towards the root to the nearest frame in one of the module's non-test files; the cost
// is charged there, at the line of that frame (the call line when the cost is in a callee), and
// the frames below it (runtime, standard library, dependencies) are the evidence that decides
// the category (findings-rules.ts). Stacks without such a frame (the testing harness, GC
// workers, the scheduler) are never findings. findings.ts groups the sites into findings.
import type { FindingCategory } from '../../shared/profile-types.js';
import { frameTable } from './frames.js';
import type { Profile } from './model.js';

/** The module whose code findings point at. */
export interface ModuleScope {
  /** The module path from go.mod (profiles built with -trimpath name files by it). */
  readonly path: string;
  /** The module's directory, for profiles that carry absolute file names. */
  readonly dir?: string;
}

/** What the callee chain below a module frame looks like. */
export type Pattern =
  | 'append'
  | 'concat'
  | 'conversion'
  | 'boxing'
  | 'map'
  | 'fmt'
  | 'alloc'
  | 'pool'
  | 'open'
  | 'read'
  | 'lock'
  | 'goroutine'
  | 'wait';

export const PATTERN_CATEGORY: Readonly<Record<Pattern, FindingCategory>> = {
  append: 'allocation',
  concat: 'allocation',
  conversion: 'allocation',
  boxing: 'allocation',
  map: 'allocation',
  fmt: 'allocation',
  alloc: 'allocation',
  pool: 'allocation',
  open: 'redundant I/O',
  read: 'redundant I/O',
  lock: 'lock contention',
  goroutine: 'concurrency',
  wait: 'concurrency',
};

export type AttributionKind = 'cpu' | 'mem' | 'block' | 'mutex';

/** Cost charged to one (function, line, pattern) of the module. */
export interface Site {
  readonly func: string;
  /** Module-relative file. */
  readonly file: string;
  readonly line: number;
  /** null: the module's own code with no recognised callee (a plain hot line). */
  readonly pattern: Pattern | null;
  value: number;
  /** Callee chains (leaf last, at most a few frames) and their values. */
  readonly callees: Map<string, number>;
}

export interface Attribution {
  readonly sites: readonly Site[];
  /** Sum of the sample type over all samples. */
  readonly total: number;
  /** The part of total charged to module frames. */
  readonly attributed: number;
}

const IO_OPEN =
  /^(os\.(Open|OpenFile|Create|Stat|Lstat|ReadFile|WriteFile|ReadDir)|syscall\.(openat|Open|Stat|Lstat|fstatat|Fstatat)|os\.statNolog|os\.openFileNolog|os\.openDir)/;
const IO_ANY =
  /^(os\.|syscall\.|internal\/poll\.|internal\/syscall\/|net\.|net\/http\.|io\.ReadAll|io\/ioutil\.|io\/fs\.|path\/filepath\.Walk)/;
const LOCK = /^(sync\.\(\*(Mutex|RWMutex)\)\.|sync\.\(\*Cond\)\.)/;
const WAIT = /^(sync\.\(\*WaitGroup\)\.Wait|runtime\.(chanrecv|chansend|selectgo|block$))/;
const NEWPROC = /^runtime\.(newproc|newproc1|malg)$/;

function classify(kind: AttributionKind, chain: readonly string[]): Pattern | null {
  const has = (re: RegExp) => chain.some((n) => re.test(n));
  if (has(LOCK)) return 'lock';
  // The mutex profile also records the runtime's own locks (heap, scheduler) under whatever
  // code held them: contention the module's code cannot narrow.
  if (kind === 'mutex') return null;
  if (has(IO_OPEN)) return 'open';
  if (has(IO_ANY)) return 'read';
  if (has(NEWPROC)) return 'goroutine';
  if (has(WAIT)) return 'wait';
  if (kind === 'block') return 'wait';
  if (has(/^runtime\.growslice$/)) return 'append';
  if (has(/^runtime\.concatstring/)) return 'concat';
  if (has(/^runtime\.(slicebytetostring|stringtoslicebyte|slicerunetostring|stringtoslicerune|intstring|rawstring|rawbyteslice)/))
    return 'conversion';
  if (has(/^runtime\.conv(T|I)/)) return 'boxing';
  if (has(/^(runtime\.(mapassign|makemap|hashGrow|growWork|evacuate)|internal\/runtime\/maps\.)/)) return 'map';
  if (has(/^(fmt\.|strconv\.)/)) return 'fmt';
  // Zeroing memory the code already has (`clear(b)`, a zeroing loop) calls memclrNoHeapPointers
  // directly: time in the code's own line, not an allocation (an allocation has mallocgc above it).
  if (kind === 'mem' || has(/^runtime\.(mallocgc|newobject|makeslice|newarray)/)) return 'alloc';
  return null;
}

const STD_FIRST = /^[^./]+(\/|$)/;

/** The module-relative file of a frame's file, or null when it is not the module's own non-test code. */
export function moduleFile(file: string, scope: ModuleScope | null): string | null {
  if (!file || file.endsWith('_test.go')) return null;
  const f = file.replace(/\\/g, '/');
  if (scope) {
    if (f.startsWith(`${scope.path}/`)) return f.slice(scope.path.length + 1);
    const dir = scope.dir?.replace(/\\/g, '/').replace(/\/$/, '');
    if (dir && f.startsWith(`${dir}/`)) return f.slice(dir.length + 1);
    return null;
  }
  // No module known (an imported run): anything outside the standard library and the toolchain.
  if (f.startsWith('/') || STD_FIRST.test(f) || f.startsWith('_')) return null;
  return f;
}

function chainLabel(chain: readonly string[]): string {
  if (chain.length === 0) return '';
  // What the module called; for I/O, also the system call it ends in.
  const first = chain[chain.length - 1];
  const sys = chain.findLast((n) => /^syscall\.[A-Za-z]/.test(n));
  return sys === undefined || sys === first ? first : `${first} -> ${sys}`;
}

/** Charges every sample of sample type `typeIndex` to its nearest module frame. */
export function attribute(p: Profile, typeIndex: number, kind: AttributionKind, scope: ModuleScope | null): Attribution {
  const ft = frameTable(p);
  const S = p.samples;
  const nTypes = p.sampleTypes.length;
  const sites = new Map<string, Site>();
  const modFile = new Map<number, string | null>();
  const fileOf = (li: number): string | null => {
    const fn = p.lines.func[li];
    let m = modFile.get(fn);
    if (m === undefined) {
      m = moduleFile(ft.funcFiles[fn], scope);
      modFile.set(fn, m);
    }
    return m;
  };
  let total = 0,
    attributed = 0;
  const chain: string[] = [];
  for (let s = 0; s < S.count; s++) {
    const v = S.values[s * nTypes + typeIndex];
    if (v === 0) continue;
    total += v;
    chain.length = 0;
    let hit: { frame: number; li: number; file: string } | null = null;
    for (let k = S.locStart[s]; k < S.locStart[s + 1] && !hit; k++) {
      const loc = S.locs[k];
      for (let j = ft.locFrameStart[loc]; j < ft.locFrameStart[loc + 1]; j++) {
        const li = ft.locFrameLine[j];
        const file = li >= 0 ? fileOf(li) : null;
        if (file !== null) {
          hit = { frame: ft.locFrames[j], li, file };
          break;
        }
        chain.push(ft.names[ft.locFrames[j]]);
      }
    }
    if (!hit) continue;
    attributed += v;
    const func = ft.names[hit.frame];
    const line = p.lines.line[hit.li];
    let pattern = classify(kind, chain);
    // An allocation in a sync.Pool's New: Get found the pool empty. Its evidence names the
    // module line that called Get (where a missing Put or a GC-drained pool shows).
    let getAt: string | null = null;
    if (pattern === 'alloc' && (getAt = poolGetCaller(p, ft, s, hit.frame, fileOf)) !== null) pattern = 'pool';
    const key = `${func}\0${hit.file}\0${line}\0${pattern}`;
    let site = sites.get(key);
    if (!site) sites.set(key, (site = { func, file: hit.file, line, pattern, value: 0, callees: new Map() }));
    site.value += v;
    const label = getAt !== null ? `sync.(*Pool).Get at ${getAt}` : chainLabel(chain);
    site.callees.set(label, (site.callees.get(label) ?? 0) + v);
  }
  return { sites: [...sites.values()], total, attributed };
}

/**
 * When the frames above FRAME (the module frame charged) go through sync.(*Pool).Get within a
 * few frames: the module line that called Get (`file:line`, or `?` when none is the module's).
 */
function poolGetCaller(
  p: Profile,
  ft: ReturnType<typeof frameTable>,
  s: number,
  frame: number,
  fileOf: (li: number) => string | null,
): string | null {
  const S = p.samples;
  let seen = false;
  let viaGet = false;
  let steps = 0;
  for (let k = S.locStart[s]; k < S.locStart[s + 1]; k++) {
    const loc = S.locs[k];
    for (let j = ft.locFrameStart[loc]; j < ft.locFrameStart[loc + 1]; j++) {
      if (!seen) {
        seen = ft.locFrames[j] === frame;
        continue;
      }
      const name = ft.names[ft.locFrames[j]];
      if (!viaGet) {
        if (/^sync\.\(\*Pool\)\.Get$/.test(name)) viaGet = true;
        else if (++steps > 3) return null;
        continue;
      }
      const li = ft.locFrameLine[j];
      const file = li >= 0 ? fileOf(li) : null;
      if (file !== null) return `${file}:${p.lines.line[li]}`;
    }
  }
  return viaGet ? '?' : null;
}

/** The callee chain that carries most of a site's cost ('' for the function's own code). */
export function topCallee(site: Site): string {
  let best = '',
    v = -1;
  for (const [c, x] of site.callees)
    if (x > v || (x === v && c < best)) {
      best = c;
      v = x;
    }
  return best;
}
