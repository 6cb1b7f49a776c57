// The part of the WebAssembly JavaScript API used here. The ES2022 library
// this package compiles against does not declare WebAssembly, and the
// declarations in @types/node would make the browser build depend on them.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Returns the runtime's WebAssembly namespace, or undefined where there is none. */
export function webAssemblyApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** An instantiated kernel module: its exports and its linear memory. */
export interface WasmKernel {
  readonly exports: Record<string, unknown>;
  readonly memory: WasmMemory;
  /** First 16-byte aligned address free for inputs and outputs. */
  readonly base: number;
}

const PAGE_BYTES = 65536;
const kernels = new Map<string, WasmKernel | null>();

/**
 * Instantiates the kernel whose bytes are `base64` on first use and caches it.
 * Compilation is synchronous: every kernel is kept under the 4 KiB that
 * Chrome allows `new WebAssembly.Module` on the main thread. Returns undefined
 * when instantiation fails (for example under a Content Security Policy
 * without 'wasm-unsafe-eval'), so the caller falls back to JavaScript.
 */
export function loadWasmKernel(base64: string): WasmKernel | undefined {
  let kernel = kernels.get(base64);
  if (kernel === undefined) {
    try {
      const api = webAssemblyApi();
      if (api === undefined) throw new Error("WebAssembly is not available");
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const instance = new api.Instance(new api.Module(bytes), {});
      const exports = instance.exports;
      const scratchBase = exports.scratchBase as () => number;
      kernel = { exports, memory: exports.memory as WasmMemory, base: scratchBase() };
    } catch {
      kernel = null;
    }
    kernels.set(base64, kernel);
  }
  return kernel ?? undefined;
}

/**
 * Grows the kernel's memory so that `bytes` bytes from `kernel.base` are
 * addressable. Returns false when the memory cannot grow that far (the
 * 4 GiB limit of 32-bit WebAssembly, or the host refusing to allocate).
 * Memory is never shrunk: it is reused as scratch space by later calls.
 */
export function reserveWasmMemory(kernel: WasmKernel, bytes: number): boolean {
  const needed = kernel.base + bytes;
  const available = kernel.memory.buffer.byteLength;
  if (needed <= available) return true;
  try {
    kernel.memory.grow(Math.ceil((needed - available) / PAGE_BYTES));
    return true;
  } catch {
    return false;
  }
}
