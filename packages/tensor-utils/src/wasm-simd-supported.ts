import { webAssemblyApi } from "./wasm-kernel.js";

// The smallest module that uses SIMD: one function returning v128.const 0.
// prettier-ignore
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic number, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code section: v128.const
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x0b, // end
]);

let supported: boolean | undefined;

/**
 * Returns true when the runtime can compile WebAssembly SIMD (Node 16.4+,
 * Chrome 91+, Firefox 89+, Safari 16.4+), by validating a 41-byte module. The
 * result is cached.
 */
export function wasmSimdSupported(): boolean {
  if (supported === undefined) {
    try {
      supported = webAssemblyApi()?.validate(SIMD_PROBE) ?? false;
    } catch {
      supported = false;
    }
  }
  return supported;
}
