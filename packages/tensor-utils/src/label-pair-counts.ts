import { LABEL_PAIR_COUNTS_WASM_BASE64 } from "./label-pair-counts-wasm.js";
import { shouldUseWasm } from "./set-kernel-mode.js";
import { loadWasmKernel, reserveWasmMemory, type WasmKernel } from "./wasm-kernel.js";

// Label pairs per block copied into WebAssembly memory: 2 · 256 KiB.
const BLOCK = 65536;
// Below this many pairs, loading the kernel and copying cost more than they save.
const WASM_MIN_ELEMENTS = 4096;

type LabelPairCountsExport = (p: number, t: number, n: number, numClasses: number, counts: number, scratch: number) => number;

/**
 * Counts label pairs into the joint histogram `[numClasses, numClasses]`
 * (confusion matrix): entry `predicted · numClasses + target` is the number
 * of positions i with `pred[i] = predicted` and `target[i] = target`. The
 * diagonal gives the matches, row sums the predicted counts and column sums
 * the target counts, all from one pass over the labels.
 *
 * When both inputs are Int32Array and the input is large, a WebAssembly SIMD
 * kernel counts (see `setKernelMode`). The histogram takes numClasses² int32,
 * and the kernel four histograms of (numClasses + 1)² int32 as scratch space.
 *
 * @param pred - predicted labels; not mutated.
 * @param target - target labels, the same length as `pred` (not checked here).
 * @param numClasses - a positive integer; labels must lie in [0, numClasses).
 * @returns a new Int32Array of numClasses² counts, or undefined when a label
 * is not an integer in [0, numClasses), so the caller can locate it and
 * report it with its own error.
 */
export function labelPairCounts(pred: ArrayLike<number>, target: ArrayLike<number>, numClasses: number): Int32Array | undefined {
  const counts = new Int32Array(numClasses * numClasses);
  const n = pred.length;
  if (pred instanceof Int32Array && target instanceof Int32Array && shouldUseWasm(n, WASM_MIN_ELEMENTS)) {
    const kernel = loadWasmKernel(LABEL_PAIR_COUNTS_WASM_BASE64);
    const histogramBytes = 4 * counts.length;
    const scratchBytes = 16 * (numClasses + 1) * (numClasses + 1);
    if (kernel !== undefined && reserveWasmMemory(kernel, 8 * BLOCK + histogramBytes + scratchBytes)) {
      return countInWasm(kernel, pred, target, numClasses, counts) ? counts : undefined;
    }
  }

  for (let i = 0; i < n; i++) {
    const p = pred[i];
    const t = target[i];
    // The negated test also rejects NaN.
    if (!(p >= 0 && p < numClasses && t >= 0 && t < numClasses && Number.isInteger(p) && Number.isInteger(t))) return undefined;
    counts[p * numClasses + t]++;
  }
  return counts;
}

/** Counts one block at a time in WebAssembly memory; returns false when a label is out of range. */
function countInWasm(kernel: WasmKernel, pred: Int32Array, target: Int32Array, numClasses: number, counts: Int32Array): boolean {
  const run = kernel.exports.labelPairCounts as LabelPairCountsExport;
  const buffer = kernel.memory.buffer;
  const predView = new Int32Array(buffer, kernel.base, BLOCK);
  const targetView = new Int32Array(buffer, kernel.base + 4 * BLOCK, BLOCK);
  const countsView = new Int32Array(buffer, kernel.base + 8 * BLOCK, counts.length);
  const scratchAddress = countsView.byteOffset + 4 * counts.length;
  countsView.fill(0);
  const n = pred.length;
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    predView.set(pred.subarray(start, start + count));
    targetView.set(target.subarray(start, start + count));
    if (run(predView.byteOffset, targetView.byteOffset, count, numClasses, countsView.byteOffset, scratchAddress) !== 0) return false;
  }
  counts.set(countsView);
  return true;
}
