// The one place `go` is started (src/core/go/go-runner.ts), with the real toolchain: declared
// exit codes are outcomes and any other is ToolFailed with go's own words; a command whose
// stdout goes to a file (runGoToFile) keeps stdout byte for byte and stderr apart, leaves no
// stderr file behind, and names a binary that cannot start as SpawnFailed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newerGoHint, runGo, runGoToFile } from '../../../src/core/go/go-runner.js';
import { LabFailure, type LabError } from '../../../src/shared/errors.js';
import { goRunner } from '../pprof/helpers/go-run.js';

async function errorOf(p: Promise<unknown>): Promise<LabError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LabFailure);
  return (e as LabFailure).error;
}

describe('runGo', () => {
  it("an undeclared exit code is ToolFailed with go's message; a declared one is an outcome", async () => {
    const go = await goRunner();
    const e = await errorOf(runGo(go.bin, ['frobnicate'], { cwd: tmpdir(), env: go.env }));
    expect(e).toMatchObject({ code: 'ToolFailed', detail: { command: 'go frobnicate', exitCode: 2 } });
    expect(e.code === 'ToolFailed' && e.detail.output).toMatch(/unknown command/);
    const r = await runGo(go.bin, ['frobnicate'], { cwd: tmpdir(), env: go.env, expected: [2] });
    expect(r.exitCode).toBe(2);
  });
});

describe('runGoToFile', () => {
  it('writes stdout to the file, byte for byte, with stderr kept apart', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-go-runner-'));
    const out = join(dir, 'goos.txt');
    const r = await runGoToFile(go.bin, ['env', 'GOOS', 'GOARCH'], { cwd: dir, env: go.env, outFile: out });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^[a-z0-9]+\n[a-z0-9]+\n$/);
    expect(readdirSync(dir)).toEqual(['goos.txt']);
  });

  it('an undeclared exit code is ToolFailed with the end of stderr, and stdout stays clean', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-go-runner-'));
    const out = join(dir, 'x.out');
    const e = await errorOf(runGoToFile(go.bin, ['frobnicate'], { cwd: dir, env: go.env, outFile: out, command: 'go frobnicate' }));
    expect(e).toMatchObject({ code: 'ToolFailed', detail: { command: 'go frobnicate', exitCode: 2 } });
    expect(e.code === 'ToolFailed' && e.detail.output).toMatch(/unknown command/);
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(existsSync(`${out}.stderr`)).toBe(false);
    const declared = await runGoToFile(go.bin, ['frobnicate'], { cwd: dir, env: go.env, outFile: out, expected: [2] });
    expect(declared.exitCode).toBe(2);
    expect(declared.stderr).toMatch(/unknown command/);
  });

  it('a go that cannot start is SpawnFailed; an aborted signal is Canceled before anything starts', async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-go-runner-'));
    const missing = await errorOf(
      runGoToFile(join(dir, 'no-such-go'), ['version'], { cwd: dir, env: go.env, outFile: join(dir, 'v.txt') }),
    );
    expect(missing).toMatchObject({ code: 'SpawnFailed', detail: { command: 'go version', errno: 'ENOENT' } });
    const ac = new AbortController();
    ac.abort();
    const canceled = await errorOf(
      runGoToFile(go.bin, ['version'], { cwd: dir, env: go.env, outFile: join(dir, 'c.txt'), signal: ac.signal }),
    );
    expect(canceled.code).toBe('Canceled');
    expect(existsSync(join(dir, 'c.txt'))).toBe(false);
  });
});

describe('a module that needs a newer Go', () => {
  it("keeps go's words and says what to do: install it, or a toolchain variant", async () => {
    const go = await goRunner();
    const dir = mkdtempSync(join(tmpdir(), 'perflab-newgo-'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/future\n\ngo 1.99.0\n');
    const e = await errorOf(runGo(go.bin, ['list', './...'], { cwd: dir, env: { ...go.env, GOTOOLCHAIN: 'local' } }));
    const out = e.code === 'ToolFailed' ? e.detail.output : '';
    expect(out).toMatch(/go: go\.mod requires go >= 1\.99\.0 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)/);
    expect(out).toMatch(/perflab: this module needs go 1\.99\.0 or later .*--variant go1990:toolchain=go1\.99\.0$/);
  });

  it('names a release for a go line without a patch (go 1.27 is go1.27.0) and says nothing for other failures', () => {
    expect(newerGoHint('go: go.mod requires go >= 1.27 (running go 1.26.8; GOTOOLCHAIN=local)')).toMatch(/toolchain=go1\.27\.0$/);
    expect(newerGoHint('go: go.mod requires go >= 1.27rc2 (running go 1.26.8; GOTOOLCHAIN=local)')).toMatch(/toolchain=go1\.27rc2$/);
    expect(newerGoHint('go: cannot find main module')).toBe('');
  });
});
