// The one error type and its one message switch (src/shared/errors.ts): every code has a
// message naming its detail and an exit code; errors built by labError/fail carry exactly that
// message; an error that crossed the wire as JSON keeps its code (every code, not only some);
// anything else thrown becomes Internal with its message and stack. Also the boundaries that
// used to word their errors by hand: input validation (lab-input.ts) and the CLI's arguments.

import { describe, expect, it } from 'vitest';
import { runArg } from '../../src/cli/args.js';
import { parseInput } from '../../src/core/lab-input.js';
import {
  describeError,
  exitCodeFor,
  isLabErrorCode,
  labError,
  LabFailure,
  toLabError,
  type LabErrorCode,
} from '../../src/shared/errors.js';

/** A detail for every code: the type check fails when a code is added without one. */
const SAMPLES: { [C in LabErrorCode]: Parameters<typeof labError<C>>[1] } = {
  InvalidInput: { field: 'count', value: '0' },
  NotAGoModule: { path: '/src/kv' },
  NotAGitRepo: { path: '/src/kv' },
  RepoNotFound: { repo: 'kv' },
  RepoNotTrusted: { path: '/src/kv' },
  InvalidRef: { ref: '--output=x' },
  RefNotFound: { ref: 'no-such-branch' },
  RefNotInRun: { ref: 'dev', runId: 3, refs: ['main', 'feature'] },
  AmbiguousRef: { ref: 'ab12', matches: ['main', 'feature'] },
  InvalidRegex: { regex: 'a(b', reason: 'missing closing )' },
  PackageNotFound: { pkg: './nope' },
  NoBenchmarks: { regex: 'ZZZ' },
  BuildFailed: { pkg: 'example.com/kv', ref: 'main', output: 'undefined: x' },
  RunNotFound: { run: '9999' },
  RunFailed: { runId: 4, status: 'failed' },
  FileNotFound: { path: 'old.txt' },
  NotARegularFile: { path: '/dev/zero', kind: 'character device' },
  FileTooLarge: { path: 'big.txt', size: 300 * 1024 * 1024, limit: 256 * 1024 * 1024 },
  FileUnreadable: { path: 'x.txt', reason: 'EACCES' },
  UnsafeDirectory: { path: '/tmp/l', reason: 'owned by another user' },
  SpawnFailed: { command: 'go', errno: 'ENOENT' },
  ParseError: { file: 'perflab.json at main', line: 3 },
  ToolMissing: { tool: 'git', hint: 'install git' },
  ToolFailed: { command: 'go list', exitCode: 1, output: '' },
  ProfileTooLarge: { size: 10, limit: 5, stage: 'samples' },
  ProfileCorrupt: { field: 'sample.value', reason: 'length' },
  ProfileNotFound: { profile: '12' },
  DatabaseTooNew: { path: 'perflab.db', version: 9, supported: 8 },
  DatabaseCorrupt: { path: 'perflab.db', reason: 'malformed' },
  Unauthorized: undefined,
  Canceled: { runId: 5 },
  Conflict: { reason: 'run 5 is still running: cancel it first' },
  LabUnreachable: { reason: 'no answer from the server' },
  Internal: { stack: 'Error: x' },
};

const codes = Object.keys(SAMPLES) as LabErrorCode[];

describe('the message switch', () => {
  it('gives every code a message without holes and an exit code of 2 or 3', () => {
    for (const code of codes) {
      const e = labError(code, SAMPLES[code] as never);
      expect(e.code).toBe(code);
      expect(e.message, code).toBe(describeError(e));
      expect(e.message, code).toMatch(/\S/);
      expect(e.message, code).not.toMatch(/undefined|\[object/);
      expect([2, 3], code).toContain(exitCodeFor(e));
    }
  });

  it('names the offending value in the message', () => {
    expect(labError('InvalidInput', { field: 'count', value: '0' }, 'must be at least 1').message).toBe(
      'invalid value for count "0": must be at least 1',
    );
    expect(labError('RefNotInRun', SAMPLES.RefNotInRun).message).toBe('run 3 has no ref "dev" (its refs: main, feature)');
    expect(labError('FileTooLarge', SAMPLES.FileTooLarge).message).toBe('"big.txt" is larger than 256 MiB (314572800 bytes)');
  });

  it('leaves out an optional detail that is not given', () => {
    expect(labError('Canceled', undefined)).toEqual({ code: 'Canceled', message: 'canceled' });
    expect('detail' in labError('Unauthorized', undefined)).toBe(false);
  });

  it('keeps every code of an error that crossed the wire as JSON', () => {
    for (const code of codes) {
      const wire = JSON.parse(JSON.stringify(labError(code, SAMPLES[code] as never)));
      expect(toLabError(wire).code, code).toBe(code);
      expect(isLabErrorCode(code)).toBe(true);
    }
    expect(isLabErrorCode('toString')).toBe(false);
    expect(toLabError({ code: 'ENOENT', message: 'no such file' }).code).toBe('Internal');
  });

  it('turns anything else thrown into Internal with its message and stack', () => {
    const e = toLabError(new Error('boom'));
    expect(e).toMatchObject({ code: 'Internal', message: 'internal error: boom' });
    expect(e.code === 'Internal' && e.detail?.stack).toMatch(/boom/);
    expect(toLabError('plain').message).toBe('internal error: plain');
    const thrown = new LabFailure(labError('RunNotFound', { run: '7' }));
    expect(toLabError(thrown)).toBe(thrown.error);
  });
});

describe('errors at the boundaries go through the switch', () => {
  const errorOf = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return toLabError(err);
    }
    throw new Error('expected a throw');
  };

  it('input validation names the field and a single value, never a whole object', () => {
    const e = errorOf(() => parseInput('startRun', { repo: '/src/kv', count: 0 }));
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toMatch(/^invalid value for count "0": /);
    expect(e).toMatchObject({ detail: { field: 'count', value: '0' } });
    const obj = errorOf(() => parseInput('startRun', { repo: '/src/kv', refs: 'main' }));
    expect(obj).toMatchObject({ code: 'InvalidInput', detail: { field: 'refs', value: 'main' } });
    const nested = errorOf(() => parseInput('importBenchfmt', { files: [{ name: 'a.txt' }] }));
    expect(nested.message).toMatch(/^invalid value for files\.0\.text: /);
    const list = errorOf(() => parseInput('startRun', { repo: '/src/kv', refs: [] }));
    expect(list.message).toMatch(/^invalid value for refs: /);
    expect(list).toEqual({ code: 'InvalidInput', message: list.message, detail: { field: 'refs' } });
  });

  it('the CLI words a bad argument the same way', () => {
    const e = errorOf(() => runArg('first'));
    expect(e).toEqual({
      code: 'InvalidInput',
      message: 'invalid value for RUN "first": want a run id or "latest"',
      detail: { field: 'RUN', value: 'first' },
    });
    expect(exitCodeFor(e)).toBe(2);
  });
});
