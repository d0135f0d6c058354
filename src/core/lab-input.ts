// Input validation at the boundary: every method's input goes through its schema from the
// shared contract; a failure becomes InvalidInput naming the field and the offending value.
import type { z } from 'zod';
import { schemas, type MethodName, type Parsed } from '../shared/api.js';
import { labError, LabFailure } from '../shared/errors.js';

/** Validates input with the method's schema; failures name the field and the value. */
export function parseInput<M extends MethodName>(m: M, input: unknown): Parsed<M> {
  const r = (schemas[m] as z.ZodType).safeParse(input ?? {});
  if (r.success) return r.data as Parsed<M>;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || m;
  let value: unknown = input;
  for (const k of issue.path)
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  // The offending value is named when it is a single value (a string as typed, others as JSON);
  // an object or a list is not repeated in the message.
  const shown =
    value === undefined || value === null || typeof value === 'object'
      ? undefined
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  throw new LabFailure(labError('InvalidInput', shown === undefined ? { field } : { field, value: shown }, issue.message));
}
