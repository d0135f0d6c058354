// Runs a small Go program (the real toolchain) and returns its stdout: the oracle for Go's
// number formatting. Fails with a message naming `go` when the toolchain is missing.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { goPath } from '../../helpers/go.js';

const run = promisify(execFile);

export function goBinary(): string {
  return goPath('the Go toolchain is the oracle for these tests');
}

export async function runGo(source: string, stdin?: string): Promise<string> {
  const go = goBinary();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perflab-go-oracle-'));
  try {
    await writeFile(path.join(dir, 'main.go'), source);
    const child = run(go, ['run', 'main.go'], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GO111MODULE: 'off' },
    });
    if (stdin !== undefined) {
      child.child.stdin?.end(stdin);
    }
    const { stdout } = await child;
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
