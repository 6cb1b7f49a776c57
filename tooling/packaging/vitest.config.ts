import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    // The publish check starts a registry, publishes six packages, installs
    // them and drives a browser: minutes, not the default five seconds.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
