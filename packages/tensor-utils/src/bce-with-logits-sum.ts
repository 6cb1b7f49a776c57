import { BCE_WITH_LOGITS_WASM_BASE64 } from "./bce-with-logits-wasm.js";
import { CompensatedSum } from "./compensated-sum.js";
import { shouldUseWasm } from "./set-kernel-mode.js";
import { loadWasmKernel, reserveWasmMemory, type WasmKernel } from "./wasm-kernel.js";

// Elements per block: each block is summed on its own and the block sums are
// added with compensation. 8192 float64 logits and targets take 128 KiB of
// WebAssembly memory, which stays in the L2 cache.
const BLOCK = 8192;
// Below this many elements, loading the kernel and copying cost more than they save.
const WASM_MIN_ELEMENTS = 512;

type BceExports = {
  bceWithLogitsSum: (x: number, y: number, n: number, float32: number) => number;
  targetsValid: () => number;
};

/**
 * Sums the binary cross-entropy with logits over all elements,
 * `Σ max(x, 0) - x·y + log1p(exp(-|x|))`, in float64, without allocating per
 * element. This is the stable form of `-(y·log σ(x) + (1 - y)·log(1 - σ(x)))`:
 * for x > 0, log(1 + e^x) = x + log(1 + e^-x), so exp never overflows.
 *
 * Large inputs run in a WebAssembly SIMD kernel (see `setKernelMode`) whose
 * exp and log1p are polynomial approximations accurate to about 1e-14
 * relative per term; below 3.4e-308 (|x| > 708) the log1p(exp(-|x|)) part is
 * taken as 0. Blocks of 8192 terms are added with Neumaier's compensation.
 *
 * Targets are checked in the same pass, so a caller needs no separate
 * validation pass over them.
 *
 * @param logits - x, any length; not mutated.
 * @param targets - y, the same length as `logits` (the length is not checked).
 * @returns the sum, or undefined when a target is NaN or outside [0, 1], so
 * the caller can locate it and report it. A NaN logit gives NaN, and so does
 * an infinite one where the formula meets ∞·0 or ∞ - ∞ (x = ∞ with any y,
 * x = -∞ with y = 0).
 */
export function bceWithLogitsSum(logits: ArrayLike<number>, targets: ArrayLike<number>): number | undefined {
  const n = logits.length;
  if (shouldUseWasm(n, WASM_MIN_ELEMENTS)) {
    const kernel = loadWasmKernel(BCE_WITH_LOGITS_WASM_BASE64);
    if (kernel !== undefined && reserveWasmMemory(kernel, 16 * BLOCK)) return sumInWasm(kernel, logits, targets);
  }

  const total = new CompensatedSum();
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const x = logits[i];
      const y = targets[i];
      if (!(y >= 0 && y <= 1)) return undefined;
      sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    }
    total.add(sum);
  }
  return total.value;
}

/** Copies one block at a time into WebAssembly memory, as float32 when both inputs are float32. */
function sumInWasm(kernel: WasmKernel, logits: ArrayLike<number>, targets: ArrayLike<number>): number | undefined {
  const exports = kernel.exports as unknown as BceExports;
  const float32 = logits instanceof Float32Array && targets instanceof Float32Array;
  const View = float32 ? Float32Array : Float64Array;
  const logitsView = new View(kernel.memory.buffer, kernel.base, BLOCK);
  const targetsView = new View(kernel.memory.buffer, kernel.base + 8 * BLOCK, BLOCK);
  const xAddress = logitsView.byteOffset;
  const yAddress = targetsView.byteOffset;
  const total = new CompensatedSum();
  const n = logits.length;
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    copyBlock(logits, start, count, logitsView);
    copyBlock(targets, start, count, targetsView);
    total.add(exports.bceWithLogitsSum(xAddress, yAddress, count, float32 ? 1 : 0));
    if (exports.targetsValid() === 0) return undefined;
  }
  return total.value;
}

function copyBlock(source: ArrayLike<number>, start: number, count: number, target: Float32Array | Float64Array): void {
  if (ArrayBuffer.isView(source)) {
    target.set((source as unknown as Float64Array).subarray(start, start + count));
  } else {
    for (let i = 0; i < count; i++) target[i] = source[start + i];
  }
}
