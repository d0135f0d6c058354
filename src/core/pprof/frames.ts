// Frames at function granularity, as `go tool pprof` groups them by default: every Line of a
// Location is one frame (inlined calls included, innermost first), and frames with the same
// printable name are one node (pprof's NodeInfo with file, line and address cleared). A
// function without a name prints as its binary ("[name.test]") or "<unknown>". Derived once
// per profile and cached; tree.ts, top.ts and the other transforms index these arrays.
import type { Profile } from './model.js';

export interface FrameTable {
  readonly count: number;
  readonly names: readonly string[];
  /** Source file of each frame's function ('' when unknown). */
  readonly files: readonly string[];
  /** start_line of each frame's function (0 when unknown). */
  readonly startLines: Float64Array;
  readonly byName: ReadonlyMap<string, number>;
  /** Sort rank of each frame by name (JS string order). */
  readonly rank: Int32Array;
  /** Frames of location i: locFrames[locFrameStart[i] .. locFrameStart[i+1]), innermost first. */
  readonly locFrameStart: Int32Array;
  readonly locFrames: Int32Array;
  /** The line index behind each entry of locFrames (-1 for a location without lines). */
  readonly locFrameLine: Int32Array;
  /** Function name of each function index (decoded once). */
  readonly funcNames: readonly string[];
  readonly funcFiles: readonly string[];
}

const cache = new WeakMap<Profile, FrameTable>();

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

export function frameTable(p: Profile): FrameTable {
  const hit = cache.get(p);
  if (hit) return hit;
  const s = p.stringTable;
  const F = p.functions;
  const funcNames: string[] = new Array<string>(F.count);
  const funcFiles: string[] = new Array<string>(F.count);
  for (let f = 0; f < F.count; f++) {
    funcNames[f] = s.get(F.name[f]);
    funcFiles[f] = s.get(F.filename[f]);
  }
  const names: string[] = [];
  const files: string[] = [];
  const starts: number[] = [];
  const byName = new Map<string, number>();
  const intern = (name: string, file: string, start: number): number => {
    let i = byName.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      files.push(file);
      starts.push(start);
      byName.set(name, i);
    }
    return i;
  };
  // Frame of each function (when named), computed once.
  const funcFrame = new Int32Array(F.count).fill(-1);
  for (let f = 0; f < F.count; f++) if (funcNames[f] !== '') funcFrame[f] = intern(funcNames[f], funcFiles[f], F.startLine[f]);

  const L = p.locations;
  const lines = p.lines;
  const objName = (loc: number): string => {
    const m = L.mapping[loc];
    const file = m >= 0 ? s.get(p.mappings.filename[m]) : '';
    return file ? `[${baseName(file)}]` : '<unknown>';
  };
  let n = 0;
  for (let l = 0; l < L.count; l++) n += Math.max(1, L.lineStart[l + 1] - L.lineStart[l]);
  const locFrameStart = new Int32Array(L.count + 1);
  const locFrames = new Int32Array(n);
  const locFrameLine = new Int32Array(n);
  let k = 0;
  for (let l = 0; l < L.count; l++) {
    locFrameStart[l] = k;
    const a = L.lineStart[l],
      b = L.lineStart[l + 1];
    if (a === b) {
      locFrames[k] = intern(objName(l), '', 0);
      locFrameLine[k++] = -1;
      continue;
    }
    for (let i = a; i < b; i++) {
      const f = lines.func[i];
      locFrames[k] = funcFrame[f] >= 0 ? funcFrame[f] : intern(objName(l), funcFiles[f], F.startLine[f]);
      locFrameLine[k++] = i;
    }
  }
  locFrameStart[L.count] = k;

  const order = names.map((_, i) => i).sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  const rank = new Int32Array(names.length);
  order.forEach((f, r) => {
    rank[f] = r;
  });
  const t: FrameTable = {
    count: names.length,
    names,
    files,
    startLines: Float64Array.from(starts),
    byName,
    rank,
    locFrameStart,
    locFrames,
    locFrameLine,
    funcNames,
    funcFiles,
  };
  cache.set(p, t);
  return t;
}
