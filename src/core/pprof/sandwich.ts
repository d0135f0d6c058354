// Callers and callees of one function (speedscope's sandwich, pprof's peek), from a call
// tree: the callees graph merges the subtrees under the function's outermost calls (so a
// recursive function is not counted twice); the callers graph is inverted: the function at
// its root, then who called it, from each stack's innermost call of the function.
import { fail } from '../../shared/errors.js';
import type { SandwichData } from '../../shared/profile-types.js';
import { flameData, type FlameLimits } from './flame.js';
import type { Profile } from './model.js';
import { buildTree, layoutTree, type CallTree, type TreeOptions } from './tree.js';

/** A small trie keyed by (parent, frame), nodes in creation order. */
class Trie {
  par: number[] = [-1];
  frm: number[];
  slf: number[] = [0];
  readonly #index = new Map<number, number>();
  readonly #frames: number;

  constructor(rootFrame: number, frames: number) {
    this.frm = [rootFrame];
    this.#frames = frames + 1;
  }

  child(parent: number, frame: number): number {
    const key = parent * this.#frames + frame;
    let c = this.#index.get(key);
    if (c === undefined) {
      c = this.par.length;
      this.par.push(parent);
      this.frm.push(frame);
      this.slf.push(0);
      this.#index.set(key, c);
    }
    return c;
  }

  tree(t: CallTree): CallTree {
    return layoutTree(t, this.par.length, Int32Array.from(this.par), Int32Array.from(this.frm), Float64Array.from(this.slf));
  }
}

/** Callers/callees of `func` (a function name as shown in the top table). */
export function sandwich(src: CallTree | Profile, func: string, opts: TreeOptions = {}, limits?: FlameLimits): SandwichData {
  const t = 'depth' in src && 'frames' in src ? src : buildTree(src, opts);
  const f = t.frames.byName.get(func);
  if (f === undefined) fail('InvalidInput', { field: 'func', value: func }, 'no such function in this profile');
  const nf = t.frames.count;
  const callees = new Trie(f, nf);
  const callers = new Trie(f, nf);
  // map[i]: the callees-trie node of tree node i when i lies under an outermost call of f.
  const map = new Int32Array(t.count).fill(-1);
  // nearestF[i]: the closest proper ancestor of i with frame f, or -1.
  const nearestF = new Int32Array(t.count).fill(-1);
  const inner = new Float64Array(t.count);
  let flat = 0,
    cum = 0;
  for (let i = 1; i < t.count; i++) {
    const p = t.parent[i];
    nearestF[i] = p > 0 && t.frame[p] === f ? p : p > 0 ? nearestF[p] : -1;
    if (t.frame[i] === f) {
      flat += t.self[i];
      if (nearestF[i] < 0) {
        cum += t.value[i];
        map[i] = 0;
      } else {
        inner[nearestF[i]] += t.value[i];
      }
    }
    if (map[i] < 0 && p > 0 && map[p] >= 0) map[i] = callees.child(map[p], t.frame[i]);
    if (map[i] >= 0) callees.slf[map[i]] += t.self[i];
  }
  // Callers: weight of each f node as the innermost call, pushed up its path (reversed).
  for (let i = 1; i < t.count; i++) {
    if (t.frame[i] !== f) continue;
    const w = t.value[i] - inner[i];
    if (w === 0) continue;
    let node = 0;
    for (let a = t.parent[i]; a > 0; a = t.parent[a]) node = callers.child(node, t.frame[a]);
    callers.slf[node] += w;
  }
  return {
    func,
    self: flat,
    cum,
    callers: flameData(callers.tree(t), undefined, limits),
    callees: flameData(callees.tree(t), undefined, limits),
  };
}
