// Pure parts of the git hardening: filter driver names and their overrides, version parsing,
// the explicit environment.
import { describe, expect, it } from 'vitest';
import { filterOverrides, HARDENING_ARGS, parseFilterDrivers } from '../../../src/core/git/hardening.js';
import { gitAtLeast, gitEnvironment, parseGitVersion } from '../../../src/core/git/git-tool.js';
import { classifyGitFailure } from '../../../src/core/git/git-runner.js';

describe('parseFilterDrivers', () => {
  it('reads names from `git config -z --get-regexp` output, subsections with dots and = included', () => {
    const out =
      'filter.lfs.smudge\ngit-lfs smudge -- %f\0filter.lfs.required\ntrue\0filter.a.b.clean\nx\0filter.a=b.process\ny\0filter.Mixed.smudge\nz\0filter.novalue\0';
    expect(parseFilterDrivers(out)).toEqual(['Mixed', 'a.b', 'a=b', 'lfs']);
  });
  it('returns nothing for empty output', () => {
    expect(parseFilterDrivers('')).toEqual([]);
  });
});

describe('filterOverrides', () => {
  it('empties smudge, clean and process and clears required, with -c for plain names', () => {
    const o = filterOverrides(['lfs']);
    expect(o.args).toEqual([
      '-c',
      'filter.lfs.smudge=',
      '-c',
      'filter.lfs.clean=',
      '-c',
      'filter.lfs.process=',
      '-c',
      'filter.lfs.required=false',
    ]);
    expect(o.env).toEqual({});
  });
  it('puts names containing = in GIT_CONFIG_KEY_n (a -c would split at the first =)', () => {
    const o = filterOverrides(['a=b']);
    expect(o.args).toEqual([]);
    expect(o.env.GIT_CONFIG_COUNT).toBe('4');
    expect(o.env.GIT_CONFIG_KEY_0).toBe('filter.a=b.smudge');
    expect(o.env.GIT_CONFIG_VALUE_0).toBe('');
    expect(o.env.GIT_CONFIG_KEY_3).toBe('filter.a=b.required');
    expect(o.env.GIT_CONFIG_VALUE_3).toBe('false');
  });
});

describe('hardening options', () => {
  it('disable hooks, fsmonitor, signatures, transports and the pager', () => {
    const joined = HARDENING_ARGS.join(' ');
    for (const s of [
      '--no-pager',
      'core.hooksPath=/dev/null',
      'core.fsmonitor=false',
      'log.showSignature=false',
      'protocol.allow=never',
      'submodule.recurse=false',
      'gc.auto=0',
    ]) {
      expect(joined).toContain(s);
    }
  });
});

describe('gitEnvironment', () => {
  it('keeps an allowlist only and adds the safety settings', () => {
    const env = gitEnvironment({
      PATH: '/bin',
      HOME: '/h',
      GIT_DIR: '/evil',
      GIT_WORK_TREE: '/evil',
      GIT_INDEX_FILE: '/evil',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: 'touch x',
      GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='x'",
      GIT_SSH_COMMAND: 'x',
      GIT_EXEC_PATH: '/evil',
      GIT_ASKPASS: 'x',
      LANG: 'de_DE.UTF-8',
    });
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith('GIT_'))
        .sort(),
    ).toEqual(['GIT_LITERAL_PATHSPECS', 'GIT_NO_REPLACE_OBJECTS', 'GIT_OPTIONAL_LOCKS', 'GIT_PAGER', 'GIT_TERMINAL_PROMPT']);
    expect(env).toMatchObject({ PATH: '/bin', HOME: '/h', LC_ALL: 'C', LANG: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });
  });
});

describe('parseGitVersion', () => {
  it('reads Linux, Apple and Windows version strings', () => {
    expect(parseGitVersion('git version 2.39.5\n')?.version).toBe('2.39.5');
    expect(parseGitVersion('git version 2.39.3 (Apple Git-146)\n')?.version).toBe('2.39.3');
    expect(parseGitVersion('git version 2.45.1.windows.1\n')?.version).toBe('2.45.1');
    expect(parseGitVersion('hub version 2.14')).toBeNull();
  });
  it('compares against a minimum', () => {
    expect(gitAtLeast('2.30.0', 2, 30)).toBe(true);
    expect(gitAtLeast('2.29.9', 2, 30)).toBe(false);
    expect(gitAtLeast('3.0.0', 2, 30)).toBe(true);
  });
});

describe('classifyGitFailure', () => {
  it('tells a missing repository and dubious ownership from the rest', () => {
    expect(classifyGitFailure('fatal: not a git repository (or any of the parent directories): .git')).toBe('not-a-repository');
    expect(classifyGitFailure("fatal: detected dubious ownership in repository at '/x'")).toBe('dubious-ownership');
    expect(classifyGitFailure('fatal: bad object')).toBe('other');
  });
});
