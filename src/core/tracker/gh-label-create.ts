// `gh label create perf --force`: makes sure the label exists; false when it could not (the
// issues are then filed without a label).
import { LabFailure } from '../../shared/errors.js';
import { runTracker, type TrackerCall } from './tracker-runner.js';

export const GH_LABEL_ARGS: readonly string[] = ['label', 'create', 'perf', '--force'];

export async function ghEnsurePerfLabel(call: TrackerCall): Promise<boolean> {
  try {
    await runTracker('gh', GH_LABEL_ARGS, call);
    return true;
  } catch (e) {
    if (e instanceof LabFailure && e.error.code === 'ToolFailed') return false;
    throw e;
  }
}
