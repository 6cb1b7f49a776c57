import type { Reduction } from "./tensor.js";

/**
 * Returns the factor by which each element's gradient is scaled under
 * `reduction`: `1 / count` for `"mean"`, 1 for `"sum"` and for `"none"` (whose
 * gradient is that of the sum of the elements, as PyTorch's `backward` with a
 * gradient of ones), and 0 when `count` is 0.
 */
export function reductionScale(count: number, reduction: Reduction): number {
  if (count === 0) return 0;
  return reduction === "mean" ? 1 / count : 1;
}
