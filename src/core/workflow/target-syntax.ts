// Targets as people write them, and as a Markdown table (`investigate targets ID --export
// FILE`, read back with `investigate start --targets FILE`):
//
//   [NAME:]UNIT<=LIMIT    an upper limit: Parse:sec/op<=50µs, allocs/op<=0, B/op<=2KiB
//   [NAME:]UNIT>=LIMIT    a lower limit (throughput, higher-is-better custom units): B/s>=100MB
//   [NAME:][UNIT:]-PCT%   at least PCT% better than the base (lower for time and memory,
//   [NAME:][UNIT:]+PCT%   higher for throughput: the sign is read as "better by")
//
// Any unit works (custom ones too); a LIMIT is a number in the unit's base (seconds, bytes,
// bytes/s) or a value with units (50ms, 2MB, 2MiB); 0 is allowed. NAME is a regexp matched
// against the row names; without it the target applies to every benchmark of the investigation.
import { fail } from '../../shared/errors.js';
import type { TargetSpec } from '../store/investigations.js';
import { parseLimit } from './budgets.js';

const LIMIT = /^(?:(.+?):)?([^:<>]+?)\s*(<=|>=)\s*(.+)$/;
const RELATIVE = /^(?:(.+?):)?(?:([^:]+):)?([-+])(\d+(?:\.\d+)?)%$/;

function bad(s: string, why: string): never {
  fail(
    'InvalidInput',
    { field: 'target', value: s },
    `${why}; want [NAME:]UNIT<=LIMIT, [NAME:]UNIT>=LIMIT or [NAME:][UNIT:]-PCT% (e.g. Parse:sec/op<=50µs, allocs/op<=0, Parse:-20%)`,
  );
}

/** One target from its text form. */
export function parseTargetText(raw: string): TargetSpec {
  const s = raw.trim();
  const rel = RELATIVE.exec(s);
  if (rel) {
    let [name, unit]: (string | undefined)[] = [rel[1], rel[2]];
    // `B/op:-20%`: a lone prefix that looks like a unit is the unit, not a name.
    if (name !== undefined && unit === undefined && /\/|^[A-Za-z]+$/.test(name) && isUnitLike(name)) [name, unit] = [undefined, name];
    const pct = Number(rel[4]);
    if (!(pct > 0 && pct < 1000)) bad(raw, 'the percentage must be above 0');
    return { name: name ?? '.', unit: unit ?? 'sec/op', improvePct: pct };
  }
  const lim = LIMIT.exec(s);
  if (!lim) bad(raw, 'not a target');
  const unit = lim[2].trim();
  let value: number;
  try {
    value = parseLimit(lim[4].trim(), unit);
  } catch {
    bad(raw, `the limit ${JSON.stringify(lim[4].trim())} is not a number or a value with units`);
  }
  if (!Number.isFinite(value) || value < 0) bad(raw, 'the limit must be 0 or more');
  return lim[3] === '<=' ? { name: lim[1] ?? '.', unit, max: value } : { name: lim[1] ?? '.', unit, min: value };
}

function isUnitLike(s: string): boolean {
  return s.includes('/') || s === 'ns' || s === 'B';
}

/** The targets' text forms (round trip with parseTargetText). */
export function targetTexts(t: TargetSpec): string[] {
  const out: string[] = [];
  if (t.max !== undefined) out.push(`${t.unit}<=${t.max}`);
  if (t.min !== undefined) out.push(`${t.unit}>=${t.min}`);
  if (t.improvePct !== undefined) out.push(`-${t.improvePct}%`);
  return out;
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

/** A Markdown table of targets: benchmark, unit, target, plus the latest state when given. */
export function targetsToMarkdown(targets: readonly TargetSpec[], latest?: ReadonlyMap<string, string>): string {
  const rows = targets.flatMap((t) =>
    targetTexts(t).map((x) => {
      const target = x.startsWith(`${t.unit}`) ? x.slice(t.unit.length) : x;
      return [t.name, t.unit, target.replace(/^(<=|>=)/, '$1 '), latest?.get(`${t.name}\0${t.unit}`) ?? ''];
    }),
  );
  const head = latest
    ? '| benchmark | unit | target | latest |\n| --- | --- | --- | --- |\n'
    : '| benchmark | unit | target |\n| --- | --- | --- |\n';
  return head + rows.map((r) => `| ${(latest ? r : r.slice(0, 3)).map((c) => cell(c)).join(' | ')} |`).join('\n') + '\n';
}

/** Targets from a Markdown table (the first three columns: benchmark, unit, target); other lines are ignored. */
export function targetsFromMarkdown(text: string, source: string): TargetSpec[] {
  const out: TargetSpec[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    const l = line.trim();
    if (!l.startsWith('|')) continue;
    const cells = l
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|').replace(/\\\\/g, '\\'));
    if (cells.length < 3 || /^-+$/.test(cells[0].replace(/:/g, '')) || cells[0].toLowerCase() === 'benchmark') continue;
    const [name, unit, target] = cells;
    const text2 = /^[-+]/.test(target) ? `${name}:${unit}:${target}` : `${name}:${unit}${target.replace(/\s+/g, '')}`;
    try {
      out.push(parseTargetText(text2));
    } catch (err) {
      fail('ParseError', { file: `${source} line ${i + 1}` }, (err as Error).message);
    }
  }
  if (out.length === 0) fail('ParseError', { file: source }, 'no target rows (| benchmark | unit | target |)');
  return out;
}
