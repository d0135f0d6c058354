// The one way tests find `go`, by the product's rule (src/core/go/go-version.ts findGo):
// PERFLAB_GO, else `go` on PATH. Synchronous, for helpers that build oracles before a test;
// a missing toolchain fails the test with a message naming go.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function goPath(why = 'these tests run the Go toolchain'): string {
  const name = process.env.PERFLAB_GO || 'go';
  const candidates = isAbsolute(name)
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  throw new Error(`go is not installed or not on PATH (PERFLAB_GO overrides): ${why}`);
}
