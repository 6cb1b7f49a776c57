import { rowL2Norms } from "@zae/tensor-utils";

/** The smallest norm a row is divided by, the `eps` of PyTorch's `F.normalize`. */
export const NORM_EPSILON = 1e-12;

/**
 * Writes each row of the row-major `[rows, cols]` matrix `data` divided by
 * `max(||row||, 1e-12)` into `out`, as PyTorch's `F.normalize(x, dim=1)`, and
 * returns the unclamped norms, which the backward pass needs to tell whether
 * the clamp was active. A zero row becomes a zero row.
 *
 * NOTE: the norms come from a plain float64 sum of squares, so a row with a
 * norm above about 1e154 overflows to an infinite norm and becomes a zero
 * row. PyTorch 1.13's `F.normalize` gives the same zeros.
 */
export function normalizeRows(data: ArrayLike<number>, rows: number, cols: number, out: Float64Array): Float64Array {
  const norms = rowL2Norms(data, rows, cols, 0);
  for (let r = 0; r < rows; r++) {
    const divisor = Math.max(norms[r], NORM_EPSILON);
    const offset = r * cols;
    for (let c = 0; c < cols; c++) out[offset + c] = data[offset + c] / divisor;
  }
  return norms;
}
