// Flame data as indented text, one node per line ("name value/self", plus "base v/s" in diff
// mode), so tree transforms are checked against small pictures.
import type { FlameData } from '../../../../src/shared/profile-types.js';

export function renderFlame(f: FlameData): string {
  const out: string[] = [];
  for (let i = 0; i < f.level.length; i++) {
    let line = `${'  '.repeat(f.level[i])}${f.names[f.label[i]]} ${f.value[i]}/${f.self[i]}`;
    if (f.baseValue && f.baseSelf) line += ` base ${f.baseValue[i]}/${f.baseSelf[i]}`;
    out.push(line);
  }
  return out.join('\n');
}

/** Strips the common indentation of a template literal picture. */
export function picture(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n');
}
