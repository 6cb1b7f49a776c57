import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("generated WebAssembly modules", () => {
  it("match their AssemblyScript sources", () => {
    const script = join(import.meta.dirname, "..", "scripts", "build-wasm.mjs");
    const result = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);
});
