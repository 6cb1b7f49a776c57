import { CompensatedSum } from "@zae/tensor-utils";

const BLOCK = 1024;

/** Sums (p - t)² over all elements in float64, one block at a time, without allocating. */
export function sumSquaredErrors(t: ArrayLike<number>, p: ArrayLike<number>): number {
  const total = new CompensatedSum();
  const n = p.length;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let s0 = 0;
    let s1 = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      const d0 = p[i] - t[i];
      const d1 = p[i + 1] - t[i + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    if (i < end) {
      const d = p[i] - t[i];
      s0 += d * d;
    }
    total.add(s0 + s1);
  }
  return total.value;
}
