import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  sourcemap: true,
  clean: true,
  // The demo is a Node program; Node 20 is the oldest version the repository supports.
  target: "node20",
});
