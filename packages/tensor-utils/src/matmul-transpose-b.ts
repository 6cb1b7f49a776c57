import { matmulTransposeBWasm } from "./matmul-transpose-b-wasm.js";
import { shouldUseWasm } from "./set-kernel-mode.js";

// Below about 32k multiply-adds, copying into WebAssembly memory costs more than it saves.
const WASM_MIN_WORK = 32768;

/**
 * Computes `C = A · Bᵀ` for row-major `A: [m, k]` and `B: [n, k]`, the form of
 * every "rows against rows" product (Gram matrices, cosine logits), and returns
 * `C: [m, n]` (written into `out` when given). Each entry is a float64 dot
 * product of two contiguous rows; a Float32Array `out` receives each entry
 * rounded once to float32.
 *
 * Large products run in a WebAssembly SIMD kernel (see `setKernelMode`) that
 * sums in the same order, so both paths return identical bits. Passing the
 * same array as `a` and `b` with m = n computes only the upper triangle of
 * the symmetric result.
 */
export function matmulTransposeB(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array;
export function matmulTransposeB<Out extends Float64Array | Float32Array>(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Out,
): Out;
export function matmulTransposeB(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array | Float32Array = new Float64Array(m * n),
): Float64Array | Float32Array {
  if (shouldUseWasm(m * k * n, WASM_MIN_WORK) && matmulTransposeBWasm(a, b, m, k, n, out)) return out;

  for (let i = 0; i < m; i++) {
    const rowA = i * k;
    for (let j = 0; j < n; j++) {
      const rowB = j * k;
      // Even and odd terms are summed apart and then added, the order of the
      // two SIMD lanes of the WebAssembly kernel, so both paths give the same bits.
      let even = 0;
      let odd = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        even += a[rowA + p] * b[rowB + p];
        odd += a[rowA + p + 1] * b[rowB + p + 1];
      }
      let dot = even + odd;
      if (p < k) dot += a[rowA + p] * b[rowB + p];
      out[i * n + j] = dot;
    }
  }
  return out;
}
