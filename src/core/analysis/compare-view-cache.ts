// The Compare view's projections of a prepared comparison input, kept with the input (a weak
// map: they go when the lab's comparison cache drops the input, and a run that gains results is
// a new input): a table scrolling through a 5,000-row view asks for a window of rows every few
// hundred rows, and each is a slice of the view built for its first answer, not a new comparison.
import type { PreparedInput } from '../compare/index.js';
import type { ViewModel } from '../compare/view.js';

/** Views kept per prepared input (a few filters, sorts or units a user goes back and forth between). */
const PER_INPUT = 4;

const views = new WeakMap<PreparedInput, Map<string, ViewModel>>();

/** The view of `prepared` for `key` (everything else it depends on), built once. */
export function cachedView(prepared: PreparedInput, key: string, build: () => ViewModel): ViewModel {
  let kept = views.get(prepared);
  if (!kept) views.set(prepared, (kept = new Map()));
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  const m = build();
  kept.set(key, m);
  if (kept.size > PER_INPUT) kept.delete(kept.keys().next().value!);
  return m;
}
