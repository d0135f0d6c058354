// `bd list`: the issues already in the beads tracker, as text (empty output: nothing filed).
// A finding counts as filed when its title appears in that text.
import { runTracker, type TrackerCall } from './tracker-runner.js';

export const BD_LIST_ARGS: readonly string[] = ['list'];

export async function bdList(call: TrackerCall): Promise<string> {
  return (await runTracker('bd', BD_LIST_ARGS, call)).stdout;
}
