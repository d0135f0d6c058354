// What a stored point was built and run with besides its commit: the run's build tags and the
// column's variant (its settings: toolchain, GOAMD64, gcflags, PGO, GOEXPERIMENT, env; not its
// name). A benchmark's history follows one such build: a GOAMD64=v3 column or a `-tags purego`
// run of the same commit is another program, not another point of the same series.

/** One build: `key` compares, `text` is for people ("default build", "-tags purego, variant v3 (goamd64=v3)"). */
export interface BuildConfig {
  readonly key: string;
  readonly text: string;
  /** No tags and no variant. */
  readonly plain: boolean;
}

function parsed(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The build of a column from its run's stored spec (JSON) and its stored variant (JSON or null). */
export function buildOf(specJson: string | null, variantJson: string | null): BuildConfig {
  const spec = parsed(specJson);
  return buildOfParts(typeof spec?.tags === 'string' ? spec.tags : '', parsed(variantJson));
}

/** The build of a column from its run's tags and its variant (null: none). */
export function buildOfParts(tags: string, variant: object | null): BuildConfig {
  const settings = Object.entries(variant ?? {})
    .filter(([k, v]) => k !== 'name' && v !== undefined && v !== null && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)] as const);
  // A variant that sets nothing (`--variant base:`) builds the default program.
  const varies = variant !== null && settings.length > 0;
  const parts: string[] = [];
  if (tags) parts.push(`-tags ${tags}`);
  if (varies)
    parts.push(`variant ${String((variant as { name?: unknown }).name ?? '')} (${settings.map(([k, v]) => `${k}=${v}`).join(', ')})`);
  return {
    key: JSON.stringify([tags, varies ? settings : null]),
    text: parts.length ? parts.join(', ') : 'default build',
    plain: !tags && !varies,
  };
}

/** The build a series follows: the plain build when it has points, else the one with the most. */
export function seriesBuild(builds: readonly BuildConfig[]): BuildConfig {
  const plain = builds.find((b) => b.plain);
  if (plain) return plain;
  const counts = new Map<string, { b: BuildConfig; n: number }>();
  for (const b of builds) {
    const c = counts.get(b.key);
    if (c) c.n++;
    else counts.set(b.key, { b, n: 1 });
  }
  let best = builds[0];
  let n = 0;
  for (const c of counts.values())
    if (c.n > n) {
      best = c.b;
      n = c.n;
    }
  return best;
}

/** The other builds among `rows`, each with the runs that measured it (for "left out" lines). */
export function otherBuilds(
  rows: readonly { readonly build: BuildConfig; readonly runId: number }[],
  chosen: BuildConfig,
): { readonly build: string; readonly runIds: readonly number[] }[] {
  const by = new Map<string, { build: string; runIds: Set<number> }>();
  for (const r of rows) {
    if (r.build.key === chosen.key) continue;
    const o = by.get(r.build.key) ?? { build: r.build.text, runIds: new Set<number>() };
    o.runIds.add(r.runId);
    by.set(r.build.key, o);
  }
  return [...by.values()].map((o) => ({ build: o.build, runIds: [...o.runIds].sort((a, b) => a - b) }));
}
