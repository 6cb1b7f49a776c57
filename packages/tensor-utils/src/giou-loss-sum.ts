import { CompensatedSum } from "./compensated-sum.js";
import { GIOU_LOSS_WASM_BASE64 } from "./giou-loss-wasm.js";
import { shouldUseWasm } from "./set-kernel-mode.js";
import { loadWasmKernel, reserveWasmMemory, type WasmKernel } from "./wasm-kernel.js";

// Box pairs per block copied into WebAssembly memory: 2 · 64 KiB as float64.
const BLOCK = 2048;
// Below this many pairs, loading the kernel and copying cost more than they save.
const WASM_MIN_PAIRS = 1024;

type GiouExports = {
  giouLossSum: (t: number, p: number, n: number, float32: number) => void;
  sum: () => number;
  valid: () => number;
};

/**
 * Sums the GIoU loss `1 - GIoU` over pairs of 2-D boxes `[N, 4]` in
 * `(x1, y1, x2, y2)` format, in float64, in one pass that also validates the
 * boxes. Per pair, with intersection I, union U = |P| + |T| - I and hull H
 * (the smallest box enclosing both): `1 - I/U + (H - U)/H`. Nothing is added
 * to U or H: a zero union gives IoU 1 for identical boxes and 0 otherwise, and
 * a zero hull adds no penalty.
 *
 * Large inputs run in a WebAssembly SIMD kernel (see `setKernelMode`), two
 * pairs per step. Blocks of 2048 pairs are added with Neumaier's compensation.
 *
 * @param targetBoxes - `[N, 4]` row-major; not mutated.
 * @param predBoxes - `[N, 4]`, the same length as `targetBoxes` (not checked here).
 * @returns the sum, or undefined when a coordinate is not finite or a box has
 * x2 < x1 or y2 < y1, so the caller can locate the box and report it.
 */
export function giouLossSum(targetBoxes: ArrayLike<number>, predBoxes: ArrayLike<number>): number | undefined {
  const n = Math.floor(predBoxes.length / 4);
  if (shouldUseWasm(n, WASM_MIN_PAIRS)) {
    const kernel = loadWasmKernel(GIOU_LOSS_WASM_BASE64);
    if (kernel !== undefined && reserveWasmMemory(kernel, 64 * BLOCK)) return sumInWasm(kernel, targetBoxes, predBoxes, n);
  }

  const total = new CompensatedSum();
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let blockSum = 0;
    for (let i = start; i < end; i++) {
      const loss = pairLoss(targetBoxes, predBoxes, 4 * i);
      if (Number.isNaN(loss)) return undefined;
      blockSum += loss;
    }
    total.add(blockSum);
  }
  return total.value;
}

/** 1 - GIoU of the pair at `offset`, or NaN when either box is invalid. */
function pairLoss(t: ArrayLike<number>, p: ArrayLike<number>, offset: number): number {
  const tx1 = t[offset];
  const ty1 = t[offset + 1];
  const tx2 = t[offset + 2];
  const ty2 = t[offset + 3];
  const px1 = p[offset];
  const py1 = p[offset + 1];
  const px2 = p[offset + 2];
  const py2 = p[offset + 3];
  const finite = Number.isFinite(tx1 + ty1 + tx2 + ty2) && Number.isFinite(px1 + py1 + px2 + py2);
  if (!finite || !(tx2 >= tx1 && ty2 >= ty1 && px2 >= px1 && py2 >= py1)) return NaN;

  const overlapX = Math.max(Math.min(px2, tx2) - Math.max(px1, tx1), 0);
  const overlapY = Math.max(Math.min(py2, ty2) - Math.max(py1, ty1), 0);
  const intersection = overlapX * overlapY;
  const union = (px2 - px1) * (py2 - py1) + (tx2 - tx1) * (ty2 - ty1) - intersection;
  const hull = (Math.max(px2, tx2) - Math.min(px1, tx1)) * (Math.max(py2, ty2) - Math.min(py1, ty1));
  const identical = px1 === tx1 && py1 === ty1 && px2 === tx2 && py2 === ty2;
  let iou = identical ? 1 : 0;
  if (union > 0) iou = intersection / union;
  const penalty = hull > 0 ? (hull - union) / hull : 0;
  return 1 - iou + penalty;
}

function sumInWasm(kernel: WasmKernel, targetBoxes: ArrayLike<number>, predBoxes: ArrayLike<number>, n: number): number | undefined {
  const exports = kernel.exports as unknown as GiouExports;
  const float32 = targetBoxes instanceof Float32Array && predBoxes instanceof Float32Array;
  const View = float32 ? Float32Array : Float64Array;
  const targetView = new View(kernel.memory.buffer, kernel.base, 4 * BLOCK);
  const predView = new View(kernel.memory.buffer, kernel.base + 32 * BLOCK, 4 * BLOCK);
  const total = new CompensatedSum();
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    copyBlock(targetBoxes, 4 * start, 4 * count, targetView);
    copyBlock(predBoxes, 4 * start, 4 * count, predView);
    exports.giouLossSum(targetView.byteOffset, predView.byteOffset, count, float32 ? 1 : 0);
    if (exports.valid() === 0) return undefined;
    total.add(exports.sum());
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
