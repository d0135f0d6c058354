import { describe, expect, it } from 'vitest';
import { fma, goExp, goGeomean, goLog } from '../../../src/core/compare/go-math.js';
import { runGo } from '../benchunit/go-oracle.js';

function hex(x: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16);
}

describe('Go amd64 math.Log / math.Exp (oracle: the Go toolchain on this machine)', () => {
  it('agree bit for bit on a spread of inputs', async () => {
    const xs: number[] = [1, 2, 0.5, 105, 101, 1e-9, 3e9, 0.7071067811865476, 1.4142135623730951, 1e300, 5e-324, 2.2250738585072014e-308];
    const es: number[] = [0, 1, -1, 4.63, -20.7, 700, -700, -745, 709.78, 1e-10, -1e-10, 20.7, -0.5];
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 300; i++) xs.push(10 ** (rnd() * 24 - 12));
    for (let i = 0; i < 300; i++) es.push((rnd() - 0.5) * 60);
    const out = await runGo(
      `package main
import ("bufio"; "fmt"; "math"; "os"; "strconv"; "strings")
func main() {
  sc := bufio.NewScanner(os.Stdin)
  for sc.Scan() {
    f := strings.Fields(sc.Text())
    u, _ := strconv.ParseUint(f[1], 16, 64)
    x := math.Float64frombits(u)
    if f[0] == "L" { fmt.Printf("%x\\n", math.Float64bits(math.Log(x))) } else { fmt.Printf("%x\\n", math.Float64bits(math.Exp(x))) }
  }
}
`,
      [...xs.map((x) => `L ${hex(x)}`), ...es.map((x) => `E ${hex(x)}`)].join('\n') + '\n',
    );
    const want = out.trim().split('\n');
    const got = [...xs.map((x) => hex(goLog(x))), ...es.map((x) => hex(goExp(x)))];
    const bad = got.map((g, i) => (g === want[i] ? null : `${i < xs.length ? 'log' : 'exp'}(${i < xs.length ? xs[i] : es[i - xs.length]}): ${g} vs go ${want[i]}`)).filter((x) => x !== null);
    expect(bad).toEqual([]);
  });

  it('fma rounds once', () => {
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17); // 0.1*10 is exactly 1 + 2^-54-ish before rounding
    expect(fma(2, 3, 4)).toBe(10);
  });

  it('goGeomean is NaN for an empty list or a value <= 0', () => {
    expect(goGeomean([])).toBeNaN();
    expect(goGeomean([1, 0])).toBeNaN();
    expect(goGeomean([105, 101])).toBe(102.9805806936434);
  });
});
