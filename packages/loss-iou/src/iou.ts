import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { evaluateBoxLoss } from "./evaluate-box-loss.js";
import { prepareBoxLoss, type BoxLossOptions } from "./prepare-box-loss.js";

/**
 * Computes the IoU loss `1 - IoU` of each pair of boxes `pred[i]`, `true[i]`
 * and reduces it.
 *
 * - Box format: the last axis has length 2k, k minimum coordinates then k
 *   maximum coordinates: `[on, off]` intervals for k = 1, `[x1, y1, x2, y2]`
 *   for k = 2, `[x1, y1, z1, x2, y2, z2]` for k = 3.
 * - Shapes: `[N, 2k]` or one box `[2k]`, equal for both arguments. `"none"`
 *   returns shape `[N]` (or `[]` for one box).
 * - IoU is intersection over union, divided exactly (no epsilon). Where the
 *   union is 0 (two zero-volume boxes) IoU is 1 for identical boxes and 0
 *   otherwise, so the loss is 0 or 1.
 * - Zero pairs: `"mean"` and `"sum"` return 0.
 *
 * @param pred - predicted boxes `[N, 2k]` or `[2k]`.
 * @param target - `true` in zae-engine: target boxes, same shape as `pred`.
 * @param options - `reduction`: `"mean"` (default), `"sum"` or `"none"`.
 * @returns the reduced loss, or a tensor of per-pair losses for `"none"`
 *   (Float32Array when `pred` is float32, else Float64Array).
 * @throws {ZaeShapeError} when a shape is not `[N, 2k]`/`[2k]` or the shapes differ.
 * @throws {ZaeValueError} for a non-finite coordinate or a box whose maximum is below its minimum (the message names the row).
 * @throws {ZaeOptionError} for an unknown option or reduction.
 * @example
 * IoU([[0, 4]], [[2, 6]]); // 1 - 2/6 = 0.6667
 */
export function IoU(pred: TensorLike, target: TensorLike, options?: BoxLossOptions & { reduction?: "mean" | "sum" }): number;
export function IoU(pred: TensorLike, target: TensorLike, options: BoxLossOptions & { reduction: "none" }): Tensor<FloatArray>;
export function IoU(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray>;
export function IoU(pred: TensorLike, target: TensorLike, options?: BoxLossOptions): number | Tensor<FloatArray> {
  const inputs = prepareBoxLoss(pred, target, options, { prediction: "pred", target: "true" }, "IoU", "mean");

  return evaluateBoxLoss("iou", inputs);
}
