import {
  createOutput,
  reduceSum,
  squaredErrorSum,
  type FloatArray,
  type Reduction,
  type Tensor,
  type TensorLike,
} from "@zae/tensor-utils";
import { prepareMse } from "./prepare-mse.js";

/** Options of {@link mse} and {@link mseWithGrad}. */
export interface MseOptions {
  /** `"mean"` (default), `"sum"` or `"none"` (per-element squared errors). */
  readonly reduction?: Reduction;
}

/**
 * Computes the mean squared error between a target and a prediction, as PyTorch's
 * `F.mse_loss(predict, true)`: the per-element loss is `(predict - true)²`.
 *
 * - Shapes must be equal: `[3, 1]` against `[3]` throws instead of broadcasting.
 * - Integer inputs are computed as floats. Sums are accumulated in float64, so
 *   the mean of 1e7 float32 elements and squares beyond the float32 range keep
 *   float64 precision.
 * - `"none"` returns a tensor of `predict`'s shape: Float32Array when `predict`
 *   is float32, else Float64Array.
 * - Zero elements: `"mean"` and `"sum"` return 0 (the empty rule of `@zae/tensor-utils`).
 *
 * @param target - `true` in zae-engine: the target, any shape.
 * @param predict - the prediction, same shape as `target`.
 * @param options - `reduction`, default `"mean"`.
 * @returns the reduced loss as a number, or a tensor for `"none"`.
 * @throws {ZaeShapeError} when the shapes differ.
 * @throws {ZaeOptionError} for an unknown option or reduction.
 * @example
 * mse([1, 2, 3], [1, 2, 5]); // 4 / 3
 */
export function mse(target: TensorLike, predict: TensorLike, options?: MseOptions & { reduction?: "mean" | "sum" }): number;
export function mse(target: TensorLike, predict: TensorLike, options: MseOptions & { reduction: "none" }): Tensor<FloatArray>;
export function mse(target: TensorLike, predict: TensorLike, options?: MseOptions): number | Tensor<FloatArray>;
export function mse(target: TensorLike, predict: TensorLike, options?: MseOptions): number | Tensor<FloatArray> {
  const { target: t, prediction: p, reduction } = prepareMse(target, predict, options, "mse");

  if (reduction === "none") {
    const out = createOutput(p.data, p.data.length);
    for (let i = 0; i < out.length; i++) {
      const d = p.data[i] - t.data[i];
      out[i] = d * d;
    }
    return { data: out, shape: [...p.shape] };
  }

  return reduceSum(squaredErrorSum(t.data, p.data), p.data.length, reduction);
}
