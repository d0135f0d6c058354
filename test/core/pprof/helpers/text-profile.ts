// Small profiles drawn as text, for transform tests (as Grafana's flame graph tests do):
// one stack per line, root first, frames separated by ';', then one value per sample type.
// "a+b" is one location where a (the caller) has b inlined into it.
//   main;work;hash 30
//   main;work+mix 10
import { ProfileBuilder } from '../../../../src/core/pprof/builder.js';
import type { Profile } from '../../../../src/core/pprof/model.js';
import type { SampleTypeInfo } from '../../../../src/shared/profile-types.js';

export function textProfile(text: string, sampleTypes: readonly SampleTypeInfo[] = [{ type: 'cpu', unit: 'nanoseconds' }]): Profile {
  const b = new ProfileBuilder({ sampleTypes, periodType: sampleTypes[0] });
  const mapping = b.addMapping({ filename: '/bin/prog.test', hasFunctions: true });
  const locs = new Map<string, number>();
  const loc = (token: string): number => {
    let l = locs.get(token);
    if (l === undefined) {
      const names = token.split('+').reverse();
      l = b.addLocation(
        names.map((n, i) => ({ func: b.addFunction(n, `pkg/${n.replace(/\W+/g, '_')}.go`, 10), line: 11 + i })),
        mapping,
        0x1000 + locs.size * 16,
      );
      locs.set(token, l);
    }
    return l;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    const stack = parts[0] === '-' ? [] : parts[0].split(';');
    const values = parts.slice(1).map(Number);
    b.addSample(stack.map(loc).reverse(), values);
  }
  return b.finish();
}
