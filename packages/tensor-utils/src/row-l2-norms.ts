/**
 * Returns the L2 norm of each row of a row-major `[rows, cols]` matrix,
 * accumulated in float64 and clamped below at `minNorm` (default 1e-12, the
 * `eps` of PyTorch's `F.normalize`), so dividing by the result never gives NaN
 * for a zero row.
 */
export function rowL2Norms(data: ArrayLike<number>, rows: number, cols: number, minNorm = 1e-12): Float64Array {
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    let s0 = 0;
    let s1 = 0;
    let c = 0;
    for (; c + 1 < cols; c += 2) {
      const a = data[offset + c];
      const b = data[offset + c + 1];
      s0 += a * a;
      s1 += b * b;
    }
    if (c < cols) {
      const a = data[offset + c];
      s0 += a * a;
    }
    norms[r] = Math.max(Math.sqrt(s0 + s1), minNorm);
  }
  return norms;
}
