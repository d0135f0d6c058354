// No test touches the data dir of the user running the suite: unless a test names its own
// (--data-dir, PERFLAB_HOME), the lab's default data dir is a fresh temp dir per test file.
// (A developer's ~/.local/share/perflab may hold a database of another schema history.)
// Every temp dir a test file makes (tempDir, fixture repositories, data dirs, and the temp
// files of the go, git and perflab processes it starts, through TMPDIR) lands in one scratch dir
// of that file, removed after it: the suite left ~300 dirs (~0.7 GB) in /tmp per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// The system's temp dir, kept apart in case a worker process runs several files.
const base = (process.env.PERFLAB_TEST_TMP_BASE ??= tmpdir());
const scratch = mkdtempSync(join(base, 'perflab-test-file-'));
process.env.TMPDIR = scratch;
const home = mkdtempSync(join(scratch, 'perflab-test-home-'));
// Unless the one running the suite set them (a variable set by an earlier file is replaced).
const ours = (v: string | undefined) => v === undefined || v.startsWith(join(base, 'perflab-test-file-'));
if (ours(process.env.PERFLAB_HOME)) process.env.PERFLAB_HOME = join(home, 'perflab');
if (ours(process.env.XDG_DATA_HOME)) process.env.XDG_DATA_HOME = home;

afterAll(() => {
  // A process a test left running may still write into it: retry, and never fail the file.
  try {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // left for the system's tmp cleaner
  }
});
