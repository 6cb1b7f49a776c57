import {
  ZaeShapeError,
  assertSameShape,
  checkOptions,
  formatShape,
  reduceSum,
  toTensor,
  type TensorData,
  type TensorLike,
} from "@zae/tensor-utils";
import { checkIgnoreIndex, checkNumClasses, rejectLabel } from "./label-options.js";
import { mIoUFromPairCounts } from "./miou-from-pair-counts.js";

const OPTION_KEYS = ["numClasses", "ignoreIndex"] as const;

/** Options of {@link mIoU}. */
export interface MIoUOptions {
  /** Number of classes; labels at or above it are rejected. Default: the largest label + 1. */
  readonly numClasses?: number;
  /** Positions whose target equals this are left out of both maps, and this class is not averaged. */
  readonly ignoreIndex?: number;
}

/** Labels mapped to dense class ids when the largest label is far above the element count. */
interface DenseLabels {
  readonly pred: TensorData;
  readonly target: TensorData;
  readonly numClasses: number;
  /** Dense id of the ignore index when it also occurs in `pred`, else undefined. Ignored targets become -1. */
  readonly ignoredClass: number | undefined;
}

/**
 * Validates every label in one pass and returns the number of classes to
 * count: `numClasses` when given, else the largest label + 1 (positions whose
 * target is ignored do not count).
 */
function scanLabels(
  pred: TensorData,
  target: TensorData,
  numClasses: number | undefined,
  ignoreIndex: number | undefined,
): number {
  const bound = numClasses ?? Infinity;
  let largest = -1;
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const p = pred[i];
    if (!(Number.isInteger(p) && p >= 0 && p < bound)) rejectLabel("mIoU", "pred", i, p, bound, undefined);
    if (t === ignoreIndex) continue;
    if (!(Number.isInteger(t) && t >= 0 && t < bound)) rejectLabel("mIoU", "true", i, t, bound, ignoreIndex);
    largest = Math.max(largest, p, t);
  }
  return numClasses ?? largest + 1;
}

/** Relabels classes 0..D-1 in order of first appearance so that histograms stay small for sparse large labels. */
function densify(pred: TensorData, target: TensorData, ignoreIndex: number | undefined): DenseLabels {
  const ids = new Map<number, number>();
  const densePred = new Int32Array(pred.length);
  const denseTarget = new Int32Array(target.length);
  const idOf = (label: number): number => {
    let id = ids.get(label);
    if (id === undefined) {
      id = ids.size;
      ids.set(label, id);
    }
    return id;
  };
  for (let i = 0; i < target.length; i++) {
    if (target[i] === ignoreIndex) {
      denseTarget[i] = -1;
      continue;
    }
    densePred[i] = idOf(pred[i]);
    denseTarget[i] = idOf(target[i]);
  }
  const ignoredClass = ignoreIndex === undefined ? undefined : ids.get(ignoreIndex);
  return { pred: densePred, target: denseTarget, numClasses: Math.max(ids.size, 1), ignoredClass };
}

/**
 * Computes the mean intersection over union of integer label maps, averaged
 * over samples. As zae-engine's score, higher is better and 1 is a perfect match.
 *
 * - Shapes: `pred` and `true` have equal shapes. A 1-D map is one sample.
 *   Otherwise the first axis is the sample axis (`[B, H, W]` is B maps of
 *   H × W).
 * - Per sample: the mean over classes present in `pred` or `true` of
 *   |P ∩ T| / |P ∪ T|. Classes absent from both are skipped, not scored 0, and
 *   the highest label counts like any other. A sample whose maps are both
 *   empty (no positions, or all ignored) scores 1.
 * - `ignoreIndex`: positions whose target equals it are left out of both maps
 *   and that class is not averaged even where `pred` uses it. Without it,
 *   255 is a class like any other.
 * - Zero samples (first axis 0): returns 0.
 * - Labels: non-negative integers, as integer or float arrays. Negative,
 *   non-integer and NaN labels are rejected, and so are labels at or above
 *   `numClasses` when it is given.
 *
 * Counting is one pass per sample into three integer histograms (predicted,
 * target and matching positions per class).
 *
 * @param pred - predicted labels, any shape of rank ≥ 1.
 * @param target - `true` in zae-engine: target labels, same shape as `pred`.
 * @param options - `numClasses`, `ignoreIndex`.
 * @returns the mean over samples of the per-sample mIoU, in [0, 1].
 * @throws {ZaeShapeError} when the shapes differ or a map is a scalar.
 * @throws {ZaeValueError} for an invalid label (the message gives its flat index).
 * @throws {ZaeOptionError} for an unknown option, a `numClasses` that is not a positive integer, or a non-integer `ignoreIndex`.
 * @example
 * mIoU([0, 1, 1, 2, 2], [0, 1, 1, 2, 1]); // (1 + 2/3 + 1/2) / 3 = 0.7222
 */
