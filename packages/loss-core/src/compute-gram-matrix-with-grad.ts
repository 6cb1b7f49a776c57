import {
  createOutput,
  formatShape,
  matmul,
  reduceSum,
  sumFloat64,
  toTensor,
  ZaeShapeError,
  type FloatArray,
  type Tensor,
  type TensorLike,
  type ValueAndGrad,
} from "@zae/tensor-utils";
import { formCosineGram, toOutputDtype } from "./form-cosine-gram.js";
import { NORM_EPS, normalizeRows } from "./normalize-rows.js";
import { prepareGramBatch } from "./prepare-gram-batch.js";

const FUNCTION_NAME = "computeGramMatrixWithGrad";

/**
 * Computes {@link computeGramMatrix} and its gradient with respect to `batch`.
 *
 * With `reduce = true` (default) the gradient is that of the mean cosine,
 * multiplied by `gradOutput` when it is given as a scalar. With
 * `reduce = false` it is the gradient of `sum(gradOutput ⊙ G)`, where
 * `gradOutput` `[B, B]` defaults to ones (PyTorch's `G.backward(gradOutput)`).
 *
 * The gradient follows PyTorch autograd through `x / max(||x||, 1e-12)`: a row
 * whose norm is at least 1e-12 gets `(v - (u·v) u) / ||x||`, and a row whose
 * norm is below it (a zero row included) gets `v / 1e-12`, because the clamp
 * passes no gradient to the norm. Here `u` is the normalised row and `v` the
 * gradient with respect to `u`. The [-1, 1] clamp of G is treated as the
 * identity. The gradient has `batch`'s shape, float32 when `batch` is float32.
 *
 * @param batch - `[B, N]`, one sample per row.
 * @param reduce - `true` (default) for the mean, `false` for the `[B, B]` matrix.
 * @param gradOutput - upstream gradient: a scalar for `reduce = true`, `[B, B]` for `reduce = false`.
 * @throws {ZaeShapeError} when `batch` is not 2-D or `gradOutput` has the wrong shape.
 * @throws {ZaeOptionError} when `reduce` is not a boolean.
 * @example
 * const { value, grad } = computeGramMatrixWithGrad([[1, 0], [0, 1]], false);
 * // value.data = [1, 0, 0, 1], grad.data = [0, 2, 2, 0]
 */
export function computeGramMatrixWithGrad(batch: TensorLike, reduce?: true, gradOutput?: TensorLike): ValueAndGrad<number>;
export function computeGramMatrixWithGrad(
  batch: TensorLike,
  reduce: false,
  gradOutput?: TensorLike,
): ValueAndGrad<Tensor<FloatArray>>;
export function computeGramMatrixWithGrad(batch: TensorLike, reduce?: boolean, gradOutput?: TensorLike): ValueAndGrad;
export function computeGramMatrixWithGrad(batch: TensorLike, reduce?: boolean, gradOutput?: TensorLike): ValueAndGrad {
  const { batch: tensor, rows, cols, reduce: reduced } = prepareGramBatch(batch, reduce, FUNCTION_NAME);
  const upstream = gradOutput === undefined ? undefined : checkGradOutput(gradOutput, rows, reduced);

  const { normalized, norms } = normalizeRows(tensor.data, rows, cols);
  const gram = formCosineGram(normalized, rows, cols);
  const value = reduced ? reduceSum(sumFloat64(gram), gram.length, "mean") : undefined;

  // dL/dU = (Γ + Γᵀ) U for L = sum(Γ ⊙ U Uᵀ). A constant Γ = c (the mean, or
  // the default ones) makes every row of dL/dU equal to 2c times the column
  // sums of U, which needs no [B, B] work.
  let gradNormalized: Float64Array;
  if (upstream === undefined || reduced) {
    const scale = upstream === undefined ? 1 : upstream[0];
    const perEntry = reduced ? scale / (rows * rows) : scale;
    gradNormalized = broadcastColumnSums(normalized, rows, cols, 2 * perEntry);
  } else {
    gradNormalized = matmul(symmetrize(upstream, rows), normalized, rows, rows, cols);
  }
  const grad = createOutput(tensor.data, rows * cols);
  backpropagateNormalization(normalized, norms, gradNormalized, rows, cols, grad);

  const gradTensor = { data: grad, shape: [rows, cols] };
  if (value !== undefined) return { value, grad: gradTensor };
  return { value: { data: toOutputDtype(gram, tensor.data), shape: [rows, rows] }, grad: gradTensor };
}

/** Converts `gradOutput` and checks its shape: `[]` when reduced, `[rows, rows]` otherwise. */
function checkGradOutput(gradOutput: TensorLike, rows: number, reduced: boolean): ArrayLike<number> {
  const tensor = toTensor(gradOutput, "gradOutput", FUNCTION_NAME);
  const expectedShape = reduced ? [] : [rows, rows];
  const matches = tensor.shape.length === expectedShape.length && tensor.shape.every((extent, axis) => extent === expectedShape[axis]);
  if (!matches) {
    throw new ZaeShapeError({
      functionName: FUNCTION_NAME,
      parameter: "gradOutput",
      expected: reduced
        ? "a scalar (shape []) because reduce is true"
        : `the shape of the Gram matrix, ${formatShape(expectedShape)}`,
      value: tensor.shape,
      received: `shape ${formatShape(tensor.shape)}`,
    });
  }
  return tensor.data;
}

/** Returns `Γ + Γᵀ` for a square row-major `[size, size]` matrix Γ. */
function symmetrize(matrix: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) out[i * size + j] = matrix[i * size + j] + matrix[j * size + i];
  }
  return out;
}

/** Returns a `[rows, cols]` matrix whose every row is `factor` times the column sums of `matrix`. */
function broadcastColumnSums(matrix: Float64Array, rows: number, cols: number, factor: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) sums[c] += matrix[r * cols + c];
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = factor * sums[c];
  }
  return out;
}

/**
 * Writes dL/dx into `grad` from v = dL/du, for u = x / max(||x||, eps) row by row.
 * For ||x|| >= eps the Jacobian of u is (I - u uᵀ) / ||x||, so dL/dx = (v - (u·v) u) / ||x||.
 * Below eps the divisor is the constant eps, so the Jacobian is I / eps and dL/dx = v / eps.
 */
function backpropagateNormalization(
  normalized: Float64Array,
  norms: Float64Array,
  gradNormalized: Float64Array,
  rows: number,
  cols: number,
  grad: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    if (norms[r] < NORM_EPS) {
      for (let c = 0; c < cols; c++) grad[offset + c] = gradNormalized[offset + c] / NORM_EPS;
      continue;
    }
    let projection = 0;
    for (let c = 0; c < cols; c++) projection += normalized[offset + c] * gradNormalized[offset + c];
    for (let c = 0; c < cols; c++) {
      grad[offset + c] = (gradNormalized[offset + c] - projection * normalized[offset + c]) / norms[r];
    }
  }
}
