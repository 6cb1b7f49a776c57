import { matmulTransposeBWasm } from "./matmul-transpose-b-wasm.js";
import { shouldUseWasm } from "./set-kernel-mode.js";

// Below about 32k multiply-adds, copying into WebAssembly memory costs more than it saves.
const WASM_MIN_WORK = 32768;
// Side of the square blocks in which B is transposed, so reads and writes stay in cache.
const TRANSPOSE_BLOCK = 32;

/**
 * Computes `C = A · B` for row-major `A: [m, k]` and `B: [k, n]`, accumulating
 * in float64, and returns `C: [m, n]` (written into `out` when given).
 * Rows of B are streamed in order (i-k-j loop), so memory access stays sequential.
 *
 * Large products run in the WebAssembly SIMD kernel of `matmulTransposeB`
 * (see `setKernelMode`), with B transposed while it is copied in.
 */
export function matmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  if (shouldUseWasm(m * k * n, WASM_MIN_WORK)) {
    const writeTransposed = (target: Float64Array): void => transposeInto(b, k, n, target);
    if (matmulTransposeBWasm(a, b, m, k, n, out, writeTransposed)) return out;
  }

  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const rowOut = i * n;
    for (let p = 0; p < k; p++) {
      const scale = a[i * k + p];
      if (scale === 0) continue;
      const rowB = p * n;
      for (let j = 0; j < n; j++) out[rowOut + j] += scale * b[rowB + j];
    }
  }
  return out;
}

/** Writes the transpose [n, k] of the row-major `source` [k, n] into `target`, block by block. */
function transposeInto(source: ArrayLike<number>, k: number, n: number, target: Float64Array): void {
  for (let p0 = 0; p0 < k; p0 += TRANSPOSE_BLOCK) {
    const p1 = Math.min(p0 + TRANSPOSE_BLOCK, k);
    for (let j0 = 0; j0 < n; j0 += TRANSPOSE_BLOCK) {
      const j1 = Math.min(j0 + TRANSPOSE_BLOCK, n);
      for (let p = p0; p < p1; p++) {
        for (let j = j0; j < j1; j++) target[j * k + p] = source[p * n + j];
      }
    }
  }
}
