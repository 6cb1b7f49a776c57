import { matmulTransposeB, reduceSum, sumFloat64, type FloatArray, type Tensor, type TensorLike } from "@zae/tensor-utils";
import { clampCosines, formCosineGram, toOutputDtype } from "./form-cosine-gram.js";
import { normalizeRows } from "./normalize-rows.js";
import { prepareGramBatch } from "./prepare-gram-batch.js";

/**
 * Computes the cosine Gram matrix of a batch, as zae-engine's
 * `compute_gram_matrix`: each row of `batch` `[B, N]` is divided by its L2
 * norm and `G = U Uᵀ` `[B, B]` contains the cosine of every pair of rows.
 *
 * - `reduce === true` (the default) returns the mean of all B² entries as a
 *   number; `reduce === false` returns the matrix. zae-engine's docstring
 *   describes `reduce` the other way round, but its code behaves as here.
 * - Norms are clamped below at 1e-12 as in PyTorch's `F.normalize` (zae-engine
 *   divides by the bare norm), so a zero row gives a zero row and column of G
 *   instead of NaN:
 *   `[[0, 0], [3, 4]]` gives `[[0, 0], [0, 1]]`. A row whose norm is below
 *   1e-12 is divided by 1e-12 and is therefore shorter than a unit row.
 * - Entries are clamped to [-1, 1], so rounding never yields a cosine above 1.
 * - Zero rows (`[0, N]`): the matrix is `[0, 0]` and the mean is 0 (PyTorch
 *   returns NaN for the mean of an empty tensor).
 * - The matrix is a Float32Array when `batch` is float32, else Float64Array.
 *   Products are accumulated in float64.
 *
 * @param batch - `[B, N]`, one sample per row.
 * @param reduce - `true` (default) for the mean, `false` for the `[B, B]` matrix.
 * @returns the mean cosine, or the `[B, B]` matrix when `reduce` is false.
 * @throws {ZaeShapeError} when `batch` is not 2-D.
 * @throws {ZaeOptionError} when `reduce` is not a boolean.
 * @example
 * computeGramMatrix([[0, 0], [3, 4]], false); // { data: [0, 0, 0, 1], shape: [2, 2] }
 * computeGramMatrix([[1, 0], [1, 1]]); // (1 + 2 · 0.7071 + 1) / 4 ≈ 0.8536
 */
export function computeGramMatrix(batch: TensorLike, reduce?: true): number;
export function computeGramMatrix(batch: TensorLike, reduce: false): Tensor<FloatArray>;
export function computeGramMatrix(batch: TensorLike, reduce?: boolean): number | Tensor<FloatArray>;
export function computeGramMatrix(batch: TensorLike, reduce?: boolean): number | Tensor<FloatArray> {
  const { batch: tensor, rows, cols, reduce: reduced } = prepareGramBatch(batch, reduce, "computeGramMatrix");

  const { normalized } = normalizeRows(tensor.data, rows, cols);
  if (!reduced && tensor.data instanceof Float32Array) {
    // The product is rounded to float32 as it is written. Clamping after that
    // rounding gives the same values as before it, because ±1 are float32.
    const cosines = matmulTransposeB(normalized, normalized, rows, cols, rows, new Float32Array(rows * rows));
    return { data: clampCosines(cosines), shape: [rows, rows] };
  }
  const gram = formCosineGram(normalized, rows, cols);

  if (reduced) return reduceSum(sumFloat64(gram), gram.length, "mean");
  return { data: toOutputDtype(gram, tensor.data), shape: [rows, rows] };
}
