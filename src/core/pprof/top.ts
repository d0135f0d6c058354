// The top table at function granularity, computed the way `go tool pprof -top` does
// (graph.newGraph): per sample, flat goes to the leaf frame and cum to every distinct frame of
// the stack once (recursion counts once); samples of value 0 are skipped; functions with flat
// and cum both 0 are dropped; rows sort by |flat|, then name, then |cum|. Percentages are of
// the total of the unfiltered profile, or of the base's total in diff mode (`-diff_base`).
import type { SampleTypeInfo, TopRow, TopTable } from '../../shared/profile-types.js';
import { frameView, type FilterOptions } from './filter.js';
import { frameTable, type FrameTable } from './frames.js';
import type { Profile } from './model.js';
import { profileTotal, resolveSampleType, type CallTree } from './tree.js';

export interface TopOptions extends FilterOptions {
  readonly sampleType?: string;
  /** Rows to return (default all). */
  readonly n?: number;
  /** Diff mode: values are new minus base, per function name. */
  readonly base?: TopSource;
}

export interface FlatCum {
  readonly names: readonly string[];
  readonly files: readonly string[];
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
}

/** Flat and cum per frame of one profile (frames of frameTable(p)). */
export function flatCum(p: Profile, opts: FilterOptions & { readonly sampleType?: string }): FlatCum {
  const ti = resolveSampleType(p, opts.sampleType);
  const ft = frameTable(p);
  const { locFrameStart, locFrames, keep } = frameView(p, opts);
  const S = p.samples;
  const nt = p.sampleTypes.length;
  const flat = new Float64Array(ft.count);
  const cum = new Float64Array(ft.count);
  const stamp = new Int32Array(ft.count).fill(-1);
  for (let s = 0; s < S.count; s++) {
    if (keep !== null && keep[s] === 0) continue;
    const w = S.values[s * nt + ti];
    if (w === 0) continue;
    let leaf = -1;
    for (let li = S.locStart[s]; li < S.locStart[s + 1]; li++) {
      const loc = S.locs[li];
      for (let k = locFrameStart[loc]; k < locFrameStart[loc + 1]; k++) {
        const f = locFrames[k];
        if (leaf < 0) leaf = f;
        if (stamp[f] !== s) {
          stamp[f] = s;
          cum[f] += w;
        }
      }
    }
    if (leaf >= 0) flat[leaf] += w;
  }
  return { names: ft.names, files: ft.files, flat, cum, total: profileTotal(p, ti) };
}

/**
 * Flat and cum per frame from a call tree: flat is the nodes' self, cum the value of each
 * frame's outermost nodes (a recursive frame counts once per stack), which is what the
 * per-sample computation gives.
 */
export function treeFlatCum(t: CallTree): FlatCum {
  const nf = t.frames.count;
  const flat = new Float64Array(nf);
  const cum = new Float64Array(nf);
  const active = new Int32Array(nf);
  const stack = new Int32Array(t.count);
  let sp = 0;
  for (let i = 1; i < t.count; i++) {
    const d = t.depth[i];
    // Leave the nodes that are not ancestors of i (the stack holds the path at depths 1..).
    while (sp >= d) active[t.frame[stack[--sp]]]--;
    const f = t.frame[i];
    flat[f] += t.self[i];
    if (active[f] === 0) cum[f] += t.value[i];
    active[f]++;
    stack[sp++] = i;
  }
  return { names: t.frames.names, files: t.frames.files, flat, cum, total: t.total };
}

export function fileOf(ft: FrameTable, f: number): string {
  const file = ft.files[f];
  if (!file) return '';
  const line = ft.startLines[f];
  return line > 0 ? `${file}:${line}` : file;
}

/** A source of flat/cum numbers: a profile (with options applied here) or a built tree. */
export type TopSource = Profile | CallTree;

function isTree(x: TopSource): x is CallTree {
  return (x as CallTree).depth !== undefined && (x as CallTree).frames !== undefined;
}

