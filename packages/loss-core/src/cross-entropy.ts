import {
  bceWithLogitsSum,
  createOutput,
  reduceSum,
  type FloatArray,
  type Reduction,
  type Tensor,
  type TensorLike,
} from "@zae/tensor-utils";
import { bceWithLogitsLoop } from "./bce-with-logits-loop.js";
import { checkTargets, prepareCrossEntropy, type CrossEntropyInputs } from "./prepare-cross-entropy.js";

/** Options of {@link crossEntropy} and {@link crossEntropyWithGrad}. */
export interface CrossEntropyOptions {
  /** `"mean"` (default), `"sum"` or `"none"` (per-element losses). */
  readonly reduction?: Reduction;
  /**
   * PyTorch's `pos_weight`: the weight of the positive term `y log σ(x)`.
   * It broadcasts against `logit` like `classWeights`, so a `[C]` vector
   * weights the last axis. Default: 1 everywhere.
   */
  readonly posWeight?: TensorLike;
}

/**
 * Binary cross-entropy with logits, as zae-engine's `cross_entropy` and
 * PyTorch's `F.binary_cross_entropy_with_logits(logit, y_hot, weight=class_weights)`.
 * It is not softmax cross-entropy: every element is an independent binary
 * problem with the loss
 * `-w [p y log σ(x) + (1 - y) log(1 - σ(x))]` for logit x, target y, weight w
 * and pos_weight p.
 *
 * - `logit` and `yHot` must have the same shape, any rank: a `[N, 1]` logit
 *   against `[N]` targets throws instead of broadcasting.
 * - `yHot` may be booleans, integers 0/1 or soft labels in [0, 1].
 * - `classWeights` and `options.posWeight` broadcast against `logit` by NumPy
 *   rules, aligned at the trailing axes: `[C]` weights the last axis. To weight
 *   the class axis of a `[N, C, L]` input, pass a `[C, 1]` weight.
 * - `"mean"` divides the weighted sum by the element count, as PyTorch does,
 *   not by the sum of the weights. Over zero elements `"mean"` and `"sum"`
 *   return 0 (PyTorch's mean returns NaN there).
 * - Logits of any finite magnitude give finite losses, and an infinite logit
 *   gives the limit: 0 when the prediction is certain and right, else Infinity.
 *   A NaN logit gives a NaN loss unless its class weight is 0.
 * - `"none"` returns a tensor of `logit`'s shape: Float32Array when `logit` is
 *   float32, else Float64Array.
 *
 * @param logit - raw scores x, any shape.
 * @param yHot - targets in [0, 1], same shape as `logit`.
 * @param classWeights - optional weight w that broadcasts to `logit`'s shape; `null` or omitted for none.
 * @param options - `reduction` (default `"mean"`) and `posWeight`.
 * @returns the reduced loss as a number, or a tensor for `"none"`.
 * @throws {ZaeShapeError} when the shapes of `logit` and `yHot` differ or a weight does not broadcast.
 * @throws {ZaeValueError} when a target is NaN or outside [0, 1].
 * @throws {ZaeOptionError} for an unknown option or reduction.
 * @example
 * crossEntropy([[2, -1]], [[1, 0]]); // (softplus(-2) + softplus(-1)) / 2 ≈ 0.2201
 * // Weight the class axis of [N, C, L] logits:
 * crossEntropy(logits, targets, [[1], [5], [1]]); // C = 3
 */
export function crossEntropy(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions & { reduction?: "mean" | "sum" },
): number;
export function crossEntropy(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights: TensorLike | null | undefined,
  options: CrossEntropyOptions & { reduction: "none" },
): Tensor<FloatArray>;
export function crossEntropy(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions,
): number | Tensor<FloatArray>;
export function crossEntropy(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions,
): number | Tensor<FloatArray> {
  // An unweighted mean or sum goes through tensor-utils' bceWithLogitsSum, which
  // also checks the targets, so the separate check pass is skipped for it.
  const unweighted = (classWeights === undefined || classWeights === null) && options?.posWeight === undefined;
  const fused = unweighted && options?.reduction !== "none";
  const inputs = prepareCrossEntropy(logit, yHot, classWeights, options, "crossEntropy", !fused);
  const n = inputs.logit.length;

  const losses = inputs.reduction === "none" ? createOutput(inputs.logitTensor.data, n) : undefined;
  const sum = fused ? unweightedSum(inputs) : bceWithLogitsLoop(inputs, losses, undefined, 0);

  if (losses !== undefined) return { data: losses, shape: [...inputs.logitTensor.shape] };
  return reduceSum(sum, n, inputs.reduction === "sum" ? "sum" : "mean");
}

/**
 * Sums the unweighted losses with bceWithLogitsSum (a SIMD kernel for large
 * inputs). An invalid target is reported by checkTargets, which names its
 * index. Where an infinite logit meets the formula's ∞·0 or ∞ - ∞ the kernel
 * returns NaN, and the loop computes the limits instead.
 */
function unweightedSum(inputs: CrossEntropyInputs): number {
  const sum = bceWithLogitsSum(inputs.logit, inputs.target);
  if (sum === undefined) checkTargets(inputs.target, "crossEntropy");
  return sum === undefined || Number.isNaN(sum) ? bceWithLogitsLoop(inputs, undefined, undefined, 0) : sum;
}
