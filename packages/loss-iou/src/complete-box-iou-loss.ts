import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { evaluateBoxLoss } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * Computes the Complete-IoU loss `1 - IoU + ρ² / c² + α v` of each pair of
 * boxes (Zheng et al., "Distance-IoU Loss", AAAI 2020), as
 * `torchvision.ops.complete_box_iou_loss` 0.14 computes it for 2-D boxes.
 * - v = 4/π² · (atan(w_target / h_target) - atan(w_pred / h_pred))² is the
 *   aspect-ratio mismatch.
 * - α = v / (1 - IoU + v) is held constant when differentiating, because
 *   torchvision computes it under `torch.no_grad()`.
 *
 * Argument order is torchvision's: `pred` (boxes1) first, then `target`
 * (boxes2), the opposite of {@link GIoU}.
 *
 * Differences from torchvision 0.14:
 * - The angles use `atan2(w, h)`, equal to `atan(w / h)` for h > 0, so a
 *   zero-height box gives π/2 and a finite gradient where torchvision's
 *   gradient is NaN. A box with w = h = 0 gets angle 0 and no aspect gradient.
 * - Nothing is added to the union, to c² or to α's denominator. torchvision's
 *   eps = 1e-7 in α's denominator changes the loss by up to about 1e-7
 *   relative on ordinary boxes. Where 1 - IoU + v = 0 (identical boxes) α is 0.
 * - Any k: for k = 1 there is no aspect term (the loss equals DIoU); for
 *   k ≥ 3, v is 4/π² times the mean over j < k of the squared difference of
 *   atan2(side_j, side_k) between target and prediction, which reduces to
 *   torchvision's v for k = 2.
 *
 * Shapes as {@link IoU}: `[N, 2k]` or `[2k]`; `"none"` (the default, as in
 * torchvision) returns `[N]` (or `[]`). Zero pairs: `"mean"` and `"sum"` return 0.
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
 * completeBoxIoULoss([[0, 0, 4, 2]], [[0, 0, 2, 4]], { reduction: "sum" });
 */
export function completeBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions & { reduction?: "none" }): Tensor<FloatArray>;
export function completeBoxIoULoss(pred: TensorLike, target: TensorLike, options: BoxLossOptions & { reduction: "mean" | "sum" }): number;
export function completeBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray>;
export function completeBoxIoULoss(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray> {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "target" }, "completeBoxIoULoss", "none");

  return evaluateBoxLoss("ciou", inputs);
}
