// Flame data for the UI: a call tree (or the diff of two) as the columnar nested set of
// src/shared/profile-types.ts. Plain number arrays (JSON-ready), names deduplicated per graph.
import type { FlameData } from '../../shared/profile-types.js';
import { diffTrees, type DiffTree } from './diff.js';
import { fileOf } from './top.js';
import type { CallTree } from './tree.js';

function toArray(a: ArrayLike<number>, n = a.length): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i];
  return out;
}

/** Flame data of a tree; with `base`, the diff flame graph (union of both, aligned by path). */
export function flameData(t: CallTree, base?: CallTree): FlameData {
  if (base) return diffFlameData(diffTrees(base, t));
  const names: string[] = [];
  const files: string[] = [];
  const labelOf = new Int32Array(t.frames.count).fill(-1);
  const label = new Array<number>(t.count);
  names.push(rootName(t));
  files.push('');
  label[0] = 0;
  for (let i = 1; i < t.count; i++) {
    const f = t.frame[i];
    let l = labelOf[f];
    if (l < 0) {
      l = labelOf[f] = names.length;
      names.push(t.frames.names[f]);
      files.push(fileOf(t.frames, f));
    }
    label[i] = l;
  }
  return {
    sampleType: t.sampleType, sampleTypes: t.sampleTypes, total: t.total, names, files,
    level: toArray(t.depth), value: toArray(t.value), self: toArray(t.self), label,
  };
}

function rootName(t: CallTree): string {
  return t.frame[0] >= 0 ? t.frames.names[t.frame[0]] : 'root';
}

/** Flame data of a diff tree: value/self are the new values, baseValue/baseSelf the base's. */
export function diffFlameData(d: DiffTree): FlameData {
  return {
    sampleType: d.sampleType, sampleTypes: d.sampleTypes, total: d.total, names: d.names, files: d.files,
    level: toArray(d.depth), value: toArray(d.value), self: toArray(d.self), label: toArray(d.name),
    baseValue: toArray(d.baseValue), baseSelf: toArray(d.baseSelf), baseTotal: d.baseTotal,
  };
}
