import { describe, expect, it } from 'vitest';
import { formatGoFloat, formatGoFloatSigned, formatGoV } from '../../../src/core/benchunit/index.js';
import { runGo } from './go-oracle.js';

// Values as IEEE bit patterns so Go sees exactly the doubles JavaScript formats.
function bits(x: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16);
}

/** The double `steps` representable values away from a positive x. */
function neighbour(x: number, steps: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  b.setBigUint64(0, b.getBigUint64(0) + BigInt(steps));
  return b.getFloat64(0);
}

function sampleValues(): number[] {
  const out: number[] = [
    0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.0625, 9.5, 99.995, 9.9995, 0.99995, 1e21, 1.5e21, 123456789012345680000, 1e-7,
    5e-324, 1.7976931348623157e308, 999999, 1e6, 1234567, 0.0001, 0.00009999, 1e-5, 12345.678, 0.1, 0.2, 0.3, 2.675, 1.005, 1e20, 1e-4,
    0.000123,
  ];
  // Exact ties at 0..4 decimals: odd multiples of 2^-(d+1).
  for (let d = 0; d <= 4; d++) for (let k = 1; k < 40; k += 2) out.push(k / 2 ** (d + 1), -k / 2 ** (d + 1), 1000 + k / 2 ** (d + 1));
  // A deterministic spread of magnitudes.
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 400; i++) {
    const e = Math.floor(rnd() * 40) - 20;
    out.push((rnd() - 0.3) * 10 ** e);
  }
  for (let i = 0; i < 100; i++) out.push(Math.round(rnd() * 100000) / 1000); // many 3-decimal values
  // The edges of %v's fixed notation (formatGoV's fast path is [1e-4, 1e6)): the doubles next to them.
  for (const edge of [1e-4, 1e6]) for (const d of [-2, -1, 1, 2]) out.push(neighbour(edge, d), -neighbour(edge, d));
  return out;
}

describe('Go number formatting (oracle: the Go toolchain)', () => {
  it('formatGoFloat, formatGoFloatSigned and formatGoV match strconv and fmt for every sample', async () => {
    const values = sampleValues();
    const stdout = await runGo(
      `package main
import ("bufio"; "fmt"; "math"; "os"; "strconv")
func main() {
  sc := bufio.NewScanner(os.Stdin)
  for sc.Scan() {
    u, _ := strconv.ParseUint(sc.Text(), 16, 64)
    x := math.Float64frombits(u)
    fmt.Printf("%s|%s|%s|%s|%s|%s|%v|%+.2f|%.0f\\n", strconv.FormatFloat(x, 'f', 0, 64), strconv.FormatFloat(x, 'f', 1, 64),
      strconv.FormatFloat(x, 'f', 2, 64), strconv.FormatFloat(x, 'f', 3, 64), strconv.FormatFloat(x, 'f', 4, 64),
      strconv.FormatFloat(x, 'f', 10, 64), x, x, x)
  }
}
`,
      values.map(bits).join('\n') + '\n',
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(values.length);
    const mismatches: string[] = [];
    values.forEach((x, i) => {
      const ours = [0, 1, 2, 3, 4, 10]
        .map((d) => formatGoFloat(x, d))
        .concat([formatGoV(x), formatGoFloatSigned(x, 2), formatGoFloat(x, 0)])
        .join('|');
      if (ours !== lines[i]) mismatches.push(`${x}: ours ${ours} go ${lines[i]}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('rounds exact ties to even where toFixed rounds away from zero', () => {
    expect(formatGoFloat(0.5, 0)).toBe('0');
    expect(formatGoFloat(1.5, 0)).toBe('2');
    expect(formatGoFloat(2.5, 0)).toBe('2');
    expect(formatGoFloat(-2.5, 0)).toBe('-2');
    expect(formatGoFloat(0.125, 2)).toBe('0.12');
    expect(formatGoFloat(0.375, 2)).toBe('0.38');
    expect(formatGoFloat(2.675, 2)).toBe('2.67'); // 2.675 is below the tie in binary
  });

  it('prints %v in exponent form below 1e-4 and from 1e6', () => {
    expect(formatGoV(1.718e-6)).toBe('1.718e-06');
    expect(formatGoV(1.7180000000000001e-6)).toBe('1.7180000000000001e-06');
    expect(formatGoV(999999)).toBe('999999');
    expect(formatGoV(1e6)).toBe('1e+06');
    expect(formatGoV(0.0001)).toBe('0.0001');
    expect(formatGoV(9.9e-5)).toBe('9.9e-05');
    expect(formatGoV(Infinity)).toBe('+Inf');
    expect(formatGoV(NaN)).toBe('NaN');
  });
});
