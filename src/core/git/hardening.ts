// What keeps a repository's own configuration from running code when Perflab reads it: the
// fixed `-c` settings every internal git call carries, and the overrides that neutralise the
// filter drivers a repository (or the user's global config, e.g. git-lfs) declares. Pure
// functions; git-runner.ts applies them. Checked against git 2.39's config documentation:
//   core.hooksPath        every hook (post-checkout on worktree add, reference-transaction...)
//   core.fsmonitor        a command run by status and any index refresh
//   log.showSignature     gpg.program on log/show
//   protocol.allow=never  any transport: lazy fetches of partial clones, submodule fetches
//                         (core.sshCommand, remote.*.uploadpack, remote helpers)
//   submodule.recurse     checkout/reset recursing into submodules
//   gc.auto, maintenance.auto   background `git gc --auto` / maintenance after a command
//   color.ui, core.pager  machine-readable output, no pager (plus --no-pager)
//   filter.<name>.smudge/clean/process  emptied, filter.<name>.required=false: an empty
//                         command is no filter (git-lfs files stay pointer files)
// diff.external and diff.<driver>.textconv only run when a command makes a diff or shows a
// blob with textconv: commands here pass --no-ext-diff --no-textconv where that applies, and
// read blobs with `cat-file blob`, which applies neither.

/** Global options placed before the subcommand of every internal git call. */
export const HARDENING_ARGS: readonly string[] = [
  '--no-pager',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'protocol.allow=never',
  '-c',
  'submodule.recurse=false',
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
  '-c',
  'color.ui=false',
  '-c',
  'core.pager=cat',
];

/**
 * Filter driver names from `git config -z --get-regexp '^filter\.'` output (entries are
 * `key\nvalue\0`, or `key\0` for a valueless key). A key is filter.<name>.<var>, where the
 * name is a case-sensitive subsection that may itself contain dots.
 */
export function parseFilterDrivers(output: string): string[] {
  const names = new Set<string>();
  for (const entry of output.split('\0')) {
    if (!entry) continue;
    const nl = entry.indexOf('\n');
    const key = nl < 0 ? entry : entry.slice(0, nl);
    if (!key.startsWith('filter.')) continue;
    const lastDot = key.lastIndexOf('.');
    if (lastDot <= 'filter.'.length) continue; // `filter.x` with no subsection: not a driver
    names.add(key.slice('filter.'.length, lastDot));
  }
  return [...names].sort();
}

export interface FilterOverrides {
  /** `-c key=value` pairs for names `-c` can carry. */
  readonly args: readonly string[];
  /**
   * GIT_CONFIG_COUNT/KEY_n/VALUE_n entries for names containing '=' (`-c` splits at the
   * first '=', so `-c filter.a=b.smudge=` would set `filter.a` instead). Needs git >= 2.31.
   */
  readonly env: Readonly<Record<string, string>>;
}

const FILTER_SETTINGS: readonly (readonly [string, string])[] = [
  ['smudge', ''],
  ['clean', ''],
  ['process', ''],
  ['required', 'false'],
];

/** The overrides that turn every named filter driver into no filter. */
export function filterOverrides(names: readonly string[]): FilterOverrides {
  const args: string[] = [];
  const env: Record<string, string> = {};
  let n = 0;
  for (const name of names) {
    for (const [variable, value] of FILTER_SETTINGS) {
      const key = `filter.${name}.${variable}`;
      if (name.includes('=')) {
        env[`GIT_CONFIG_KEY_${n}`] = key;
        env[`GIT_CONFIG_VALUE_${n}`] = value;
        n++;
      } else {
        args.push('-c', `${key}=${value}`);
      }
    }
  }
  if (n > 0) env.GIT_CONFIG_COUNT = String(n);
  return { args, env };
}
