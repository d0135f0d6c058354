// The one ref matcher: a typed name, a column label, the shown `name@sha12`, a unique commit
// prefix of 4+ hex digits or the full id select a run's column; an ambiguous prefix and a
// selector that fits nothing are typed errors naming the selector (and the run's refs).
import { describe, expect, it } from 'vitest';
import { LabFailure, exitCodeFor, type LabError } from '../../../src/shared/errors.js';
import { commitIdentity, findRunRef, matchRunRef, refDisplay } from '../../../src/shared/ref-match.js';

const BASE = '3a9c0d41b2e7f60915c8a7d2e4b1f0c9d8e7a6b5';
const HEAD = '815f11b0c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9';
const OTHER = '815f2e7a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e';

const ref = (label: string, sha: string, o: { name?: string; dirty?: boolean } = {}) => ({
  label,
  name: o.name ?? label,
  sha,
  dirty: o.dirty ?? false,
});
const refs = [ref('main', BASE), ref('815f11b', HEAD), ref('feature', OTHER)];

function errorOf(f: () => unknown): LabError {
  try {
    f();
  } catch (e) {
    if (e instanceof LabFailure) return e.error;
    throw e;
  }
  throw new Error('no error');
}

describe('matchRunRef', () => {
  it('takes the typed name, the shown label, a unique prefix or the full commit', () => {
    expect(matchRunRef(refs, 'main').sha).toBe(BASE);
    expect(matchRunRef(refs, '815f11b').sha).toBe(HEAD);
    expect(matchRunRef(refs, `main@${BASE.slice(0, 12)}`).label).toBe('main');
    expect(matchRunRef(refs, BASE.slice(0, 4)).label).toBe('main');
    expect(matchRunRef(refs, BASE.toUpperCase()).label).toBe('main');
    expect(matchRunRef(refs, HEAD).label).toBe('815f11b');
    expect(matchRunRef(refs, HEAD.slice(0, 12)).label).toBe('815f11b');
    expect(matchRunRef(refs, '815f2').label).toBe('feature');
  });

  it('refuses an ambiguous prefix, naming it and what it matches (exit 2)', () => {
    const e = errorOf(() => matchRunRef(refs, '815f', 7));
    expect(e).toMatchObject({ code: 'AmbiguousRef', detail: { ref: '815f', matches: ['815f11b', `feature@${OTHER.slice(0, 12)}`] } });
    expect(e.message).toContain('"815f" is ambiguous');
    expect(exitCodeFor(e)).toBe(2);
    // Two names of one commit (a clean WORKTREE and its HEAD) share every prefix.
    const same = [ref('main', HEAD), ref('WORKTREE', HEAD)];
    expect(errorOf(() => matchRunRef(same, HEAD.slice(0, 7))).code).toBe('AmbiguousRef');
    expect(matchRunRef(same, 'WORKTREE').label).toBe('WORKTREE');
  });

  it('refuses a selector that fits nothing, listing the run refs as name@sha12', () => {
    const e = errorOf(() => matchRunRef(refs, 'nope', 12));
    expect(e).toMatchObject({ code: 'RefNotInRun', detail: { ref: 'nope', runId: 12 } });
    expect(e.message).toBe(`run 12 has no ref "nope" (its refs: main@${BASE.slice(0, 12)}, 815f11b, feature@${OTHER.slice(0, 12)})`);
    expect(exitCodeFor(e)).toBe(2);
    // Three hex digits are never a prefix: too short to name a commit.
    expect(findRunRef(refs, BASE.slice(0, 3)).ok).toBe(false);
  });

  it('makes variants of one ref ambiguous by name but not by label', () => {
    const vs = [ref('main+a', BASE, { name: 'main' }), ref('main+b', BASE, { name: 'main' })];
    expect(errorOf(() => matchRunRef(vs, 'main')).code).toBe('AmbiguousRef');
    expect(matchRunRef(vs, 'main+b').label).toBe('main+b');
  });
});

describe('refDisplay and commitIdentity', () => {
  it('shows name@sha12, or the commit when the name is the commit', () => {
    expect(refDisplay(ref('main', BASE))).toBe(`main@${BASE.slice(0, 12)}`);
    expect(refDisplay(ref('815f11b', HEAD))).toBe('815f11b');
    expect(refDisplay(ref(HEAD, HEAD))).toBe(HEAD.slice(0, 12));
    expect(refDisplay(ref('WORKTREE', HEAD, { dirty: true }), { dirty: true })).toBe(`WORKTREE@${HEAD.slice(0, 12)}+dirty`);
    expect(refDisplay(ref('old.txt', ''))).toBe('old.txt');
  });

  it('gives one commit one identity across runs, but uncommitted changes only within their run', () => {
    expect(commitIdentity(ref('main', HEAD), 1)).toBe(commitIdentity(ref('815f11b', HEAD), 2));
    expect(commitIdentity(ref('main', HEAD), 1)).not.toBe(commitIdentity(ref('main', BASE), 1));
    expect(commitIdentity(ref('WORKTREE', HEAD, { dirty: true }), 1)).not.toBe(commitIdentity(ref('WORKTREE', HEAD, { dirty: true }), 2));
  });
});
