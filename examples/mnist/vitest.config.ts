import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    // The reduced demo run trains five small networks; on a loaded 2-core machine it needs more than the default 5 s.
    testTimeout: 120_000,
  },
});
