/**
 * Turns the float64 sum of `count` per-element losses into the reduced loss.
 *
 * The empty rule, shared by every `@zae` loss: over zero elements both `"mean"`
 * and `"sum"` return 0, never NaN (PyTorch's mean of an empty tensor is NaN;
 * torchvision's box losses return 0, which keeps a training step over a batch
 * with no boxes harmless). The matching gradient is empty, see {@link reductionScale}.
 */
export function reduceSum(sum: number, count: number, reduction: "mean" | "sum"): number {
  if (count === 0) return 0;
  return reduction === "mean" ? sum / count : sum;
}