export function mIoU(pred: TensorLike, target: TensorLike, options?: MIoUOptions): number {
  const checked = checkOptions(options, OPTION_KEYS, "mIoU");
  const numClassesOption = checkNumClasses(checked.numClasses, "options.numClasses", "mIoU", true);
  const ignoreIndex = checkIgnoreIndex(checked.ignoreIndex, "options.ignoreIndex", "mIoU");
  const predTensor = toTensor(pred, "pred", "mIoU");
  const targetTensor = toTensor(target, "true", "mIoU");
  assertSameShape(predTensor, "pred", targetTensor, "true", "mIoU");
  if (predTensor.shape.length === 0) {
    throw new ZaeShapeError({
      functionName: "mIoU",
      parameter: "pred",
      expected: "a label map of rank 1 or more",
      value: pred,
      received: `shape ${formatShape(predTensor.shape)}`,
    });
  }
  const size = predTensor.data.length;
  const samples = predTensor.shape.length === 1 ? 1 : predTensor.shape[0];
  const sampleSize = samples === 0 ? 0 : size / samples;
  if (ignoreIndex === undefined && numClassesOption !== undefined) {
    const score = mIoUFromPairCounts(predTensor.data, targetTensor.data, samples, sampleSize, numClassesOption);
    if (score !== undefined) return score;
  }
  let numClasses = scanLabels(predTensor.data, targetTensor.data, numClassesOption, ignoreIndex);
  let predData = predTensor.data;
  let targetData = targetTensor.data;
  let ignoredClass = ignoreIndex;
  let skippedTarget = ignoreIndex;
  // Without numClasses a stray label such as 1e9 would size the histograms by that
  // value, so sparse labels far above the element count are renumbered densely first.
  if (numClassesOption === undefined && numClasses > 2 * size + 1024) {
    const dense = densify(predData, targetData, ignoreIndex);
    predData = dense.pred;
    targetData = dense.target;
    numClasses = dense.numClasses;
    ignoredClass = dense.ignoredClass;
    skippedTarget = -1;
  }

  const predCount = new Int32Array(numClasses);
  const targetCount = new Int32Array(numClasses);
  const matchCount = new Int32Array(numClasses);
  let total = 0;
  for (let sample = 0; sample < samples; sample++) {
    predCount.fill(0);
    targetCount.fill(0);
    matchCount.fill(0);
    const end = (sample + 1) * sampleSize;
    for (let i = sample * sampleSize; i < end; i++) {
      const t = targetData[i];
      // Positions whose target is ignored are left out of both maps.
      if (t === skippedTarget) continue;
      const p = predData[i];
      predCount[p]++;
      targetCount[t]++;
      matchCount[t] += p === t ? 1 : 0;
    }
    let sum = 0;
    let present = 0;
    for (let c = 0; c < numClasses; c++) {
      const union = predCount[c] + targetCount[c] - matchCount[c];
      if (union === 0 || c === ignoredClass) continue;
      sum += matchCount[c] / union;
      present++;
    }
    total += present === 0 ? 1 : sum / present;
  }

  return reduceSum(total, samples, "mean");
}
