// The order in which tree.ts visits samples: samples sorted by their root-side locations
// (an LSD radix sort over the first few levels), so that samples sharing a call path are
// visited one after another. Go writes samples in hash-map order; visiting them sorted turns
// the trie's random memory accesses into mostly cache hits and lets the builder reuse the
// previous sample's path without any lookup. Pure function of the profile.
import type { Profile } from './model.js';

/** Root-side levels the sort looks at. */
const LEVELS = 12;

/**
 * Indices of the samples to visit (kept by `keep`, non-zero for type `ti`), sorted by their
 * first LEVELS root-side location indices.
 */
export function sampleVisitOrder(p: Profile, ti: number, keep: Uint8Array | null): Int32Array {
  const S = p.samples;
  const nt = p.sampleTypes.length;
  let m = 0;
  const active = new Int32Array(S.count);
  for (let s = 0; s < S.count; s++) {
    if (keep !== null && keep[s] === 0) continue;
    if (S.values[s * nt + ti] === 0) continue;
    active[m++] = s;
  }
  if (m < 2048) return active.slice(0, m);
  // digits[d][i]: location (+1) at root-side depth d of active[i]; 0 past the stack's end.
  const nLoc = p.locations.count;
  const digits = new Int32Array(LEVELS * m);
  for (let i = 0; i < m; i++) {
    const s = active[i];
    const a = S.locStart[s],
      b = S.locStart[s + 1];
    const len = Math.min(LEVELS, b - a);
    for (let d = 0; d < len; d++) digits[d * m + i] = S.locs[b - 1 - d] + 1;
  }
  let perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  let next = new Int32Array(m);
  const count = new Int32Array(nLoc + 2);
  for (let d = LEVELS - 1; d >= 0; d--) {
    const off = d * m;
    count.fill(0);
    let distinct = 0;
    for (let i = 0; i < m; i++) if (count[digits[off + i] + 1]++ === 0) distinct++;
    if (distinct < 2) continue;
    for (let k = 1; k < count.length; k++) count[k] += count[k - 1];
    for (let i = 0; i < m; i++) {
      const x = perm[i];
      next[count[digits[off + x]]++] = x;
    }
    const t = perm;
    perm = next;
    next = t;
  }
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) out[i] = active[perm[i]];
  return out;
}
