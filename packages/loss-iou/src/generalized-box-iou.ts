import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { pairwiseBoxIoU } from "./pairwise-box-iou.js";

/**
 * Computes the GIoU, IoU - (H - U) / H, of every box in `boxes1` with every
 * box in `boxes2`, as `torchvision.ops.generalized_box_iou` does for k = 2.
 * H is the volume of the smallest box enclosing both and U their union.
 *
 * - Shapes: `boxes1` `[N, 2k]`, `boxes2` `[M, 2k]`; the result is `[N, M]`,
 *   Float32Array when `boxes1` is float32, else Float64Array.
 * - Values lie in (-1, 1]. A zero union gives IoU 1 for identical boxes and 0
 *   otherwise, and a zero hull gives a penalty of 0, where torchvision
 *   returns NaN.
 *
 * @throws {ZaeShapeError} when a shape is not `[N, 2k]` or the last axes differ.
 * @throws {ZaeValueError} for a non-finite coordinate or a box whose maximum is below its minimum (the message names the row).
 * @example
 * generalizedBoxIoU([[0, 2]], [[5, 7], [0, 2]]); // [[-3/7, 1]], shape [1, 2]
 */
export function generalizedBoxIoU(boxes1: TensorLike, boxes2: TensorLike): Tensor<FloatArray> {
  return pairwiseBoxIoU(boxes1, boxes2, true, "generalizedBoxIoU");
}
