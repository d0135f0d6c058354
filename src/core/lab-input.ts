// Input validation at the boundary: every method's input goes through its schema from the
// shared contract; a failure becomes InvalidInput naming the field and the offending value.
import type { z } from 'zod';
import { schemas, type MethodName, type Parsed } from '../shared/api.js';
import { LabFailure } from '../shared/errors.js';

/** Validates input with the method's schema; failures name the field and the value. */
export function parseInput<M extends MethodName>(m: M, input: unknown): Parsed<M> {
  const r = (schemas[m] as z.ZodType).safeParse(input ?? {});
  if (r.success) return r.data as Parsed<M>;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || m;
  let value: unknown = input;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  throw new LabFailure({
    code: 'InvalidInput',
    message: `invalid value for ${field}${value !== undefined && typeof value !== 'object' ? ` ${JSON.stringify(value)}` : ''}: ${issue.message}`,
    detail: { field, value: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value) },
  });
}
