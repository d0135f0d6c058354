// Asserting typed failures in the git tests.
import { expect } from 'vitest';
import { LabFailure, type LabError } from '../../../src/shared/errors.js';

/** Awaits p (or calls it) and returns the LabError it failed with; fails the test otherwise. */
export async function labErrorOf(p: Promise<unknown> | (() => unknown)): Promise<LabError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(LabFailure);
    return (err as LabFailure).error;
  }
  throw new Error('expected a LabFailure, but the call succeeded');
}
