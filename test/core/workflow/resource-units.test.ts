// The resource units (peak-RSS-B, user-sec/op, sys-sec/op, GCs/op, STW-sec/op) behave like
// any unit: lower is better, kept as they are by tidying, budgets and targets take sizes with
// IEC or SI prefixes for peak-RSS-B.
import { describe, expect, it } from 'vitest';
import { tidyUnit, unitClass } from '../../../src/core/benchunit/index.js';
import { betterDirection } from '../../../src/core/compare/index.js';
import { compileBudgets, parseBudgets, parseLimit } from '../../../src/core/workflow/budgets.js';
import { RESOURCE_UNITS } from '../../../src/core/runner/resource-capture.js';
import { parseTargetText } from '../../../src/core/workflow/target-syntax.js';

describe('resource units', () => {
  it('are lower-is-better, untouched by tidying, and peak-RSS-B scales in binary prefixes', () => {
    const none = { values: new Map<string, string>() } as Parameters<typeof betterDirection>[0];
    for (const u of RESOURCE_UNITS) {
      expect(betterDirection(none, u), u).toBe(-1);
      expect(tidyUnit(u)).toEqual({ unit: u, factor: 1 });
    }
    expect(unitClass('peak-RSS-B')).toBe('binary');
    expect(unitClass('user-sec/op')).toBe('decimal');
  });

  it('a budget on peak-RSS-B accepts IEC and SI sizes', () => {
    expect(parseLimit('10MiB', 'peak-RSS-B')).toBe(10 * 1024 * 1024);
    expect(parseLimit('1.5GiB', 'peak-RSS-B')).toBe(1.5 * 1024 ** 3);
    expect(parseLimit('8MB', 'peak-RSS-B')).toBe(8e6);
    expect(parseLimit('2ms', 'user-sec/op')).toBe(0.002);
    const [b] = compileBudgets(
      parseBudgets({ budgets: [{ bench: '^Parse', max: { 'peak-RSS-B': '10MiB', 'user-sec/op': '50µs' } }] }, 'perflab.json'),
    );
    expect(b.max.get('peak-RSS-B')).toBe(10485760);
    expect(b.max.get('user-sec/op')).toBeCloseTo(50e-6, 12);
    expect(() => parseLimit('10 parsecs', 'peak-RSS-B')).toThrow(/unknown unit parsecs/);
  });

  it('an investigation target on peak-RSS-B takes a size', () => {
    expect(parseTargetText('Parse:peak-RSS-B<=10MiB')).toEqual({ name: 'Parse', unit: 'peak-RSS-B', max: 10485760 });
    expect(parseTargetText('Parse:peak-RSS-B<=2000000')).toEqual({ name: 'Parse', unit: 'peak-RSS-B', max: 2e6 });
    expect(() => parseTargetText('Parse:peak-RSS-B<=lots')).toThrow(/not a number or a value with units/);
  });
});
