import type { FloatArray, Tensor, TensorLike, ValueAndGrad } from "@zae/tensor-utils";
import { evaluateBoxLossWithGrad } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * {@link distanceBoxIoULoss} and its gradient with respect to `pred` (the
 * first argument) in one pass.
 *
 * The gradient has `pred`'s shape and is float32 when `pred` is. Ties use the
 * subgradient 1/2 (as torch.minimum/maximum). For `"none"` (the default) it is
 * the gradient of the sum of the per-pair losses, as `loss.sum().backward()`.
 *
 * @example
 * const { value, grad } = distanceBoxIoULossWithGrad([[0, 0, 2, 2]], [[1, 0, 3, 2]]);
 */
export function distanceBoxIoULossWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options?: BoxLossOptions & { reduction?: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function distanceBoxIoULossWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options: BoxLossOptions & { reduction: "mean" | "sum" },
): ValueAndGrad<number>;
export function distanceBoxIoULossWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad;
export function distanceBoxIoULossWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "target" }, "distanceBoxIoULossWithGrad", "none");

  return evaluateBoxLossWithGrad("diou", inputs);
}
