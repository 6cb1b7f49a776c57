// Shared flat ESLint config for every package: type-aware typescript-eslint
// rules, focused tests (`.only`) as errors, and no Node built-ins in library
// source because every package must also run in browsers.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Builds the flat config for the package whose root is `tsconfigRootDir`.
 * @param {string} tsconfigRootDir absolute path of the package (pass `import.meta.dirname`).
 */
export function createConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ["dist/**", "reports/**", "coverage/**", "out/**"] },
    {
      linterOptions: { reportUnusedDisableDirectives: "error" },
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        "no-restricted-properties": [
          "error",
          { object: "describe", property: "only", message: "Focused tests (.only) must not be committed." },
          { object: "it", property: "only", message: "Focused tests (.only) must not be committed." },
          { object: "test", property: "only", message: "Focused tests (.only) must not be committed." },
        ],
      },
    },
    {
      files: ["src/**/*.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          { patterns: [{ group: ["node:*", "fs", "path", "os", "crypto"], message: "Library code runs in browsers too: no Node built-ins." }] },
        ],
      },
    },
    {
      files: ["**/*.js", "**/*.mjs"],
      ...tseslint.configs.disableTypeChecked,
    },
  );
}
