import type { FloatArray, Tensor, TensorLike } from "@zae/tensor-utils";
import { pairwiseBoxIoU } from "./pairwise-box-iou.js";

/**
 * Computes the IoU of every box in `boxes1` with every box in `boxes2`, as
 * `torchvision.ops.box_iou` does for k = 2.
 *
 * - Shapes: `boxes1` `[N, 2k]` and `boxes2` `[M, 2k]`, where N and M may
 *   differ and either may be 0. The result is `[N, M]`, a Float32Array when
 *   `boxes1` is float32, else a Float64Array.
 * - Box format: k minima then k maxima, so `[x1, y1, x2, y2]` for k = 2.
 * - Where the union is 0 (two zero-area boxes) the IoU is 1 for identical
 *   boxes and 0 otherwise. torchvision returns NaN there (0 / 0).
 *
 * @throws {ZaeShapeError} when a shape is not `[N, 2k]` or the last axes differ.
 * @throws {ZaeValueError} for a non-finite coordinate or a box whose maximum is below its minimum (the message names the row).
 * @example
 * boxIoU([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2]]); // [[1/7, 1]], shape [1, 2]
 */
export function boxIoU(boxes1: TensorLike, boxes2: TensorLike): Tensor<FloatArray> {
  return pairwiseBoxIoU(boxes1, boxes2, false, "boxIoU");
}
