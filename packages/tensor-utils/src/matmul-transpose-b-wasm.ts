import { MATMUL_WASM_BASE64 } from "./matmul-wasm.js";
import { loadWasmKernel, reserveWasmMemory } from "./wasm-kernel.js";

type MatmulExport = (a: number, b: number, c: number, m: number, k: number, n: number, symmetric: number) => void;
type AccumulateExport = (a: number, b: number, lanes: number, m: number, k: number, n: number, p0: number, p1: number) => void;
type FinishExport = (a: number, b: number, lanes: number, c: number, m: number, k: number, n: number) => void;

// Above this k, rows are processed in chunks of CHUNK values of p, so the
// rows in use stay in cache; the sums keep the order of the unchunked kernel.
const CHUNKED_MIN_K = 2048;
const CHUNK = 512;

/**
 * Computes `out = A·Bᵀ` in the WebAssembly SIMD kernel and returns true, or
 * returns false without writing `out` when the kernel cannot be loaded or its
 * memory cannot hold the operands. A and B are copied into WebAssembly memory
 * as float64 (float32 products are exact in float64, so only the sums round);
 * B may be given already transposed in `bTransposedWriter`, which writes it
 * into the [n, k] view it receives.
 *
 * When `a === b` and m = n the product is symmetric: the operand is copied
 * once and only the upper triangle is computed.
 *
 * NOTE: the kernel's memory keeps the size of the largest product so far
 * (8 · (m·k + n·k + m·n) bytes, 61 MB for [256, 512] x [10000, 512], plus
 * 16 · m·n when k >= 2048) until the page unloads; WebAssembly memory cannot
 * shrink.
 */
export function matmulTransposeBWasm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array | Float32Array,
  bTransposedWriter?: (target: Float64Array) => void,
): boolean {
  const kernel = loadWasmKernel(MATMUL_WASM_BASE64);
  if (kernel === undefined) return false;
  const chunked = k >= CHUNKED_MIN_K;
  const symmetric = a === b && m === n && bTransposedWriter === undefined;
  const aBytes = m * k * 8;
  const bBytes = symmetric ? 0 : n * k * 8;
  const lanesBytes = chunked ? m * n * 16 : 0;
  if (!reserveWasmMemory(kernel, aBytes + bBytes + m * n * 8 + lanesBytes)) return false;

  const buffer = kernel.memory.buffer;
  const aAddress = kernel.base;
  const bAddress = symmetric ? aAddress : aAddress + aBytes;
  const cAddress = aAddress + aBytes + bBytes;
  new Float64Array(buffer, aAddress, m * k).set(a);
  if (!symmetric) {
    const bView = new Float64Array(buffer, bAddress, n * k);
    if (bTransposedWriter === undefined) bView.set(b);
    else bTransposedWriter(bView);
  }
  if (chunked) {
    const lanesAddress = cAddress + m * n * 8;
    new Float64Array(buffer, lanesAddress, 2 * m * n).fill(0);
    for (let p0 = 0; p0 < k; p0 += CHUNK) {
      (kernel.exports.accumulateLanes as AccumulateExport)(aAddress, bAddress, lanesAddress, m, k, n, p0, Math.min(p0 + CHUNK, k));
    }
    (kernel.exports.finishLanes as FinishExport)(aAddress, bAddress, lanesAddress, cAddress, m, k, n);
  } else {
    (kernel.exports.matmulTransposeB as MatmulExport)(aAddress, bAddress, cAddress, m, k, n, symmetric ? 1 : 0);
  }
  out.set(new Float64Array(buffer, cAddress, m * n));
  return true;
}
