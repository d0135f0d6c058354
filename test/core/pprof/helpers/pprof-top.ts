// `go tool pprof -top` as the oracle: runs it with every node shown, in exact units (-unit=ns
// for time, -unit=B for bytes, none for counts) and parses the numbers (never the text).
import { goRunner } from './go-run.js';

export interface PprofTopRow {
  readonly flat: number;
  readonly cum: number;
}

export interface PprofTop {
  readonly total: number;
  /** Rows in pprof's order, names without the "(inline)" tag. */
  readonly order: readonly string[];
  readonly rows: ReadonlyMap<string, PprofTopRow>;
}

function unitFlag(unit: string): string[] {
  if (unit === 'nanoseconds') return ['-unit=ns'];
  if (unit === 'bytes') return ['-unit=B'];
  return [];
}

function num(s: string, unit: string): number {
  const m = /^(-?\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(s);
  if (!m) throw new Error(`pprof value ${JSON.stringify(s)} is not a number`);
  const expected = unit === 'nanoseconds' ? 'ns' : unit === 'bytes' ? 'B' : '';
  if (m[2] !== '' && m[2] !== expected) throw new Error(`pprof value ${s} has unit ${m[2]}, expected ${expected}`);
  if (m[1].includes('.')) throw new Error(`pprof value ${s} is scaled`);
  return Number(m[1]);
}

/** `go tool pprof -top` of one sample type, with extra flags (-focus=, -diff_base=...). */
export async function pprofTop(file: string, sampleType: string, unit: string, extra: readonly string[] = []): Promise<PprofTop> {
  const go = await goRunner();
  const args = [
    'tool',
    'pprof',
    '-top',
    '-nodecount=1000000',
    '-nodefraction=0',
    '-edgefraction=0',
    `-sample_index=${sampleType}`,
    ...unitFlag(unit),
    ...extra,
    file,
  ];
  const r = await go.run(args, process.cwd(), 300_000);
  if (r.exitCode !== 0) throw new Error(`go ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  let total = NaN;
  const rows = new Map<string, PprofTopRow>();
  const order: string[] = [];
  let inTable = false;
  for (const line of lines) {
    const head = /^Showing nodes accounting for \S+, \S+ of (\S+) total/.exec(line);
    if (head) {
      total = num(head[1], unit);
      continue;
    }
    if (/^\s*flat\s+flat%\s+sum%\s+cum\s+cum%/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable || line.trim() === '') continue;
    const m = /^\s*(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)\s+(\S+)%\s+(.*)$/.exec(line);
    if (!m) throw new Error(`unexpected pprof line ${JSON.stringify(line)}`);
    const name = m[6].replace(/ \((?:partial-)?inline\)$/, '');
    if (rows.has(name)) throw new Error(`pprof printed ${name} twice`);
    rows.set(name, { flat: num(m[1], unit), cum: num(m[4], unit) });
    order.push(name);
  }
  if (Number.isNaN(total)) {
    // An empty profile: pprof prints no table.
    total = 0;
  }
  return { total, order, rows };
}
