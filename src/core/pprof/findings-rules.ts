// The rule per pattern behind a finding's "Proposed change": what to do, a short Go sketch
// adapted to the finding (its function and callee), the trade-off, the title's verb phrase and
// an estimate of the change's complexity (from its reach: one line or function is Low, a
// cache or pool with its own lifetime is Medium, an API or concurrency design is High).
// Every gain is a guess until measured: findings-markdown.ts marks each one "needs benchmark".
import type { FindingLevel } from '../../shared/profile-types.js';
import type { Pattern } from './findings-attribute.js';

export interface Rule {
  /** Verb phrase for the title, e.g. "preallocate the slice". */
  readonly action: string;
  readonly change: string;
  readonly sketch: string;
  readonly tradeOff: string;
  readonly complexity: FindingLevel;
  /** Words a commit subject that made this change would contain (an earlier perf commit "clearly the same"). */
  readonly keywords: RegExp;
}

/** The last element of a Go function name without its package path ("(*T).m", "f.func1"). */
export function shortName(func: string): string {
  const slash = func.lastIndexOf('/');
  const rest = func.slice(slash + 1);
  const dot = rest.indexOf('.');
  return dot >= 0 ? rest.slice(dot + 1) : rest;
}

/**
 * Memory profiles leave the runtime's allocation frames out of their stacks, so a site they
 * charge says "allocates" but not how. The source line tells: a more specific allocation
 * pattern from the line's text, or null.
 */
