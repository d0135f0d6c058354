// The call tree of one sample type: every stack (root first, inlined frames expanded) merged
// into a trie keyed by (parent node, frame), built with an open-addressing hash over typed
// arrays, then laid out in depth-first preorder with children sorted by name. Node 0 is the
// root ("root"); subtree of node i is [i, end[i]). Flame data, sandwich, diff and top read
// this layout; nothing mutates it after buildTree returns.
import { fail } from '../../shared/errors.js';
import type { SampleTypeInfo } from '../../shared/profile-types.js';
import { frameTable, type FrameTable } from './frames.js';
import { frameView, type FilterOptions } from './filter.js';
import { sampleTypeIndex, type Profile } from './model.js';
import { sampleVisitOrder } from './stack-order.js';

export interface TreeOptions extends FilterOptions {
  /** Sample type name (e.g. "cpu", "alloc_space"); the profile's default when absent. */
  readonly sampleType?: string;
  /** Most nodes the call tree may hold (default DEFAULT_MAX_NODES); past it, ProfileTooLarge. */
  readonly maxNodes?: number;
}

/** Node cap of a call tree: about 1 GB of typed arrays while building (~100 bytes a node). */
export const DEFAULT_MAX_NODES = 8 * 1024 * 1024;

export interface CallTree {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  /** pprof's total: sum of |value| over every sample of the unfiltered profile. */
  readonly total: number;
  readonly frames: FrameTable;
  readonly count: number;
  /** Frame index of each node; -1 for the root. */
  readonly frame: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly end: Int32Array;
  /** Cumulative value (the node and everything below it). */
  readonly value: Float64Array;
  readonly self: Float64Array;
}

/** The sample type index for an option, or an InvalidInput naming the known types. */
export function resolveSampleType(p: Profile, sampleType: string | undefined): number {
  const i = sampleTypeIndex(p, sampleType);
  if (i < 0)
    fail('InvalidInput', { field: 'sampleType', value: sampleType ?? '' }, `known types: ${p.sampleTypes.map((t) => t.type).join(', ')}`);
  return i;
}

/** pprof's total for one sample type: the sum of absolute values of every sample. */
export function profileTotal(p: Profile, ti: number): number {
  const nt = p.sampleTypes.length;
  const v = p.samples.values;
  let t = 0;
  for (let s = 0; s < p.samples.count; s++) t += Math.abs(v[s * nt + ti]);
  return t;
}

export function buildTree(p: Profile, opts: TreeOptions = {}): CallTree {
  const ti = resolveSampleType(p, opts.sampleType);
  const ft = frameTable(p);
  const view = frameView(p, opts);
  const { locFrameStart, locFrames } = view;
  const keep = view.keep;
  const S = p.samples;
  const nt = p.sampleTypes.length;
  const values = S.values;
  const maxNodes = opts.maxNodes ?? DEFAULT_MAX_NODES;

  // Trie in creation order; parent index < child index.
  // Sized for about four nodes per sample (growing costs a rehash of every node).
  let cap = 1024;
  while (cap < S.count * 4 && cap < 1 << 23) cap *= 2;
  let nParent = new Int32Array(cap),
    nFrame = new Int32Array(cap);
  let nSelf = new Float64Array(cap);
  nParent[0] = -1;
  nFrame[0] = -1;
  let n = 1;
  // Hash slots: [parent, frame, node] triples; node -1 = empty. Load factor <= 1/2.
  let bits = 1;
  while (1 << bits < cap * 2) bits++;
  let hcap = 1 << bits;
  let shift = 32 - bits;
  let hmask = hcap - 1;
  let table = new Int32Array(hcap * 3).fill(-1);

  const rehash = () => {
    bits++;
    hcap = 1 << bits;
    shift = 32 - bits;
    hmask = hcap - 1;
    table = new Int32Array(hcap * 3).fill(-1);
    for (let i = 1; i < n; i++) {
      let h = hashPair(nParent[i], nFrame[i]) >>> shift;
      while (table[h * 3 + 2] !== -1) h = (h + 1) & hmask;
      table[h * 3] = nParent[i];
      table[h * 3 + 1] = nFrame[i];
      table[h * 3 + 2] = i;
    }
  };

  // Samples sorted by call path (stack-order.ts); the previous sample's path is reused as
  // far as the locations agree, and only the rest is looked up in the hash.
  const order = sampleVisitOrder(p, ti, keep);
  let pathLoc = new Int32Array(64);
  let pathNode = new Int32Array(64);
  let pathLen = 0;
  for (let oi = 0; oi < order.length; oi++) {
    const s = order[oi];
    const w = values[s * nt + ti];
    const top = S.locStart[s + 1] - 1;
    const nLocs = top + 1 - S.locStart[s];
    if (nLocs > pathLoc.length) {
      pathLoc = grow32(pathLoc, nLocs * 2);
      pathNode = grow32(pathNode, nLocs * 2);
    }
    let node = 0;
    let d = 0;
    while (d < pathLen && d < nLocs && S.locs[top - d] === pathLoc[d]) node = pathNode[d++];
    for (; d < nLocs; d++) {
      const loc = S.locs[top - d];
      for (let fi = locFrameStart[loc + 1] - 1; fi >= locFrameStart[loc]; fi--) {
        const frame = locFrames[fi];
        let h = hashPair(node, frame) >>> shift;
        let child = -1;
        for (;;) {
          const at = h * 3;
          const c = table[at + 2];
          if (c === -1) break;
          if (table[at] === node && table[at + 1] === frame) {
            child = c;
            break;
          }
          h = (h + 1) & hmask;
        }
        if (child === -1) {
          if (n >= maxNodes) fail('ProfileTooLarge', { size: n + 1, limit: maxNodes, stage: 'nodes' });
          if (n === nParent.length) {
            const c2 = nParent.length * 2;
            nParent = grow32(nParent, c2);
            nFrame = grow32(nFrame, c2);
            nSelf = grow64(nSelf, c2);
          }
          child = n++;
          nParent[child] = node;
          nFrame[child] = frame;
          const at = h * 3;
          table[at] = node;
          table[at + 1] = frame;
          table[at + 2] = child;
          if (n * 2 > hcap) rehash();
        }
        node = child;
      }
      pathLoc[d] = loc;
      pathNode[d] = node;
    }
    pathLen = nLocs;
    nSelf[node] += w;
  }
  table = new Int32Array(0);
  return layoutTree(
    { sampleType: p.sampleTypes[ti], sampleTypes: p.sampleTypes, total: profileTotal(p, ti), frames: ft },
    n,
    nParent,
    nFrame,
    nSelf,
  );
}

