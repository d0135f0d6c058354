// Go symbol names as profiles spell them, shared by core (flame graph exports) and the
// renderer (flame graph colours), so a frame gets the same package, and so the same colour,
// in the app and in an exported SVG or HTML file.

/** The Go package of a function name: `example.com/p/parse.(*T).F` -> `example.com/p/parse`. */
export function packageOf(name: string): string {
  let stop = name.length;
  const paren = name.indexOf('(');
  const bracket = name.indexOf('[');
  if (paren >= 0) stop = paren;
  if (bracket >= 0 && bracket < stop) stop = bracket;
  const slash = name.lastIndexOf('/', stop - 1);
  const dot = name.indexOf('.', slash + 1);
  return dot < 0 || dot >= stop ? name.slice(0, stop) : name.slice(0, dot);
}

/** FNV-1a over the string's UTF-16 code units: a stable hash for colours. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The top-level benchmark of a full name: `BenchmarkFields/size=4` -> `BenchmarkFields`. */
export function topLevelBenchmark(name: string): string {
  const i = name.indexOf('/');
  return i < 0 ? name : name.slice(0, i);
}
