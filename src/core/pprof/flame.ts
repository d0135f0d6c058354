// Flame data for the UI: a call tree (or the diff of two) as the columnar nested set of
// src/shared/profile-types.ts. Plain number arrays (JSON-ready), names deduplicated per graph.
// With limits (the lab server always passes them), subtrees below a share of the total are
// left out and the node count is capped, so a response stays a few MB for any profile; what
// was left out is reported in `hidden` (the UI says "N frames below X% hidden").
import type { FlameData, FlameHidden } from '../../shared/profile-types.js';
import { diffTrees, type DiffTree } from './diff.js';
import { fileOf } from './top.js';
import type { CallTree } from './tree.js';

function toArray(a: ArrayLike<number>, n = a.length): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i];
  return out;
}

export interface FlameLimits {
  /** Subtrees whose value is below this share (0..1) of the total are left out. */
  readonly minShare: number;
  /** Most nodes sent; past it the share is raised until the rest fits. */
  readonly maxNodes: number;
}

/** What the lab server sends: nothing below 0.01% of the total, at most 100,000 nodes. */
export const DEFAULT_FLAME_LIMITS: FlameLimits = { minShare: 0.0001, maxNodes: 100_000 };

interface Kept {
  readonly idx: Int32Array;
  readonly hidden?: FlameHidden;
}

/**
 * The nodes to keep of a preorder tree (subtree of i = [i, end[i])), root always: a node stays
 * when its magnitude reaches the threshold and its parent stays. Magnitudes shrink from parent
 * to child, so the kept nodes form a tree and raising the threshold only removes leaves.
 */
function keepNodes(count: number, end: Int32Array, mag: (i: number) => number, total: number, lim: FlameLimits | undefined): Kept {
  if (!lim) {
    const all = new Int32Array(count);
    for (let i = 0; i < count; i++) all[i] = i;
    return { idx: all };
  }
  let threshold = lim.minShare * total;
  const pass = (cap: number, collect: Float64Array | null) => {
    const idx = new Int32Array(Math.min(count, cap));
    let k = 0,
      frames = 0,
      value = 0;
    for (let i = 0; i < count; ) {
      if (i === 0 || (k < cap && mag(i) >= threshold)) {
        if (collect && k < collect.length) collect[k] = mag(i);
        if (k < idx.length) idx[k] = i;
        k++;
        i++;
      } else {
        frames += end[i] - i;
        value += mag(i);
        i = end[i];
      }
    }
    return { k, frames, value, idx };
  };
  let r = pass(count, null);
  if (r.k > lim.maxNodes) {
    // Raise the threshold to the maxNodes-th largest magnitude among the kept nodes.
    const mags = new Float64Array(r.k);
    pass(count, mags);
    mags.sort();
    threshold = mags[mags.length - lim.maxNodes];
    r = pass(lim.maxNodes, null);
  }
  const idx = r.idx.subarray(0, Math.min(r.k, r.idx.length));
  return { idx, hidden: { frames: r.frames, value: r.value, minShare: total > 0 ? threshold / total : lim.minShare } };
}

function pick(a: ArrayLike<number>, idx: Int32Array): number[] {
  const out = new Array<number>(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]];
  return out;
}

/** Flame data of a tree; with `base`, the diff flame graph (union of both, aligned by path). */
export function flameData(t: CallTree, base?: CallTree, limits?: FlameLimits): FlameData {
  if (base) return diffFlameData(diffTrees(base, t), limits);
  const { idx, hidden } = keepNodes(t.count, t.end, (i) => Math.abs(t.value[i]), t.total, limits);
  const names: string[] = [];
  const files: string[] = [];
  const labelOf = new Int32Array(t.frames.count).fill(-1);
  const label = new Array<number>(idx.length);
  names.push(rootName(t));
  files.push('');
  label[0] = 0;
  for (let j = 1; j < idx.length; j++) {
    const f = t.frame[idx[j]];
    let l = labelOf[f];
    if (l < 0) {
      l = labelOf[f] = names.length;
      names.push(t.frames.names[f]);
      files.push(fileOf(t.frames, f));
    }
    label[j] = l;
  }
  return {
    sampleType: t.sampleType,
    sampleTypes: t.sampleTypes,
    total: t.total,
    names,
    files,
    level: pick(t.depth, idx),
    value: pick(t.value, idx),
    self: pick(t.self, idx),
    label,
    ...(hidden ? { hidden } : {}),
  };
}

function rootName(t: CallTree): string {
  return t.frame[0] >= 0 ? t.frames.names[t.frame[0]] : 'root';
}

/** Flame data of a diff tree: value/self are the new values, baseValue/baseSelf the base's. */
export function diffFlameData(d: DiffTree, limits?: FlameLimits): FlameData {
  if (!limits) {
    return {
      sampleType: d.sampleType,
      sampleTypes: d.sampleTypes,
      total: d.total,
      names: d.names,
      files: d.files,
      level: toArray(d.depth),
      value: toArray(d.value),
      self: toArray(d.self),
      label: toArray(d.name),
      baseValue: toArray(d.baseValue),
      baseSelf: toArray(d.baseSelf),
      baseTotal: d.baseTotal,
    };
  }
  const mag = (i: number) => Math.max(Math.abs(d.value[i]), Math.abs(d.baseValue[i]));
  const { idx, hidden } = keepNodes(d.count, d.end, mag, Math.max(d.total, d.baseTotal), limits);
  // Names used by the kept nodes only, in first-use order (names[0] stays "root").
  const remap = new Int32Array(d.names.length).fill(-1);
  const names: string[] = [];
  const files: string[] = [];
  const label = new Array<number>(idx.length);
  for (let j = 0; j < idx.length; j++) {
    const old = d.name[idx[j]];
    if (remap[old] < 0) {
      remap[old] = names.length;
      names.push(d.names[old]);
      files.push(d.files[old]);
    }
    label[j] = remap[old];
  }
  return {
    sampleType: d.sampleType,
    sampleTypes: d.sampleTypes,
    total: d.total,
    names,
    files,
    level: pick(d.depth, idx),
    value: pick(d.value, idx),
    self: pick(d.self, idx),
    label,
    baseValue: pick(d.baseValue, idx),
    baseSelf: pick(d.baseSelf, idx),
    baseTotal: d.baseTotal,
    ...(hidden ? { hidden } : {}),
  };
}
