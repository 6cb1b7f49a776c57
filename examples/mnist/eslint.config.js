import { createConfig } from "@zae/eslint-config";

export default [
  ...createConfig(import.meta.dirname),
  {
    // The demo is a Node program that reads the digits and writes the chart,
    // so the browser-only rule of the library packages does not apply.
    files: ["src/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
];
