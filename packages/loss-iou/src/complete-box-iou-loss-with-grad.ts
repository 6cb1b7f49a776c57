import type { FloatArray, Tensor, TensorLike, ValueAndGrad } from "@zae/tensor-utils";
import { evaluateBoxLossWithGrad } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * {@link completeBoxIoULoss} and its gradient with respect to `pred` (the
 * first argument) in one pass.
 *
 * α is held constant, as torchvision's autograd does, so this is torchvision's
 * gradient rather than the full derivative of the loss. The gradient has
 * `pred`'s shape and is float32 when `pred` is. It stays finite for
 * zero-height and zero-width boxes. For `"none"` (the default) it is the
 * gradient of the sum of the per-pair losses.
 *
 * @example
 * const { value, grad } = completeBoxIoULossWithGrad([[0, 0, 4, 0]], [[0, 0, 2, 4]]); // finite grad
 */
export function completeBoxIoULossWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options?: BoxLossOptions & { reduction?: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function completeBoxIoULossWithGrad(
  pred: TensorLike,
  target: TensorLike,
  options: BoxLossOptions & { reduction: "mean" | "sum" },
): ValueAndGrad<number>;
export function completeBoxIoULossWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad;
export function completeBoxIoULossWithGrad(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): ValueAndGrad {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "target" }, "completeBoxIoULossWithGrad", "none");

  return evaluateBoxLossWithGrad("ciou", inputs);
}
