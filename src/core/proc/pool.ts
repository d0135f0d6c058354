// A few child processes at a time: `go test -c` of many packages (the benchmark inventory, a
// run's builds) keeps both cores busy where one at a time leaves one idle while go links.
import { availableParallelism } from 'node:os';

/** At most as many as the machine has cores, and never more than 4. */
export function buildParallelism(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

/**
 * fn over items, at most `limit` at a time, the answers in the items' order. After a failure
 * no new item starts; the ones running finish (nothing is left behind running), then the
 * failure of the earliest item is thrown.
 */
export async function inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (error) {
        failures.push({ index: i, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
  return out;
}
