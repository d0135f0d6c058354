// `bd add --title TITLE --body BODY`: files one issue in the beads tracker.
import { runTracker, type TrackerCall } from './tracker-runner.js';

export function bdAddArgs(title: string, body: string): string[] {
  return ['add', '--title', title, '--body', body];
}

export async function bdAdd(title: string, body: string, call: TrackerCall): Promise<void> {
  await runTracker('bd', bdAddArgs(title, body), call);
}
