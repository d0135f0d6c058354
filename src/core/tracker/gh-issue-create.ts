// `gh issue create --title TITLE --body-file FILE [--label perf]`: files one GitHub issue.
import { runTracker, type TrackerCall } from './tracker-runner.js';

export function ghIssueCreateArgs(title: string, bodyFile: string, label: string | null): string[] {
  return ['issue', 'create', '--title', title, '--body-file', bodyFile, ...(label ? ['--label', label] : [])];
}

export async function ghIssueCreate(title: string, bodyFile: string, label: string | null, call: TrackerCall): Promise<string> {
  return (await runTracker('gh', ghIssueCreateArgs(title, bodyFile, label), call)).stdout.trim();
}
