// Hash routing as data: parseRoute turns `#/compare?runs=3,4&by=ref` into a typed Route and
// formatRoute turns it back. The Electron menu sends these hashes (#/repos?add=1, #/new,
// #/runs, #/compare, #/bisect, #/help); views navigate by assigning location.hash = formatRoute(r).

export type CompareBy = 'ref' | 'cpu' | 'benchtime' | 'label' | 'run';

export type Route =
  | { readonly view: 'repos'; readonly repoId?: number; readonly add?: boolean }
  | { readonly view: 'new'; readonly repoId?: number; readonly from?: number }
  | { readonly view: 'run'; readonly runId: number }
  | { readonly view: 'runs'; readonly repoId?: number; readonly bench?: string }
  | {
      readonly view: 'compare';
      readonly runs: readonly number[];
      readonly by?: CompareBy;
      readonly unit?: string;
      readonly row?: string;
      readonly filter?: string;
    }
  | {
      readonly view: 'profile';
      readonly run?: number;
      readonly bench?: string;
      readonly ref?: string;
      readonly kind?: string;
      readonly path?: string;
      readonly baseRun?: number;
      readonly baseRef?: string;
    }
  | { readonly view: 'investigation'; readonly id?: number }
  | { readonly view: 'bisect'; readonly id?: number }
  | { readonly view: 'export'; readonly runId?: number }
  | { readonly view: 'help' };

export type ViewName = Route['view'];

const BY = new Set<string>(['ref', 'cpu', 'benchtime', 'label', 'run']);

function int(v: string | null): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

function str(v: string | null): string | undefined {
  return v === null || v === '' ? undefined : v;
}

/** Parses a location hash (with or without the leading '#'); anything unknown is the repositories view. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = (q < 0 ? h : h.slice(0, q))
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter(Boolean);
  const p = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const [head, arg] = path;
  switch (head) {
    case 'repos': {
      const repoId = int(arg ?? null) ?? int(p.get('repo'));
      return { view: 'repos', ...(repoId ? { repoId } : {}), ...(p.get('add') === '1' ? { add: true } : {}) };
    }
    case 'new': {
      const repoId = int(p.get('repo'));
      const from = int(p.get('from'));
      return { view: 'new', ...(repoId ? { repoId } : {}), ...(from ? { from } : {}) };
    }
    case 'run': {
      const runId = int(arg ?? null);
      return runId ? { view: 'run', runId } : { view: 'runs' };
    }
    case 'runs': {
      const repoId = int(p.get('repo'));
      const bench = str(p.get('bench'));
      return { view: 'runs', ...(repoId ? { repoId } : {}), ...(bench ? { bench } : {}) };
    }
    case 'compare': {
      const runs = (p.get('runs') ?? arg ?? '')
        .split(',')
        .map((s) => int(s.trim()))
        .filter((n): n is number => n !== undefined);
      const by = p.get('by');
      const unit = str(p.get('unit'));
      const row = str(p.get('row'));
      const filter = str(p.get('filter'));
      return {
        view: 'compare',
        runs,
        ...(by && BY.has(by) ? { by: by as CompareBy } : {}),
        ...(unit ? { unit } : {}),
        ...(row ? { row } : {}),
        ...(filter ? { filter } : {}),
      };
    }
    case 'profile': {
      const out: Record<string, unknown> = { view: 'profile' };
      const run = int(p.get('run'));
      const baseRun = int(p.get('baseRun'));
      if (run) out.run = run;
      if (baseRun) out.baseRun = baseRun;
      for (const k of ['bench', 'ref', 'kind', 'path', 'baseRef'] as const) {
        const v = str(p.get(k));
        if (v) out[k] = v;
      }
      return out as Route;
    }
    case 'investigation':
    case 'investigations': {
      const id = int(arg ?? null);
      return { view: 'investigation', ...(id ? { id } : {}) };
    }
    case 'bisect': {
      const id = int(arg ?? null);
      return { view: 'bisect', ...(id ? { id } : {}) };
    }
    case 'export': {
      const runId = int(arg ?? null) ?? int(p.get('run'));
      return { view: 'export', ...(runId ? { runId } : {}) };
    }
    case 'help':
      return { view: 'help' };
    default:
      return { view: 'repos' };
  }
}

function query(entries: readonly (readonly [string, string | number | undefined])[]): string {
  const p = new URLSearchParams();
  for (const [k, v] of entries) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** The hash for a route (with the leading '#'). parseRoute(formatRoute(r)) equals r. */
export function formatRoute(r: Route): string {
  switch (r.view) {
    case 'repos':
      return `#/repos${r.repoId ? `/${r.repoId}` : ''}${r.add ? '?add=1' : ''}`;
    case 'new':
      return `#/new${query([
        ['repo', r.repoId],
        ['from', r.from],
      ])}`;
    case 'run':
      return `#/run/${r.runId}`;
    case 'runs':
      return `#/runs${query([
        ['repo', r.repoId],
        ['bench', r.bench],
      ])}`;
    case 'compare':
      return `#/compare${query([
        ['runs', r.runs.length ? r.runs.join(',') : undefined],
        ['by', r.by],
        ['unit', r.unit],
        ['row', r.row],
        ['filter', r.filter],
      ])}`;
    case 'profile':
      return `#/profile${query([
        ['run', r.run],
        ['bench', r.bench],
        ['ref', r.ref],
        ['kind', r.kind],
        ['path', r.path],
        ['baseRun', r.baseRun],
        ['baseRef', r.baseRef],
      ])}`;
    case 'investigation':
      return `#/investigation${r.id ? `/${r.id}` : ''}`;
    case 'bisect':
      return `#/bisect${r.id ? `/${r.id}` : ''}`;
    case 'export':
      return `#/export${r.runId ? `/${r.runId}` : ''}`;
    case 'help':
      return '#/help';
  }
}
