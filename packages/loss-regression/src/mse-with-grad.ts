import {
  createOutput,
  reductionScale,
  reduceSum,
  squaredErrorSum,
  type FloatArray,
  type Tensor,
  type TensorLike,
  type ValueAndGrad,
} from "@zae/tensor-utils";
import type { MseOptions } from "./mse.js";
import { prepareMse } from "./prepare-mse.js";

/**
 * Computes {@link mse} and its gradient with respect to `predict` in one pass.
 *
 * The gradient is `2 (predict - true) / n` for `"mean"`, `2 (predict - true)`
 * for `"sum"`, and for `"none"` that of the sum of the per-element losses (as
 * PyTorch's `backward` with a gradient of ones). It has `predict`'s shape and
 * dtype rule (float32 stays float32). Over zero elements the value is 0 and
 * the gradient is empty.
 *
 * @example
 * const { value, grad } = mseWithGrad([0, 0], [1, 3]); // value 5, grad.data [1, 3]
 */
export function mseWithGrad(
  target: TensorLike,
  predict: TensorLike,
  options?: MseOptions & { reduction?: "mean" | "sum" },
): ValueAndGrad<number>;
export function mseWithGrad(
  target: TensorLike,
  predict: TensorLike,
  options: MseOptions & { reduction: "none" },
): ValueAndGrad<Tensor<FloatArray>>;
export function mseWithGrad(target: TensorLike, predict: TensorLike, options?: MseOptions): ValueAndGrad;
export function mseWithGrad(target: TensorLike, predict: TensorLike, options?: MseOptions): ValueAndGrad {
  const { target: t, prediction: p, reduction } = prepareMse(target, predict, options, "mseWithGrad");
  const n = p.data.length;
  const scale = 2 * reductionScale(n, reduction);

  const grad = createOutput(p.data, n);
  for (let i = 0; i < n; i++) grad[i] = scale * (p.data[i] - t.data[i]);
  const shape = [...p.shape];

  if (reduction === "none") {
    const losses = createOutput(p.data, n);
    for (let i = 0; i < n; i++) {
      const d = p.data[i] - t.data[i];
      losses[i] = d * d;
    }
    return { value: { data: losses, shape }, grad: { data: grad, shape } };
  }
  return { value: reduceSum(squaredErrorSum(t.data, p.data), n, reduction), grad: { data: grad, shape } };
}
