import type { FloatArray, Tensor, TensorLike, ValueAndGrad } from "@zae/tensor-utils";
import { evaluateBoxLossWithGrad } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * {@link GIoU} and its gradient with respect to `predBoxes` (the second
 * argument) in one pass.
 *
 * The gradient has `predBoxes`' shape and is float32 when `predBoxes` is. Unlike
 * the IoU loss it is non-zero for boxes that do not overlap, because the hull
 * term still moves. Ties use the subgradient 1/2 (as torch.minimum/maximum).
 * For `"none"` it is the gradient of the sum of the per-pair losses.
 *
 * @example
 * const { value, grad } = GIoUWithGrad([[0, 2]], [[5, 7]]); // value 10/7, grad.data ≈ [0.1429, -0.0612]
 */
export function GIoUWithGrad(
  trueBoxes: TensorLike,
  predBoxes: TensorLike,
  options?: BoxLossOptions & { reduction?: "mean" | "sum" },
): ValueAndGrad<number>;
export function GIoUWithGrad(
  trueBoxes: TensorLike,
  predBoxes: TensorLike,
  options: BoxLossOptions & { reduction: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function GIoUWithGrad(trueBoxes: TensorLike, predBoxes: TensorLike, options?: BoxLossOptions): ValueAndGrad;
export function GIoUWithGrad(trueBoxes: TensorLike, predBoxes: TensorLike, options?: BoxLossOptions): ValueAndGrad {
  const inputs = prepareBoxLoss(predBoxes, trueBoxes, options, { prediction: "predBoxes", target: "trueBoxes", targetFirst: true }, "GIoUWithGrad", "mean");

  return evaluateBoxLossWithGrad("giou", inputs);
}
