import { ZaeOptionError } from "./errors.js";
import { wasmSimdSupported } from "./wasm-simd-supported.js";

/**
 * The implementation that the numeric kernels (matrix products, the BCE sum) use:
 * - `"auto"` (default): WebAssembly SIMD when the runtime supports it and the
 *   input is large enough to repay copying it into WebAssembly memory, else
 *   JavaScript;
 * - `"wasm"`: always WebAssembly SIMD, whatever the size;
 * - `"js"`: always the JavaScript loops, e.g. where a Content Security Policy
 *   forbids compiling WebAssembly.
 */
export type KernelMode = "auto" | "wasm" | "js";

const MODES: readonly KernelMode[] = ["auto", "wasm", "js"];
let currentMode: KernelMode = "auto";

/**
 * Selects the kernel implementation for the whole process (see
 * {@link KernelMode}) and returns the previous mode, so a caller can restore it.
 * Both implementations compute the same values to within float64 rounding.
 *
 * @throws {ZaeOptionError} for an unknown mode, or for `"wasm"` when the
 * runtime cannot compile WebAssembly SIMD.
 * @example
 * const previous = setKernelMode("js");
 * // ... run without WebAssembly ...
 * setKernelMode(previous);
 */
export function setKernelMode(mode: KernelMode): KernelMode {
  if (!MODES.includes(mode)) {
    throw new ZaeOptionError({ functionName: "setKernelMode", parameter: "mode", expected: `one of ${MODES.map((m) => `"${m}"`).join(", ")}`, value: mode });
  }
  if (mode === "wasm" && !wasmSimdSupported()) {
    throw new ZaeOptionError({
      functionName: "setKernelMode",
      parameter: "mode",
      expected: '"auto" or "js" in this runtime',
      value: mode,
      hint: "This runtime cannot compile WebAssembly SIMD modules.",
    });
  }
  const previous = currentMode;
  currentMode = mode;
  return previous;
}

/**
 * Returns true when a kernel should run in WebAssembly for an input of `work`
 * units, given the mode and the kernel's break-even size `minWork`.
 */
export function shouldUseWasm(work: number, minWork: number): boolean {
  if (currentMode === "js") return false;
  if (currentMode === "wasm") return true;
  return work >= minWork && wasmSimdSupported();
}
