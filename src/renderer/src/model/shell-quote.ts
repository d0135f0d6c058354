// POSIX shell quoting for the copyable command lines (`perflab run ...`): words made only of
// safe characters stay bare, anything else goes in single quotes with embedded quotes as '\''.
import type { MatrixDraft } from './matrix.js';
import { parseEnv } from './matrix.js';

export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

function list(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The `perflab run ...` words equivalent to the draft (defaults left out). */
export function runCommandWords(d: MatrixDraft): string[] {
  const w = ['perflab', 'run', '--repo', d.repoPath];
  for (const p of d.packages) w.push('--pkg', p);
  // With --main, benchmarks run only when --bench is given.
  if (d.bench !== '.' || (d.mains.trim() && d.withBenchmarks)) w.push('--bench', d.bench);
  const refs = d.refs.map((r) => r.trim()).filter(Boolean);
  if (!(refs.length === 1 && refs[0] === 'WORKTREE')) for (const r of refs) w.push('--ref', r);
  if (d.count.trim() !== '6') w.push('--count', d.count.trim());
  const cpu = list(d.cpu);
  if (cpu.length) w.push('--cpu', cpu.join(','));
  const bt = list(d.benchtime);
  if (!(bt.length === 1 && bt[0] === '1s') && bt.length) w.push('--benchtime', bt.join(','));
  if (d.tags.trim()) w.push('--tags', d.tags.trim());
  if (d.profile.length) w.push('--profile', d.profile.join(','));
  if (d.profile.length && d.profileBenchtime !== '1s') w.push('--profile-benchtime', d.profileBenchtime);
  if (d.resources) w.push('--resources');
  for (const m of d.mains
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean))
    w.push('--main', m);
  // --args=VALUE: a value that starts with a dash is never read as an option.
  for (const a of d.args
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean))
    w.push(`--args=${a}`);
  if (d.mains.trim() && d.stdin.trim()) w.push('--stdin', d.stdin.trim());
  if (d.mains.trim() && d.warmup.trim() && d.warmup.trim() !== '0') w.push('--warmup', d.warmup.trim());
  for (const [k, v] of Object.entries(parseEnv(d.env).env)) w.push('--env', `${k}=${v}`);
  for (const v of d.variants) w.push('--variant', v.settings ? `${v.name}:${v.settings}` : v.name);
  if (d.schedule !== 'interleaved') w.push('--schedule', d.schedule);
  if (d.label.trim()) w.push('--label', d.label.trim());
  return w;
}

export function runCommandLine(d: MatrixDraft): string {
  return shellJoin(runCommandWords(d));
}