function numbers(
  x: TopSource,
  opts: FilterOptions & { readonly sampleType?: string },
): { fc: FlatCum; ft: FrameTable; type: SampleTypeInfo; types: readonly SampleTypeInfo[] } {
  if (isTree(x)) return { fc: treeFlatCum(x), ft: x.frames, type: x.sampleType, types: x.sampleTypes };
  const ti = resolveSampleType(x, opts.sampleType);
  return { fc: flatCum(x, opts), ft: frameTable(x), type: x.sampleTypes[ti], types: x.sampleTypes };
}

/**
 * `go tool pprof -top` for a profile (sampleType, focus/ignore/hide from opts) or for an
 * already built tree (its own type and filters). With `base`, values are new minus base per
 * function and percentages are of the base's total, as with `-diff_base`.
 */
export function topTable(src: TopSource, opts: TopOptions = {}): TopTable {
  const { fc: head, ft, type, types } = numbers(src, opts);
  const names: string[] = [];
  const files: string[] = [];
  const flat: number[] = [];
  const cum: number[] = [];
  let total = head.total;
  let baseInfo: { flat: number[]; cum: number[] } | null = null;
  if (opts.base) {
    const { fc: base, ft: bft } = numbers(opts.base, { ...opts, sampleType: type.type });
    // pprof's total in diff mode: the base's |values|, unless that is 0.
    total = base.total > 0 ? base.total : head.total;
    const index = new Map<string, number>();
    const bflat: number[] = [];
    const bcum: number[] = [];
    const add = (name: string, file: string) => {
      let i = index.get(name);
      if (i === undefined) {
        i = names.length;
        index.set(name, i);
        names.push(name);
        files.push(file);
        flat.push(0);
        cum.push(0);
        bflat.push(0);
        bcum.push(0);
      }
      return i;
    };
    for (let f = 0; f < ft.count; f++) {
      if (head.flat[f] === 0 && head.cum[f] === 0) continue;
      const i = add(ft.names[f], fileOf(ft, f));
      flat[i] += head.flat[f];
      cum[i] += head.cum[f];
    }
    for (let f = 0; f < bft.count; f++) {
      if (base.flat[f] === 0 && base.cum[f] === 0) continue;
      const i = add(bft.names[f], fileOf(bft, f));
      flat[i] -= base.flat[f];
      cum[i] -= base.cum[f];
      bflat[i] += base.flat[f];
      bcum[i] += base.cum[f];
    }
    baseInfo = { flat: bflat, cum: bcum };
  } else {
    for (let f = 0; f < ft.count; f++) {
      if (head.flat[f] === 0 && head.cum[f] === 0) continue;
      names.push(ft.names[f]);
      files.push(fileOf(ft, f));
      flat.push(head.flat[f]);
      cum.push(head.cum[f]);
    }
  }
  const order: number[] = [];
  for (let i = 0; i < names.length; i++) if (flat[i] !== 0 || cum[i] !== 0) order.push(i);
  order.sort((a, b) => {
    const fa = Math.abs(flat[a]),
      fb = Math.abs(flat[b]);
    if (fa !== fb) return fb - fa;
    if (names[a] !== names[b]) return names[a] < names[b] ? -1 : 1;
    return Math.abs(cum[b]) - Math.abs(cum[a]);
  });
  const limit = opts.n !== undefined ? Math.max(0, opts.n) : order.length;
  const rows: TopRow[] = [];
  let sum = 0;
  const pct = (v: number) => (total === 0 ? 0 : (100 * v) / total);
  for (const i of order.slice(0, limit)) {
    sum += flat[i];
    const row: TopRow = {
      name: names[i],
      file: files[i],
      flat: flat[i],
      flatPct: pct(flat[i]),
      sumPct: pct(sum),
      cum: cum[i],
      cumPct: pct(cum[i]),
    };
    rows.push(baseInfo ? { ...row, baseFlat: baseInfo.flat[i], baseCum: baseInfo.cum[i] } : row);
  }
  return {
    sampleType: type,
    sampleTypes: types,
    total,
    rows,
    diff: opts.base !== undefined,
    ...(opts.base ? { newTotal: head.total } : {}),
  };
}
