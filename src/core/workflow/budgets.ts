// Budgets: per-benchmark limits the gate enforces. Absolute targets ("Parse <= 50ms/op,
// <= 2MB/op") and maximum regressions against the base ref, in a `perflab.json` at the
// module (or repository) root. The gate reads the file from the BASE ref, so a branch cannot
// raise its own budget; budgets can also be set through the API (stored with the repository).
import { RE2JS } from 're2js';
import { z } from 'zod';
import { fail } from '../../shared/errors.js';
import { tidyUnit } from '../benchunit/index.js';

const Limit = z.union([z.number(), z.string().max(64)]);

export const BudgetsFile = z.object({
  /** Maximum regression in percent for every row and unit with a known direction. */
  maxRegression: z.number().min(0).optional(),
  budgets: z
    .array(
      z.object({
        /** RE2 regexp matched against the row name as benchstat prints it (`Parse/size=1K-8`). */
        bench: z.string().min(1).max(1000),
        /** Absolute limits per unit: a number in the tidied unit (seconds, bytes) or a string with units (`50ms`, `2MB`, `2MiB`, `1.5µs`). */
        max: z.record(z.string(), Limit).optional(),
        /** Maximum regression in percent per unit (e.g. `{"sec/op": 5}`). */
        maxRegression: z.record(z.string(), z.number().min(0)).optional(),
      }),
    )
    .max(1000)
    .default([]),
});
export type Budgets = z.output<typeof BudgetsFile>;

export interface CompiledBudget {
  readonly bench: string;
  readonly re: RE2JS;
  readonly max: ReadonlyMap<string, number>;
  readonly maxRegression: ReadonlyMap<string, number>;
}

const SCALE: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** `50ms` -> 0.05 (seconds), `2MB` -> 2e6 (bytes), `2MiB` -> 2097152, numbers as they are. */
export function parseLimit(v: number | string, unit: string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([A-Za-zµ]*)\s*$/.exec(v.replace(/\/op$/, ''));
  if (!m) fail('InvalidInput', { field: `budget for ${unit}`, value: v }, 'want a number or a value with units such as 50ms or 2MB');
  const n = Number(m[1]);
  if (!m[2]) return n;
  const f = SCALE[m[2]];
  if (f === undefined) fail('InvalidInput', { field: `budget for ${unit}`, value: v }, `unknown unit ${m[2]}`);
  return n * f;
}

export function parseBudgets(raw: unknown, source: string): Budgets {
  const r = BudgetsFile.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    fail('InvalidInput', { field: `${source}: ${issue.path.join('.')}`, value: '' }, issue.message);
  }
  return r.data;
}

export function compileBudgets(b: Budgets): CompiledBudget[] {
  const tidied = (u: string) => tidyUnit(u);
  return b.budgets.map((x) => {
    let re: RE2JS;
    try {
      re = RE2JS.compile(x.bench);
    } catch (err) {
      fail('InvalidRegex', { regex: x.bench, reason: (err as Error).message });
    }
    return {
      bench: x.bench,
      re,
      // Unit keys are tidied as everywhere (ns/op -> sec/op); plain numbers scale with them.
      max: new Map(
        Object.entries(x.max ?? {}).map(([u, v]) => {
          const t = tidied(u);
          return [t.unit, typeof v === 'number' ? v * t.factor : parseLimit(v, u)];
        }),
      ),
      maxRegression: new Map(Object.entries(x.maxRegression ?? {}).map(([u, v]) => [tidied(u).unit, v])),
    };
  });
}
