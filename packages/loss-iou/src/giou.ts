import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { evaluateBoxLoss } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";
import { giouLossFast } from "./giou-loss-fast.js";

/**
 * Computes the GIoU loss `1 - GIoU` of each pair of boxes and reduces it. The
 * target comes first, as in zae-engine.
 *
 * GIoU = IoU - (H - U) / H, where U is the union and H the volume of the
 * smallest box enclosing both (Rezatofighi et al., "Generalized Intersection
 * over Union", CVPR 2019). It lies in (-1, 1], so the loss lies in [0, 2).
 *
 * - Box format and shapes as {@link IoU}: `[N, 2k]` or `[2k]`, k minima then
 *   k maxima; `"none"` returns `[N]` (or `[]`).
 * - For k = 2 the values match `torchvision.ops.generalized_box_iou_loss`
 *   except that nothing is added to the union and the hull: a zero union
 *   gives IoU 1 for identical boxes and 0 otherwise, and a zero hull gives a
 *   penalty of 0. torchvision's eps = 1e-7 makes two identical boxes of side
 *   1e-4 cost 0.91 where this returns 0.
 * - Zero pairs: `"mean"` and `"sum"` return 0.
 *
 * @param trueBoxes - target boxes `[N, 2k]` or `[2k]`.
 * @param predBoxes - predicted boxes, same shape as `trueBoxes`.
 * @param options - `reduction`: `"mean"` (default), `"sum"` or `"none"`.
 * @returns the reduced loss, or a tensor of per-pair losses for `"none"`
 *   (Float32Array when `predBoxes` is float32, else Float64Array).
 * @throws {ZaeShapeError} when a shape is not `[N, 2k]`/`[2k]` or the shapes differ.
 * @throws {ZaeValueError} for a non-finite coordinate or a box whose maximum is below its minimum (the message names the row).
 * @throws {ZaeOptionError} for an unknown option or reduction.
 * @example
 * GIoU([[0, 2]], [[5, 7]]); // IoU 0, GIoU -3/7, loss 10/7
 */
export function GIoU(trueBoxes: TensorLike, predBoxes: TensorLike, options?: BoxLossOptions & { reduction?: "mean" | "sum" }): number;
export function GIoU(trueBoxes: TensorLike, predBoxes: TensorLike, options: BoxLossOptions & { reduction: "none" }): Tensor<FloatArray>;
export function GIoU(trueBoxes: TensorLike, predBoxes: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray>;
export function GIoU(trueBoxes: TensorLike, predBoxes: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray> {
  const reduced = giouLossFast(trueBoxes, predBoxes, options);
  if (reduced !== undefined) return reduced;
  const inputs = prepareBoxLoss(predBoxes, trueBoxes, options, { prediction: "predBoxes", target: "trueBoxes", targetFirst: true }, "GIoU", "mean");

  return evaluateBoxLoss("giou", inputs);
}
