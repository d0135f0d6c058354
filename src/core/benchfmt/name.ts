// Benchmark names: `Base{/part}[-N]`. A part is `key=value` or positional; `-N` (GOMAXPROCS)
// is only trailing digits after the last `-` (`go test` omits it when GOMAXPROCS is 1, so never
// trust it alone: the runner stores the -cpu value). compare's projection (`.name`, `/key`,
// `/gomaxprocs`) reads names through this module.

export interface NamePart {
  /** The key of a `key=value` part; null for a positional part. */
  readonly key: string | null;
  readonly value: string;
}

export interface ParsedName {
  /** Up to the first `/` (without the `-N` suffix when there is no `/`). */
  readonly base: string;
  /** Sub-benchmark parts after the base, without the `-N` suffix. */
  readonly parts: readonly NamePart[];
  /** The `-N` suffix as a number, or null when absent. */
  readonly procs: number | null;
  /** The `-N` suffix's digits as printed (exact even past 2^53), or null. */
  readonly procsText: string | null;
  /** The name without the `-N` suffix. */
  readonly withoutProcs: string;
  /** The raw parts as golang/perf splits them: `/key=value`... then `-N` when present. */
  readonly rawParts: readonly string[];
}

/** Splits a trailing `-N` (digits after the last `-`, at least one digit) off a name. */
export function splitProcs(name: string): { readonly prefix: string; readonly procs: string | null } {
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name.charCodeAt(i);
    if (c === 0x2d /* - */ && i < name.length - 1) return { prefix: name.slice(0, i), procs: name.slice(i + 1) };
    if (c < 0x30 || c > 0x39) break;
  }
  return { prefix: name, procs: null };
}

/** The raw parts of a name after its base, golang/perf's Name.Parts: `/a=1`, `/b`, `-8`. */
export function nameRawParts(fullName: string): { readonly base: string; readonly parts: readonly string[] } {
  const { prefix, procs } = splitProcs(fullName);
  const parts: string[] = [];
  let prev = 0;
  for (let i = 0; i < prefix.length; i++) {
    if (prefix.charCodeAt(i) === 0x2f /* / */) {
      parts.push(prefix.slice(prev, i));
      prev = i;
    }
  }
  parts.push(prefix.slice(prev));
  if (procs !== null) parts.push('-' + procs);
  return { base: parts[0], parts: parts.slice(1) };
}

/** golang/perf's Name.Base: up to the first `/`, else the name without `-N`. */
export function nameBase(fullName: string): string {
  const slash = fullName.indexOf('/');
  if (slash >= 0) return fullName.slice(0, slash);
  return splitProcs(fullName).prefix;
}

/** Parses a benchmark's full name (without the `Benchmark` prefix). */
export function parseName(fullName: string): ParsedName {
  const { prefix, procs } = splitProcs(fullName);
  const raw = nameRawParts(fullName);
  const parts: NamePart[] = [];
  for (const p of raw.parts) {
    if (p.startsWith('-')) continue; // the procs suffix
    const body = p.slice(1);
    const eq = body.indexOf('=');
    parts.push(eq >= 0 ? { key: body.slice(0, eq), value: body.slice(eq + 1) } : { key: null, value: body });
  }
  return {
    base: nameBase(fullName),
    parts,
    procs: procs === null ? null : Number(procs),
    procsText: procs,
    withoutProcs: prefix,
    rawParts: raw.parts,
  };
}
