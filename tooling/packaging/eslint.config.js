import { createConfig } from "@zae/eslint-config";

export default [
  // The consumer project is copied out and checked against the published
  // packages by test/publish.test.ts, not against this workspace.
  { ignores: ["test/consumer-template/**"] },
  ...createConfig(import.meta.dirname),
];
