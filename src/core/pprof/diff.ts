// The diff of two call trees aligned by call path (pprof's -diff_base, drawn as a flame
// graph): the union of both trees in preorder, each node carrying the new and the base
// value. Children of both trees are sorted by name (tree.ts), so aligning them is a sorted
// merge; frames match by name, so trees of different profiles (other binaries, other refs)
// line up.
import type { SampleTypeInfo } from '../../shared/profile-types.js';
import { fileOf } from './top.js';
import type { CallTree } from './tree.js';

export interface DiffTree {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  /** Totals (pprof's: sum of |value| over all samples) of the new and the base profile. */
  readonly total: number;
  readonly baseTotal: number;
  /** Distinct names; names[0] is "root". */
  readonly names: readonly string[];
  readonly files: readonly string[];
  readonly count: number;
  /** Index into names of each node. */
  readonly name: Int32Array;
  readonly depth: Int32Array;
  readonly end: Int32Array;
  readonly value: Float64Array;
  readonly self: Float64Array;
  readonly baseValue: Float64Array;
  readonly baseSelf: Float64Array;
  /** value - baseValue. */
  readonly delta: Float64Array;
  /** delta / baseValue; NaN where the path is new (baseValue 0). */
  readonly relative: Float64Array;
}

/** First child of node i in a preorder tree, or -1. */
function firstChild(t: CallTree, i: number): number {
  return t.end[i] > i + 1 ? i + 1 : -1;
}

function nextSibling(t: CallTree, c: number, parentEnd: number): number {
  return t.end[c] < parentEnd ? t.end[c] : -1;
}

export function diffTrees(base: CallTree, head: CallTree): DiffTree {
  const names: string[] = ['root'];
  const files: string[] = [''];
  const nameIndex = new Map<string, number>([['root', 0]]);
  const nameOf = (t: CallTree, node: number): number => {
    const f = t.frame[node];
    const n = t.frames.names[f];
    let i = nameIndex.get(n);
    if (i === undefined) {
      i = names.length;
      names.push(n);
      files.push(fileOf(t.frames, f));
      nameIndex.set(n, i);
    }
    return i;
  };
  const cap = head.count + base.count;
  const name = new Int32Array(cap),
    depth = new Int32Array(cap),
    end = new Int32Array(cap);
  const value = new Float64Array(cap),
    self = new Float64Array(cap),
    baseValue = new Float64Array(cap),
    baseSelf = new Float64Array(cap);
  let n = 0;
  // Work stack of pairs (head node | -1, base node | -1, depth); a marker (-2) closes a node.
  const hs: number[] = [0],
    bs: number[] = [0],
    ds: number[] = [0],
    opened: number[] = [];
  while (hs.length > 0) {
    const h = hs.pop()!,
      b = bs.pop()!,
      d = ds.pop()!;
    if (h === -2) {
      const i = opened.pop()!;
      end[i] = n;
      continue;
    }
    const i = n++;
    name[i] = h > 0 ? nameOf(head, h) : b > 0 ? nameOf(base, b) : 0;
    depth[i] = d;
    if (h >= 0) {
      value[i] = head.value[h];
      self[i] = head.self[h];
    }
    if (b >= 0) {
      baseValue[i] = base.value[b];
      baseSelf[i] = base.self[b];
    }
    // Merge the two sorted child lists; push in reverse so they pop in name order.
    const pairs: [number, number][] = [];
    let hc = h >= 0 ? firstChild(head, h) : -1;
    let bc = b >= 0 ? firstChild(base, b) : -1;
    while (hc >= 0 || bc >= 0) {
      const hn = hc >= 0 ? head.frames.names[head.frame[hc]] : null;
      const bn = bc >= 0 ? base.frames.names[base.frame[bc]] : null;
      if (hn !== null && (bn === null || hn < bn)) {
        pairs.push([hc, -1]);
        hc = nextSibling(head, hc, head.end[h]);
      } else if (bn !== null && (hn === null || bn < hn)) {
        pairs.push([-1, bc]);
        bc = nextSibling(base, bc, base.end[b]);
      } else {
        pairs.push([hc, bc]);
        hc = nextSibling(head, hc, head.end[h]);
        bc = nextSibling(base, bc, base.end[b]);
      }
    }
    opened.push(i);
    hs.push(-2);
    bs.push(-2);
    ds.push(0);
    for (let k = pairs.length - 1; k >= 0; k--) {
      hs.push(pairs[k][0]);
      bs.push(pairs[k][1]);
      ds.push(d + 1);
    }
  }
  const delta = new Float64Array(n);
  const relative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = value[i] - baseValue[i];
    relative[i] = baseValue[i] !== 0 ? delta[i] / Math.abs(baseValue[i]) : NaN;
  }
  return {
    sampleType: head.sampleType,
    sampleTypes: head.sampleTypes,
    total: head.total,
    baseTotal: base.total,
    names,
    files,
    count: n,
    name: name.slice(0, n),
    depth: depth.slice(0, n),
    end: end.slice(0, n),
    value: value.slice(0, n),
    self: self.slice(0, n),
    baseValue: baseValue.slice(0, n),
    baseSelf: baseSelf.slice(0, n),
    delta,
    relative,
  };
}
