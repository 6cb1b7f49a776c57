import { createOutput, matmulTransposeB, type FloatArray, type TensorData } from "@zae/tensor-utils";

/**
 * Forms `U Uᵀ` `[rows, rows]` from L2-normalised rows `U` `[rows, cols]` and
 * clamps every entry to [-1, 1] (NaN stays NaN). The clamp only removes
 * rounding: an exact cosine never leaves [-1, 1]. Gradients treat it as the
 * identity, as if it were not there, which matches PyTorch's unclamped product.
 */
export function formCosineGram(normalized: Float64Array, rows: number, cols: number): Float64Array {
  const gram = matmulTransposeB(normalized, normalized, rows, cols, rows);
  for (let i = 0; i < gram.length; i++) {
    if (gram[i] > 1) gram[i] = 1;
    else if (gram[i] < -1) gram[i] = -1;
  }
  return gram;
}

/**
 * Returns `gram` itself when `like` is not float32, or a Float32Array copy.
 * NOTE: a float32 batch therefore allocates both a float64 and a float32
 * `[B, B]` matrix, because matmulTransposeB writes only into a Float64Array.
 */
export function toOutputDtype(gram: Float64Array, like: TensorData): FloatArray {
  if (!(like instanceof Float32Array)) return gram;
  const out = createOutput(like, gram.length);
  out.set(gram);
  return out;
}
