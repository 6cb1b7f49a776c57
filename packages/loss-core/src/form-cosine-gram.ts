import { createOutput, matmulTransposeB, type FloatArray, type TensorData } from "@zae/tensor-utils";

/**
 * Forms `U Uᵀ` `[rows, rows]` from L2-normalised rows `U` `[rows, cols]` and
 * clamps every entry to [-1, 1] (NaN stays NaN). The clamp only removes
 * rounding: an exact cosine never leaves [-1, 1]. Gradients treat it as the
 * identity, as if it were not there, which matches PyTorch's unclamped product.
 */
export function formCosineGram(normalized: Float64Array, rows: number, cols: number): Float64Array {
  return clampCosines(matmulTransposeB(normalized, normalized, rows, cols, rows));
}

/** Clamps every entry of `values` to [-1, 1] in place and returns it. */
export function clampCosines<T extends FloatArray>(values: T): T {
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 1) values[i] = 1;
    else if (values[i] < -1) values[i] = -1;
  }
  return values;
}

/**
 * Returns `gram` itself when `like` is not float32, or a Float32Array copy.
 * The gradient needs the float64 matrix, so computeGramMatrixWithGrad
 * allocates both; computeGramMatrix writes float32 results directly.
 */
export function toOutputDtype(gram: Float64Array, like: TensorData): FloatArray {
  if (!(like instanceof Float32Array)) return gram;
  const out = createOutput(like, gram.length);
  out.set(gram);
  return out;
}
