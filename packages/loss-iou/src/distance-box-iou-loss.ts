import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { evaluateBoxLoss } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * Computes the Distance-IoU loss `1 - IoU + ρ² / c²` of each pair of boxes
 * (Zheng et al., "Distance-IoU Loss", AAAI 2020). ρ is the distance between
 * the box centres and c the diagonal of the smallest box enclosing both.
 *
 * Argument order is torchvision's: `pred` (boxes1) first, then `target`
 * (boxes2). This is the opposite of {@link GIoU}, which takes the target
 * first as zae-engine does. The gradient forms differentiate with respect
 * to `pred`.
 *
 * - Box format and shapes as {@link IoU}: `[N, 2k]` or `[2k]`; `"none"`
 *   returns `[N]` (or `[]`).
 * - Default reduction `"none"`, as `torchvision.ops.distance_box_iou_loss`.
 * - For k = 2 the values match torchvision 0.14 except that nothing is added
 *   to the union or to c²: a zero union gives IoU 1 for identical boxes and 0
 *   otherwise, and c² = 0 (both boxes the same point) gives a distance term of 0.
 * - Zero pairs: `"mean"` and `"sum"` return 0.
 *
 * @param pred - predicted boxes `[N, 2k]` or `[2k]`.
 * @param target - target boxes, same shape as `pred`.
 * @param options - `reduction`: `"none"` (default), `"mean"` or `"sum"`.
 * @returns a tensor of per-pair losses for `"none"` (Float32Array when `pred`
 *   is float32, else Float64Array), or the reduced loss.
 * @throws {ZaeShapeError} when a shape is not `[N, 2k]`/`[2k]` or the shapes differ.
 * @throws {ZaeValueError} for a non-finite coordinate or a box whose maximum is below its minimum (the message names the row).
 * @throws {ZaeOptionError} for an unknown option or reduction.
 * @example
 * distanceBoxIoULoss([[0, 0, 2, 2]], [[1, 0, 3, 2]], { reduction: "sum" }); // 1 - 1/3 + 1/13
 */
export function distanceBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions & { reduction?: "none" }): Tensor<FloatArray>;
export function distanceBoxIoULoss(pred: TensorLike, target: TensorLike, options: BoxLossOptions & { reduction: "mean" | "sum" }): number;
export function distanceBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray>;
export function distanceBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray> {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "target" }, "distanceBoxIoULoss", "none");

  return evaluateBoxLoss("diou", inputs);
}
