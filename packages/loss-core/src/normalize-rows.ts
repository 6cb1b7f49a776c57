import { rowL2Norms } from "@zae/tensor-utils";

/** The `eps` of PyTorch's `F.normalize`: norms below it are raised to it. */
export const NORM_EPS = 1e-12;

/** Rows of a `[rows, cols]` matrix divided by their clamped L2 norms. */
export interface NormalizedRows {
  /** Row-major `[rows, cols]` copy with row r divided by `norms[r]`. */
  readonly normalized: Float64Array;
  /** L2 norm of each row before clamping; a row whose norm is below {@link NORM_EPS} is divided by NORM_EPS. */
  readonly norms: Float64Array;
}

/**
 * Divides each row by `max(||row||, 1e-12)` as PyTorch's `F.normalize(x, dim=1)`
 * does, in float64, into a new array. The input is not mutated.
 *
 * A row of finite entries whose sum of squares overflows (entries beyond about
 * 1e154) is measured again after dividing by its largest magnitude, so it
 * still becomes a unit row. PyTorch divides such a row by an infinite norm and
 * returns zeros.
 */
export function normalizeRows(data: ArrayLike<number>, rows: number, cols: number): NormalizedRows {
  const norms = rowL2Norms(data, rows, cols, 0);
  const normalized = new Float64Array(rows * cols);

  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    if (norms[r] === Infinity) norms[r] = rescaledRowNorm(data, offset, cols);
    const divisor = Math.max(norms[r], NORM_EPS);
    for (let c = 0; c < cols; c++) normalized[offset + c] = data[offset + c] / divisor;
  }

  return { normalized, norms };
}

/** Returns the L2 norm of one row as max|x| · ||x / max|x|||, which overflows only when the result does. */
function rescaledRowNorm(data: ArrayLike<number>, offset: number, cols: number): number {
  let largest = 0;
  for (let c = 0; c < cols; c++) largest = Math.max(largest, Math.abs(data[offset + c]));
  // An infinite or NaN entry leaves the norm non-finite, as in PyTorch.
  if (!Number.isFinite(largest)) return largest;

  let sumOfSquares = 0;
  for (let c = 0; c < cols; c++) {
    const scaled = data[offset + c] / largest;
    sumOfSquares += scaled * scaled;
  }
  return largest * Math.sqrt(sumOfSquares);
}
