// Builds FlameData (the lab's columnar nested set) from collapsed stacks, `a;b;c 10` per line,
// the way core/pprof shapes it: node 0 is "root", children sorted by name, value = cumulative.
// With `base` stacks, the tree is the union and baseValue/baseSelf hold the base's values.
import type { FlameData } from '../../src/shared/profile-types.js';

interface Node {
  name: string;
  value: number;
  self: number;
  base: number;
  baseSelf: number;
  kids: Map<string, Node>;
}

function node(name: string): Node {
  return { name, value: 0, self: 0, base: 0, baseSelf: 0, kids: new Map() };
}

function add(root: Node, text: string, which: 'new' | 'base'): number {
  let total = 0;
  for (const line of text.trim().split('\n')) {
    const m = /^(.*)\s+(\d+)$/.exec(line.trim());
    if (!m) continue;
    const v = Number(m[2]);
    total += v;
    let n = root;
    if (which === 'new') n.value += v;
    else n.base += v;
    for (const f of m[1].split(';')) {
      let k = n.kids.get(f);
      if (!k) n.kids.set(f, (k = node(f)));
      n = k;
      if (which === 'new') n.value += v;
      else n.base += v;
    }
    if (which === 'new') n.self += v;
    else n.baseSelf += v;
  }
  return total;
}

export function flameFrom(stacks: string, base?: string, files: Record<string, string> = {}): FlameData {
  const root = node('root');
  const total = add(root, stacks, 'new');
  const baseTotal = base === undefined ? undefined : add(root, base, 'base');
  const names: string[] = [];
  const index = new Map<string, number>();
  const level: number[] = [];
  const value: number[] = [];
  const self: number[] = [];
  const label: number[] = [];
  const baseValue: number[] = [];
  const baseSelf: number[] = [];
  const walk = (n: Node, lv: number) => {
    let k = index.get(n.name);
    if (k === undefined) {
      k = names.length;
      names.push(n.name);
      index.set(n.name, k);
    }
    level.push(lv);
    value.push(n.value);
    self.push(n.self);
    label.push(k);
    baseValue.push(n.base);
    baseSelf.push(n.baseSelf);
    for (const c of [...n.kids.values()].sort((a, b) => a.name.localeCompare(b.name))) walk(c, lv + 1);
  };
  walk(root, 0);
  const sampleType = { type: 'cpu', unit: 'nanoseconds' };
  return {
    sampleType,
    sampleTypes: [sampleType],
    total,
    names,
    files: names.map((n) => files[n] ?? ''),
    level,
    value,
    self,
    label,
    ...(base === undefined ? {} : { baseValue, baseSelf, baseTotal }),
  };
}
