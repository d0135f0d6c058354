// Binomial coefficients two ways: exact (Pascal's triangle; every value up to n = 56 is an
// integer below 2^53, so doubles hold them exactly) and "as Go computes them" (benchstat's
// go-moremath uses integer arithmetic up to n = 20 and exp(lgamma) above, which is off by a
// few hundred ulps at most; go-choose-table.ts records those offsets). The quantile CI and the
// exact U distributions use the Go flavour where benchstat does, so ties and thresholds land
// exactly where benchstat puts them.

import { float64Bits, float64FromBits } from './go-float.js';
import { GO_CHOOSE_FIRST_N, GO_CHOOSE_ULP_OFFSETS } from './go-choose-table.js';

/** Largest n for which exactChoose is exact for every k. */
export const EXACT_CHOOSE_MAX_N = 56;

let pascal: Float64Array[] | null = null;

function pascalRows(): Float64Array[] {
  if (pascal) return pascal;
  const rows: Float64Array[] = [Float64Array.of(1)];
  for (let n = 1; n <= EXACT_CHOOSE_MAX_N; n++) {
    const prev = rows[n - 1];
    const row = new Float64Array(n + 1);
    row[0] = 1;
    row[n] = 1;
    for (let k = 1; k < n; k++) row[k] = prev[k - 1] + prev[k];
    rows.push(row);
  }
  pascal = rows;
  return rows;
}

/** The exact binomial coefficient C(n, k) for 0 <= n <= 56 (0 when k is out of range). */
export function exactChoose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  if (n > EXACT_CHOOSE_MAX_N) throw new RangeError(`exactChoose: n=${n} above ${EXACT_CHOOSE_MAX_N}`);
  return pascalRows()[n][k];
}

let goTable: Float64Array[] | null = null;

function goRows(): Float64Array[] {
  if (goTable) return goTable;
  goTable = GO_CHOOSE_ULP_OFFSETS.map((line, i) => {
    const n = GO_CHOOSE_FIRST_N + i;
    const offsets = line.split(' ').map(Number);
    const row = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) row[k] = float64FromBits(float64Bits(exactChoose(n, k)) + BigInt(offsets[k]));
    return row;
  });
  return goTable;
}

/** Largest n goChoose covers (50). benchstat never needs more: it divides by C(n1+n2, n1) only
 * in the exact test with ties (n1, n2 <= 25), and the quantile CI uses binomial weights only up
 * to n = 30. */
export const GO_CHOOSE_MAX_N = GO_CHOOSE_FIRST_N + GO_CHOOSE_ULP_OFFSETS.length - 1;

/** C(n, k) as the float64 that go-moremath's mathx.Choose returns on linux/amd64. */
export function goChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 1;
  if (k < 0 || n < k) return 0;
  if (n < GO_CHOOSE_FIRST_N) return exactChoose(n, k);
  if (n > GO_CHOOSE_MAX_N) throw new RangeError(`goChoose: n=${n} above ${GO_CHOOSE_MAX_N}`);
  return goRows()[n - GO_CHOOSE_FIRST_N][k];
}
