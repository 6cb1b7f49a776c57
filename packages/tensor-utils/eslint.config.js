import { createConfig } from "@zae/eslint-config";

// assembly/ contains AssemblyScript, which the TypeScript parser cannot type-check.
export default [{ ignores: ["assembly/**"] }, ...createConfig(import.meta.dirname)];
