import { matmulTransposeBWasm } from "./matmul-transpose-b-wasm.js";
import { shouldUseWasm } from "./set-kernel-mode.js";

// Below about 32k multiply-adds, copying into WebAssembly memory costs more than it saves.
const WASM_MIN_WORK = 32768;

/**
 * Computes `C = A · Bᵀ` for row-major `A: [m, k]` and `B: [n, k]`, the form of
 * every "rows against rows" product (Gram matrices, cosine logits), and returns
 * `C: [m, n]` (written into `out` when given). Each entry is a float64 dot
 * product of two contiguous rows.
 *
 * Large products run in a WebAssembly SIMD kernel (see `setKernelMode`) that
 * also accumulates in float64; passing the same array as `a` and `b` with
 * m = n computes only the upper triangle of the symmetric result.
 */
export function matmulTransposeB(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  if (shouldUseWasm(m * k * n, WASM_MIN_WORK) && matmulTransposeBWasm(a, b, m, k, n, out)) return out;

  for (let i = 0; i < m; i++) {
    const rowA = i * k;
    for (let j = 0; j < n; j++) {
      const rowB = j * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += a[rowA + p] * b[rowB + p];
        s1 += a[rowA + p + 1] * b[rowB + p + 1];
        s2 += a[rowA + p + 2] * b[rowB + p + 2];
        s3 += a[rowA + p + 3] * b[rowB + p + 3];
      }
      for (; p < k; p++) s0 += a[rowA + p] * b[rowB + p];
      out[i * n + j] = s0 + s1 + (s2 + s3);
    }
  }
  return out;
}
