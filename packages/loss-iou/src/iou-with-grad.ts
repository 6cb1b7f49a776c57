import type { FloatArray, Tensor, TensorLike, ValueAndGrad } from "@zae/tensor-utils";
import { evaluateBoxLossWithGrad } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * {@link IoU} and its gradient with respect to `pred` in one pass.
 *
 * The gradient has `pred`'s shape and is float32 when `pred` is. It uses the
 * subgradient 1/2 where a coordinate of `pred` ties with the same coordinate
 * of `true` (as torch.minimum/maximum) and is 0 for pairs without overlap and
 * where the union is 0. For `"none"` it is the gradient of the sum of the
 * per-pair losses.
 *
 * @example
 * const { value, grad } = IoUWithGrad([[0, 4]], [[2, 6]]); // value 2/3, grad.data ≈ [-0.0556, -0.1667]
 */
export function IoUWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options?: BoxLossOptions & { reduction?: "mean" | "sum" },
): ValueAndGrad<number>;
export function IoUWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options: BoxLossOptions & { reduction: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function IoUWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad;
export function IoUWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "true" }, "IoUWithGrad", "mean");

  return evaluateBoxLossWithGrad("iou", inputs);
}
