// No test touches the data dir of the user running the suite: unless a test names its own
// (--data-dir, PERFLAB_HOME), the lab's default data dir is a fresh temp dir per test file.
// (A developer's ~/.local/share/perflab may hold a database of another schema history.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'perflab-test-home-'));
process.env.PERFLAB_HOME ??= join(home, 'perflab');
process.env.XDG_DATA_HOME ??= home;
