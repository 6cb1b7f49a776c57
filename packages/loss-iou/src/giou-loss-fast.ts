import {
  checkOptions,
  giouLossSum,
  reduceSum,
  resolveReduction,
  toTensor,
  type TensorLike,
} from "@zae/tensor-utils";
import type { BoxLossOptions } from "./prepare-box-loss.js";

/**
 * Returns the reduced GIoU loss of `[N, 4]` box pairs from tensor-utils'
 * one-pass `giouLossSum`, or undefined when the general path must run: for
 * `"none"`, for other shapes, and for invalid boxes, which that path reports
 * with the row at fault. Both paths use the same per-pair formula.
 */
export function giouLossFast(trueBoxes: TensorLike, predBoxes: TensorLike, options: BoxLossOptions | undefined): number | undefined {
  const checked = checkOptions(options, ["reduction"], "GIoU");
  const reduction = resolveReduction(checked.reduction, "GIoU", "mean");
  if (reduction === "none") return undefined;
  const target = toTensor(trueBoxes, "trueBoxes", "GIoU");
  const prediction = toTensor(predBoxes, "predBoxes", "GIoU");
  const isPairList = (shape: readonly number[]): boolean => shape.length === 2 && shape[1] === 4;
  if (!isPairList(target.shape) || !isPairList(prediction.shape) || target.shape[0] !== prediction.shape[0]) return undefined;

  const sum = giouLossSum(target.data, prediction.data);

  return sum === undefined ? undefined : reduceSum(sum, prediction.shape[0], reduction);
}
