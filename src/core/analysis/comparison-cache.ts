// The lab's cache of prepared comparison inputs (lab-context.ts holds one per lab): the Go
// benchmark text of stored runs, read and parsed once per key, with the statistics memoized on
// it (compare/stats-cache.ts). Every compare path goes through it (a request, chosen columns of
// one run, columns of two runs), so re-projecting (another filter, the commit message's second
// table, the gate after the commit message) re-reads nothing and reruns no U test. A few recent
// inputs are kept; the counts say how often an input was prepared and how often reused.
import type { PreparedInput } from '../compare/index.js';

/** Prepared inputs kept at once (each can hold a large run). */
const ENTRIES = 4;

export interface ComparisonCacheCounts {
  /** Inputs read and parsed (cache misses). */
  readonly prepared: number;
  /** Requests answered from the cache. */
  readonly reused: number;
}

export class ComparisonCache {
  private readonly entries = new Map<string, PreparedInput>();
  private preparedCount = 0;
  private reusedCount = 0;

  /** The prepared input for a key (everything the text depends on), built once. */
  get(key: string, build: () => PreparedInput): PreparedInput {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.reusedCount++;
      // Most recently used last: the first entry is the one to drop.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const prepared = build();
    this.preparedCount++;
    this.entries.set(key, prepared);
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return prepared;
  }

  counts(): ComparisonCacheCounts {
    return { prepared: this.preparedCount, reused: this.reusedCount };
  }
}
