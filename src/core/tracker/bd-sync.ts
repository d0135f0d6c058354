// `bd sync`: pushes the beads tracker's changes; run once after all the adds.
import { runTracker, type TrackerCall } from './tracker-runner.js';

export const BD_SYNC_ARGS: readonly string[] = ['sync'];

export async function bdSync(call: TrackerCall): Promise<void> {
  await runTracker('bd', BD_SYNC_ARGS, call);
}
