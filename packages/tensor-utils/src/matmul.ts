/**
 * Computes `C = A · B` for row-major `A: [m, k]` and `B: [k, n]`, accumulating
 * in float64, and returns `C: [m, n]` (written into `out` when given).
 * Rows of B are streamed in order (i-k-j loop), so memory access stays sequential.
 */
export function matmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const rowOut = i * n;
    for (let p = 0; p < k; p++) {
      const scale = a[i * k + p];
      if (scale === 0) continue;
      const rowB = p * n;
      for (let j = 0; j < n; j++) out[rowOut + j] += scale * b[rowB + j];
    }
  }
  return out;
}
