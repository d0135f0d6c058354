// Reshaping a flame graph before layout, as speedscope and pprof offer: children ordered
// left-heavy (heaviest first) instead of by name, and directly recursive frames collapsed (a
// frame whose caller is the same function is merged into it: its self time is added to the
// caller's, its callees become the caller's, merged with the caller's own callees by name).
// Input and output are the columnar FlameData (depth-first preorder), diff values included;
// total, names and files are unchanged.
import type { FlameData } from '../../../shared/profile-types.js';

export interface FlameShape {
  readonly leftHeavy: boolean;
  readonly collapseRecursion: boolean;
}

interface TNode {
  label: number;
  value: number;
  self: number;
  base: number;
  baseSelf: number;
  kids: TNode[];
}

function toTree(d: FlameData): TNode[] {
  const roots: TNode[] = [];
  const open: TNode[] = [];
  for (let i = 0; i < d.level.length; i++) {
    const node: TNode = {
      label: d.label[i],
      value: d.value[i],
      self: d.self[i],
      base: d.baseValue?.[i] ?? 0,
      baseSelf: d.baseSelf?.[i] ?? 0,
      kids: [],
    };
    const lv = d.level[i];
    open.length = lv;
    if (lv === 0) roots.push(node);
    else open[lv - 1].kids.push(node);
    open.push(node);
  }
  return roots;
}

/** Adds `n` to `list`, merged into a node of the same function when there is one. */
function mergeInto(list: TNode[], n: TNode): void {
  const same = list.find((k) => k.label === n.label);
  if (!same) {
    list.push(n);
    return;
  }
  same.value += n.value;
  same.self += n.self;
  same.base += n.base;
  same.baseSelf += n.baseSelf;
  for (const k of n.kids) mergeInto(same.kids, k);
}

function collapse(n: TNode): void {
  // A callee of the same function is folded into n, until none is left (f -> f -> f).
  while (n.kids.some((k) => k.label === n.label)) {
    const kids = n.kids;
    n.kids = [];
    for (const k of kids) {
      if (k.label === n.label) {
        n.self += k.self;
        n.baseSelf += k.baseSelf;
        for (const g of k.kids) mergeInto(n.kids, g);
      } else mergeInto(n.kids, k);
    }
  }
  for (const k of n.kids) collapse(k);
}

/** The graph reshaped; the input itself when nothing is asked. */
export function reshapeFlame(d: FlameData, s: FlameShape): FlameData {
  if (!s.leftHeavy && !s.collapseRecursion) return d;
  const roots = toTree(d);
  if (s.collapseRecursion) for (const r of roots) collapse(r);
  const names = d.names;
  const byName = (a: TNode, b: TNode) => (names[a.label] < names[b.label] ? -1 : names[a.label] > names[b.label] ? 1 : 0);
  const order = s.leftHeavy ? (a: TNode, b: TNode) => b.value + b.base - (a.value + a.base) || byName(a, b) : byName;
  const level: number[] = [];
  const value: number[] = [];
  const self: number[] = [];
  const label: number[] = [];
  const baseValue: number[] = [];
  const baseSelf: number[] = [];
  const emit = (n: TNode, lv: number) => {
    level.push(lv);
    value.push(n.value);
    self.push(n.self);
    label.push(n.label);
    baseValue.push(n.base);
    baseSelf.push(n.baseSelf);
    for (const k of n.kids.sort(order)) emit(k, lv + 1);
  };
  for (const r of roots) emit(r, 0);
  return { ...d, level, value, self, label, ...(d.baseValue ? { baseValue, baseSelf } : {}) };
}