export function allocPatternOfLine(text: string | undefined): Pattern | null {
  if (!text) return null;
  const code = text.replace(/\/\/.*$/, '');
  // A go statement's allocation is the goroutine's closure and arguments (the heap profile
  // shows runtime.newobject, not newproc): the cost is the goroutine per call.
  if (/^\s*go\s+\S/.test(code)) return 'goroutine';
  if (/\bappend\(/.test(code)) return 'append';
  if (/\bfmt\.(Sprint|Sprintf|Sprintln|Errorf)\(|\bstrconv\.Format/.test(code)) return 'fmt';
  if (/\bmake\(map\[/.test(code)) return 'map';
  if (/\+=|"\s*\+|\+\s*"/.test(code)) return 'concat';
  if (/\bstring\(|\[\]byte\(|\[\]rune\(/.test(code)) return 'conversion';
  return null;
}

/** The rule for a pattern. */
export function ruleFor(pattern: Pattern, func: string, callee: string): Rule {
  const fn = shortName(func);
  const called = callee.split(' -> ')[0] || 'the callee';
  switch (pattern) {
    case 'append':
      return {
        action: 'preallocate the slice grown by append',
        change: `Give the slice a capacity before the loop in \`${fn}\`, so append stops regrowing and copying it (runtime.growslice).`,
        sketch: 'out := make([]T, 0, len(in)) // or a known upper bound\nfor _, x := range in {\n\tout = append(out, f(x))\n}',
        tradeOff: 'an over-estimated capacity keeps memory that is never used; an unknown length needs a bound or a reused slice.',
        complexity: 'Low',
        keywords: /prealloc|capacity|\bcap\b/i,
      };
    case 'concat':
      return {
        action: 'build the string with strings.Builder',
        change: `Replace the repeated \`s += ...\` in \`${fn}\` with a strings.Builder grown once, so each step stops copying the whole string (runtime.concatstrings).`,
        sketch:
          'var b strings.Builder\nb.Grow(n) // when the size is known\nfor _, p := range parts {\n\tb.WriteString(p)\n}\ns := b.String()',
        tradeOff: 'slightly more code than `+=`; no gain for two or three pieces.',
        complexity: 'Low',
        keywords: /strings\.builder|\bbuilder\b/i,
      };
    case 'conversion':
      return {
        action: 'avoid the string/[]byte conversion',
        change: `Keep one representation in \`${fn}\`: each string([]byte) or []byte(string) conversion copies (${called}).`,
        sketch:
          '// compare without converting\nif bytes.Equal(line, []byte(key)) { ... } // or keep keys as []byte\n// map lookups with m[string(b)] do not allocate',
        tradeOff: 'may ripple into the signatures of helpers that take the other type.',
        complexity: 'Low',
        keywords: /conver(t|sion)/i,
      };
    case 'boxing':
      return {
        action: 'avoid boxing values into interfaces',
        change: `Values converted to interfaces in \`${fn}\` escape to the heap (${called}); pass the concrete type, or a generic function.`,
        sketch: 'func process[T constraints.Integer](v T) { ... } // instead of func process(v any)',
        tradeOff: 'generic or concrete signatures are less flexible than an interface.',
        complexity: 'Medium',
        keywords: /\bbox|generic/i,
      };
    case 'map':
      return {
        action: 'size the map up front',
        change: `Give the map in \`${fn}\` a size hint so it stops growing and rehashing (${called}).`,
        sketch: 'm := make(map[K]V, len(items))',
        tradeOff: 'a hint far above the real size wastes memory.',
        complexity: 'Low',
        keywords: /size hint|pre-?size|map (capacity|size)/i,
      };
    case 'fmt':
      return {
        action: 'format without fmt',
        change: `\`${fn}\` formats with ${called}, which allocates per call; append to a reused buffer with strconv instead.`,
        sketch: "buf = buf[:0]\nbuf = strconv.AppendInt(buf, int64(n), 10)\nbuf = append(buf, ':')",
        tradeOff: 'less readable than a format string.',
        complexity: 'Low',
        keywords: /\bfmt\b|strconv|sprintf/i,
      };
    case 'alloc':
      return {
        action: 'reuse the per-call allocation',
        change: `\`${fn}\` allocates on every call (${called || 'its own code'}); reuse the buffer, or take it from a sync.Pool when calls overlap.`,
        sketch:
          'var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\nb := bufPool.Get().(*bytes.Buffer)\nb.Reset()\ndefer bufPool.Put(b)',
        tradeOff: 'a pool adds lifetime rules (never keep a pooled value after Put) and can hold memory between GCs.',
        complexity: 'Medium',
        keywords: /sync\.pool|\bpool\b|reuse/i,
      };
    case 'pool':
      return {
        action: 'keep objects in the sync.Pool (its New allocates them again)',
        change:
          `\`${fn}\` is a sync.Pool's New, and it carries this cost: Get found the pool empty (${called}). ` +
          'Put every object back when done, on every return path; a pool is also emptied by each garbage collection, ' +
          'so large objects Got rarely are allocated again after every GC: for those, keep a free list of your own (a buffered channel) or one buffer per owner.',
        sketch:
          'buf := blockPool.Get().(*[1 << 20]byte)\ndefer blockPool.Put(buf) // returned on every path\n\n// or, for large buffers a GC must not drop:\nvar free = make(chan *[1 << 20]byte, 4)',
        tradeOff: 'a free list keeps its buffers alive while idle; a Put of an object still in use corrupts the next Get.',
        complexity: 'Medium',
        keywords: /\bpool\b|\bPut\b|free list/i,
      };
    case 'open':
      return {
        action: `cache the result instead of calling ${called} per call`,
        change: `\`${fn}\` opens or stats a file (${called}) on every call: compute the answer once per key (file name) and reuse it, or hoist the I/O out of the callers' loops.`,
        sketch:
          'var cache sync.Map // key: file name -> result\n\nif v, ok := cache.Load(name); ok {\n\treturn v.(Result), nil\n}\nr, err := load(name) // the os.Open + scan, once per name\nif err == nil {\n\tcache.Store(name, r)\n}',
        tradeOff: 'a cache goes stale when the file changes during the process; bound it if keys are unbounded.',
        complexity: 'Medium',
        keywords: /\bcache/i,
      };
    case 'read':
      return {
        action: 'hoist the I/O out of the per-item path',
        change: `\`${fn}\` reads or writes through ${called} per call: read once (or buffer with bufio) outside the loop and work from memory.`,
        sketch: 'data, err := os.ReadFile(name) // once, before the loop\nfor _, item := range items {\n\tuse(data, item)\n}',
        tradeOff: 'holds the whole input in memory.',
        complexity: 'Medium',
        keywords: /hoist|bufio|read once/i,
      };
    case 'lock':
      return {
        action: 'narrow the critical section',
        change: `Goroutines wait on the lock in \`${fn}\` (${called}): hold it only around the shared state, not around I/O, sleeps or computation; shard it or use RWMutex for read-mostly data.`,
        sketch: 'v := compute(key) // slow part outside the lock\nmu.Lock()\nm[key] = v\nmu.Unlock()',
        tradeOff: 'work done outside the lock may be duplicated by racing goroutines; re-check invariants after re-locking.',
        complexity: 'Medium',
        keywords: /lock|mutex|critical section|contention/i,
      };
    case 'goroutine':
      return {
        action: 'avoid a goroutine per operation',
        change: `\`${fn}\` starts a goroutine per item (${/newproc|malg/.test(called) ? called : `the go statement allocates the goroutine's closure${callee ? `: ${called}` : ''}`}); for small work items the start and the wait cost more than the work: do it inline, or feed a fixed pool of workers.`,
        sketch:
          'jobs := make(chan Item)\nfor w := 0; w < runtime.GOMAXPROCS(0); w++ {\n\tgo func() { for it := range jobs { work(it) } }()\n}\n// or simply: for _, it := range items { work(it) }',
        tradeOff: 'a pool has a lifetime to manage; inline work gives up parallelism for large items.',
        complexity: 'Medium',
        keywords: /goroutine|worker pool/i,
      };
    case 'wait':
      return {
        action: 'reduce the waits on goroutines and channels',
        change: `\`${fn}\` spends its time waiting (${called}); the evidence shows waiting, not its cause: look at what the awaited goroutines do, and batch the hand-offs (one wait per batch, not per item).`,
        sketch: 'results := make([]R, len(items)) // each worker writes its own slot\n// one wg.Wait() per batch instead of one per item',
        tradeOff: 'batching delays the first result.',
        complexity: 'High',
        keywords: /\bbatch/i,
      };
  }
}
