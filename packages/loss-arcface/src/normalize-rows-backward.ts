import { NORM_EPSILON } from "./normalize-rows.js";

/**
 * Turns `grad`, the gradient with respect to normalised rows `unit = x / n`
 * with `n = max(||x||, 1e-12)`, into the gradient with respect to `x`, in
 * place.
 *
 * When `||x|| >= 1e-12` the norm depends on `x` (d n / d x = unit), so
 * `dL/dx = (g - unit (unit · g)) / ||x||`. Below that the clamp is active and
 * passes no gradient in PyTorch, so `dL/dx = g / 1e-12`: large but finite,
 * which is what autograd returns for a zero row.
 */
export function normalizeRowsBackward(
  grad: Float64Array,
  unit: ArrayLike<number>,
  norms: ArrayLike<number>,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    const norm = norms[r];
    if (!(norm >= NORM_EPSILON)) {
      for (let c = 0; c < cols; c++) grad[offset + c] /= NORM_EPSILON;
      continue;
    }

    let projection = 0;
    for (let c = 0; c < cols; c++) projection += unit[offset + c] * grad[offset + c];
    for (let c = 0; c < cols; c++) grad[offset + c] = (grad[offset + c] - unit[offset + c] * projection) / norm;
  }
}
