import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BCE_WITH_LOGITS_WASM_BASE64 } from "../src/bce-with-logits-wasm.js";
import { GIOU_LOSS_WASM_BASE64 } from "../src/giou-loss-wasm.js";
import { LABEL_PAIR_COUNTS_WASM_BASE64 } from "../src/label-pair-counts-wasm.js";
import { MATMUL_WASM_BASE64 } from "../src/matmul-wasm.js";
import { SQUARED_ERROR_WASM_BASE64 } from "../src/squared-error-wasm.js";

describe("generated WebAssembly modules", () => {
  it("match their AssemblyScript sources", () => {
    const script = join(import.meta.dirname, "..", "scripts", "build-wasm.mjs");
    const result = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);

  // Chrome compiles a module synchronously on the main thread only up to 4 KiB.
  it.each([
    ["matmul", MATMUL_WASM_BASE64],
    ["bce-with-logits", BCE_WITH_LOGITS_WASM_BASE64],
    ["squared-error", SQUARED_ERROR_WASM_BASE64],
    ["label-pair-counts", LABEL_PAIR_COUNTS_WASM_BASE64],
    ["giou-loss", GIOU_LOSS_WASM_BASE64],
  ])("keeps %s under 4 KiB", (_, base64) => {
    expect(atob(base64).length).toBeLessThanOrEqual(4096);
  });
});
