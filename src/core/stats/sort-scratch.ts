// Sorted copies of samples in reused buffers: summaries and U tests sort every cell and pair of
// a comparison, and a new Float64Array per sort (its own backing store) was a large share of a
// big compare's allocation. A copy lives until the next call for the same slot, so a caller
// reads it and keeps only numbers.

const buffers = [new Float64Array(256), new Float64Array(256)];

/** values, sorted ascending (numeric order, as Float64Array.prototype.sort), in slot 0 or 1's buffer. */
export function sortedCopy(values: readonly number[], slot: 0 | 1): Float64Array {
  const n = values.length;
  let buf = buffers[slot];
  if (buf.length < n) {
    buf = new Float64Array(Math.max(n, buf.length * 2));
    buffers[slot] = buf;
  }
  const view = buf.subarray(0, n);
  for (let i = 0; i < n; i++) view[i] = values[i];
  return view.sort();
}
