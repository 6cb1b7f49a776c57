import { ConfusionMatrix, type ConfusionMatrixOptions } from "./confusion-matrix.js";

/**
 * Creates an empty {@link ConfusionMatrix} for `numClasses` classes, the
 * streaming form of {@link mIoU}: `update(pred, true)` per batch, `merge` across
 * workers, `compute()` for per-class IoU and the dataset mIoU, and
 * `toJSON()` / `ConfusionMatrix.fromJSON()` to move counts between threads or
 * machines.
 *
 * @param numClasses - number of classes, a positive integer.
 * @param options - `ignoreIndex`: positions whose target equals it are not
 *   counted and that class is not averaged.
 * @throws {ZaeOptionError} for a `numClasses` that is not a positive integer or an unknown option.
 * @example
 * const matrix = createConfusionMatrix(21, { ignoreIndex: 255 });
 * matrix.update(predictedLabels, targetLabels);
 * const { perClassIoU, meanIoU } = matrix.compute();
 */
export function createConfusionMatrix(numClasses: number, options?: ConfusionMatrixOptions): ConfusionMatrix {
  return new ConfusionMatrix(numClasses, options);
}
