import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    // The reduced demo run trains five small networks. On a busy 2-core machine
    // that takes longer than vitest's default limits (5 s per test, 10 s per hook).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
