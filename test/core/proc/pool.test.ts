// The pool that builds test binaries a few at a time: answers in the items' order, never more
// than the limit at once, and after a failure nothing new starts, nothing is left running, and
// the earliest item's failure is the one thrown.
import { describe, expect, it } from 'vitest';
import { buildParallelism, inOrder } from '../../../src/core/proc/pool.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder', () => {
  it('answers in order whatever order the work ends in, at most `limit` at a time', async () => {
    let running = 0;
    let most = 0;
    const out = await inOrder([30, 5, 20, 1, 10, 2], 2, async (ms, i) => {
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(most).toBe(2);
  });

  it('after a failure starts nothing new, lets the running finish, and throws the earliest failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const work = inOrder([0, 1, 2, 3, 4, 5], 2, async (_, i) => {
      started.push(i);
      await tick(i === 0 ? 40 : 5);
      finished.push(i);
      if (i === 0 || i === 1) throw new Error(`item ${i} broke`);
      return i;
    });
    await expect(work).rejects.toThrow('item 0 broke');
    // 1 failed first; 0 was running and finished; 2.. never started
    expect(started).toEqual([0, 1]);
    expect(finished.sort()).toEqual([0, 1]);
  });

  it('takes one at a time when asked, and handles no items', async () => {
    let running = 0;
    let most = 0;
    await inOrder([1, 2, 3], 1, async () => {
      most = Math.max(most, ++running);
      await tick(1);
      running--;
    });
    expect(most).toBe(1);
    expect(await inOrder([], 4, async () => 1)).toEqual([]);
    expect(buildParallelism()).toBeGreaterThanOrEqual(1);
    expect(buildParallelism()).toBeLessThanOrEqual(4);
  });
});