/** Fibonacci hashing of the pair; callers take the top bits (>>> shift). */
function hashPair(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca77), 0x9e3779b1);
}

function grow32(a: Int32Array, c: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(c);
  b.set(a);
  return b;
}
function grow64(a: Float64Array, c: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(c);
  b.set(a);
  return b;
}

export interface TreeMeta {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly total: number;
  readonly frames: FrameTable;
}

/**
 * Lays out a trie given in creation order (par[i] < i, node 0 the root, `frm[0]` its frame or
 * -1) as a CallTree: cumulative values from the self values, preorder, children by name.
 */
export function layoutTree(meta: TreeMeta, n: number, par: Int32Array, frm: Int32Array, slf: Float64Array): CallTree {
  const val = slf.slice(0, n);
  for (let i = n - 1; i > 0; i--) val[par[i]] += val[i];
  const ft = meta.frames;
  // Children lists (CSR), each sorted by name rank.
  const childStart = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) childStart[par[i] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const fill = childStart.slice(0, n);
  const kids = new Int32Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) kids[fill[par[i]]++] = i;
  const rank = ft.rank;
  for (let i = 0; i < n; i++) {
    const a = childStart[i],
      b = childStart[i + 1];
    if (b - a < 2) continue;
    if (b - a <= 16) {
      for (let x = a + 1; x < b; x++) {
        const k = kids[x];
        const r = rank[frm[k]];
        let y = x - 1;
        while (y >= a && rank[frm[kids[y]]] > r) {
          kids[y + 1] = kids[y];
          y--;
        }
        kids[y + 1] = k;
      }
    } else {
      kids.subarray(a, b).sort((u, v) => rank[frm[u]] - rank[frm[v]]);
    }
  }
  // Iterative preorder.
  const frame = new Int32Array(n),
    parent = new Int32Array(n),
    depth = new Int32Array(n),
    end = new Int32Array(n);
  const value = new Float64Array(n),
    self = new Float64Array(n);
  const newIndex = new Int32Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  stack[sp++] = 0;
  let out = 0;
  while (sp > 0) {
    const old = stack[--sp];
    const ni = out++;
    newIndex[old] = ni;
    frame[ni] = frm[old];
    value[ni] = val[old];
    self[ni] = slf[old];
    if (ni === 0) {
      parent[ni] = -1;
      depth[ni] = 0;
    } else {
      const pn = newIndex[par[old]];
      parent[ni] = pn;
      depth[ni] = depth[pn] + 1;
    }
    for (let k = childStart[old + 1] - 1; k >= childStart[old]; k--) stack[sp++] = kids[k];
  }
  // Subtree ends: walk backwards, each node's end is the max of its children's ends.
  for (let i = n - 1; i >= 0; i--) {
    if (end[i] === 0) end[i] = i + 1;
    const pi = parent[i];
    if (pi >= 0 && end[i] > end[pi]) end[pi] = end[i];
  }
  return { ...meta, count: n, frame, parent, depth, end, value, self };
}
