import { CompensatedSum } from "./compensated-sum.js";
import { shouldUseWasm } from "./set-kernel-mode.js";
import { SQUARED_ERROR_WASM_BASE64 } from "./squared-error-wasm.js";
import { loadWasmKernel, reserveWasmMemory, type WasmKernel } from "./wasm-kernel.js";

// Elements per block. 32768 float64 targets and predictions take 512 KiB of
// WebAssembly memory, so each block is copied in and read back from the L2
// cache, and the per-block call overhead stays small.
const BLOCK = 32768;
// Below this many elements, loading the kernel and copying cost more than they save.
const WASM_MIN_ELEMENTS = 2048;

type SquaredErrorExport = (t: number, p: number, n: number, float32: number) => number;

/**
 * Sums `(prediction[i] - target[i])²` over all elements in float64, without
 * allocating per element. Each block of 32768 elements is summed on its own
 * and the block sums are added with Neumaier's compensation.
 *
 * Large inputs run in a WebAssembly SIMD kernel (see `setKernelMode`), which
 * reads float32 inputs as float32 when both arrays are Float32Array.
 *
 * @param target - t, any length; not mutated.
 * @param prediction - p, the same length as `target` (not checked here).
 * @returns the sum; NaN or Infinity when an element is.
 */
export function squaredErrorSum(target: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const n = prediction.length;
  if (shouldUseWasm(n, WASM_MIN_ELEMENTS)) {
    const kernel = loadWasmKernel(SQUARED_ERROR_WASM_BASE64);
    if (kernel !== undefined && reserveWasmMemory(kernel, 16 * BLOCK)) return sumInWasm(kernel, target, prediction);
  }

  const total = new CompensatedSum();
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let s0 = 0;
    let s1 = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      const d0 = prediction[i] - target[i];
      const d1 = prediction[i + 1] - target[i + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    if (i < end) {
      const d = prediction[i] - target[i];
      s0 += d * d;
    }
    total.add(s0 + s1);
  }
  return total.value;
}

function sumInWasm(kernel: WasmKernel, target: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const run = kernel.exports.squaredErrorSum as SquaredErrorExport;
  const float32 = target instanceof Float32Array && prediction instanceof Float32Array;
  const View = float32 ? Float32Array : Float64Array;
  const targetView = new View(kernel.memory.buffer, kernel.base, BLOCK);
  const predictionView = new View(kernel.memory.buffer, kernel.base + 8 * BLOCK, BLOCK);
  const total = new CompensatedSum();
  const n = prediction.length;
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    copyBlock(target, start, count, targetView);
    copyBlock(prediction, start, count, predictionView);
    total.add(run(targetView.byteOffset, predictionView.byteOffset, count, float32 ? 1 : 0));
  }
  return total.value;
}

function copyBlock(source: ArrayLike<number>, start: number, count: number, destination: Float32Array | Float64Array): void {
  if (ArrayBuffer.isView(source)) {
    destination.set((source as unknown as Float64Array).subarray(start, start + count));
  } else {
    for (let i = 0; i < count; i++) destination[i] = source[start + i];
  }
}
