import {
  createOutput,
  reduceSum,
  reductionScale,
  type FloatArray,
  type Tensor,
  type TensorLike,
  type ValueAndGrad,
} from "@zae/tensor-utils";
import { bceWithLogitsLoop } from "./bce-with-logits-loop.js";
import type { CrossEntropyOptions } from "./cross-entropy.js";
import { prepareCrossEntropy } from "./prepare-cross-entropy.js";

/**
 * Computes {@link crossEntropy} and its gradient with respect to `logit` in one pass.
 *
 * The gradient of each element is `s w [(1 - y) σ(x) - p y σ(-x)]`, which
 * equals PyTorch's `w [(1 + (p - 1) y) σ(x) - p y]` but keeps its precision
 * when σ(x) rounds to 1. The scale s is `1 / n` for `"mean"`, and 1 for
 * `"sum"` and for `"none"` (whose gradient is that of the sum of the
 * per-element losses, as PyTorch's `backward` with a gradient of ones). The
 * gradient has `logit`'s shape and dtype rule, and is finite for every finite
 * or infinite logit. Over zero elements the value is 0 and the gradient is empty.
 *
 * @example
 * const { value, grad } = crossEntropyWithGrad([0, 0], [1, 0]);
 * // value = log 2 ≈ 0.6931, grad.data = [-0.25, 0.25]
 */
export function crossEntropyWithGrad(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions & { reduction?: "mean" | "sum" },
): ValueAndGrad<number>;
export function crossEntropyWithGrad(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights: TensorLike | null | undefined,
  options: CrossEntropyOptions & { reduction: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function crossEntropyWithGrad(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions,
): ValueAndGrad;
export function crossEntropyWithGrad(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights?: TensorLike | null,
  options?: CrossEntropyOptions,
): ValueAndGrad {
  const inputs = prepareCrossEntropy(logit, yHot, classWeights, options, "crossEntropyWithGrad");
  const n = inputs.logit.length;
  const shape = [...inputs.logitTensor.shape];

  const losses = inputs.reduction === "none" ? createOutput(inputs.logitTensor.data, n) : undefined;
  const grad = createOutput(inputs.logitTensor.data, n);
  const sum = bceWithLogitsLoop(inputs, losses, grad, reductionScale(n, inputs.reduction));

  if (losses !== undefined) return { value: { data: losses, shape }, grad: { data: grad, shape } };
  return { value: reduceSum(sum, n, inputs.reduction === "sum" ? "sum" : "mean"), grad: { data: grad, shape } };
}
