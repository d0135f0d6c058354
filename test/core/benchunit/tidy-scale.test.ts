import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commonScale, formatScaled, scaleValue, tidyUnit, tidyValue, unitClass } from '../../../src/core/benchunit/index.js';

describe('tidyUnit / tidyValue', () => {
  it('tidies ns and MB in the numerator only', () => {
    expect(tidyUnit('ns/op')).toEqual({ unit: 'sec/op', factor: 1e-9 });
    expect(tidyUnit('MB/s')).toEqual({ unit: 'B/s', factor: 1e6 });
    expect(tidyUnit('B/op')).toEqual({ unit: 'B/op', factor: 1 });
    expect(tidyUnit('allocs/op')).toEqual({ unit: 'allocs/op', factor: 1 });
    expect(tidyUnit('ns/GC')).toEqual({ unit: 'sec/GC', factor: 1e-9 });
    expect(tidyUnit('op/ns')).toEqual({ unit: 'op/ns', factor: 1 });
    expect(tidyUnit('MB*ns/op').unit).toBe('B*sec/op');
    expect(tidyUnit('MB*ns/op').factor).toBe(1e6 / 1e9);
    expect(tidyUnit('ns-per-MB').unit).toBe('sec-per-B');
    expect(tidyUnit('nsx/op')).toEqual({ unit: 'nsx/op', factor: 1 });
    expect(tidyUnit('µs/op')).toEqual({ unit: 'µs/op', factor: 1 });
  });

  it('multiplies the value by the factor, as Go does', () => {
    expect(tidyValue(1718, 'ns/op')).toEqual({ value: 1718 * 1e-9, unit: 'sec/op' });
    expect(tidyValue(1718, 'ns/op').value).toBe(1.7180000000000001e-6);
    expect(tidyValue(307.3, 'MB/s')).toEqual({ value: 307.3 * 1e6, unit: 'B/s' });
    expect(tidyValue(5, 'widgets')).toEqual({ value: 5, unit: 'widgets' });
  });

  it('classifies byte units as binary', () => {
    expect(unitClass('B/op')).toBe('binary');
    expect(unitClass('B/s')).toBe('binary');
    expect(unitClass('MB/s')).toBe('binary');
    expect(unitClass('bytes')).toBe('binary');
    expect(unitClass('sec/op')).toBe('decimal');
    expect(unitClass('ops/B')).toBe('decimal');
    expect(unitClass('allocs/op')).toBe('decimal');
    expect(unitClass('B*x/op')).toBe('binary');
  });

  it('is idempotent: a tidied unit tidies to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z*/\- ]{0,12}$/), (u) => {
        const t = tidyUnit(u);
        expect(tidyUnit(t.unit).unit).toBe(t.unit);
      }),
    );
  });
});

describe('commonScale', () => {
  it('picks the scale from the smallest non-zero value with about four digits', () => {
    expect(formatScaled(commonScale([1.718e-6, 1.423e-6], 'decimal'), 1.718e-6)).toBe('1.718µ');
    const s = commonScale([115e-9, 78.8e-9], 'decimal');
    expect(formatScaled(s, 115e-9)).toBe('115.00n');
    expect(formatScaled(s, 78.8e-9)).toBe('78.80n');
    expect(scaleValue(307.3 * 1024 * 1024, 'binary')).toBe('307.3Mi');
    expect(scaleValue(1020 * 1024, 'binary')).toBe('1020.0Ki');
    expect(scaleValue(0.5, 'binary')).toBe('0.5000');
    expect(scaleValue(123456789, 'decimal')).toBe('123.5M');
    expect(scaleValue(1, 'decimal')).toBe('1.000');
    expect(scaleValue(99.995, 'decimal')).toBe('100.0');
    expect(scaleValue(99.9949, 'decimal')).toBe('99.99');
    expect(scaleValue(1e-12, 'decimal')).toBe('0.001000n');
    expect(scaleValue(1e-20, 'decimal')).toBe('0.0000000000n');
  });

  it('gives all-zero rows three decimals and no prefix', () => {
    expect(commonScale([0, 0], 'decimal')).toEqual({ prec: 3, factor: 1, prefix: '' });
    expect(formatScaled(commonScale([0], 'binary'), 0)).toBe('0.000');
  });

  it('shows at least three significant digits of the smallest value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e15, noNaN: true }),
        fc.constantFrom<'binary' | 'decimal'>('binary', 'decimal'),
        (v, cls) => {
          const s = scaleValue(v, cls);
          const digits = s.replace(/[^0-9]/g, '').replace(/^0+/, '');
          expect(digits.length).toBeGreaterThanOrEqual(3);
        },
      ),
    );
  });
});
