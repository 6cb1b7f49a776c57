#!/usr/bin/env node
// Creates packages/<name> from tooling/scripts/template so that every loss
// package starts with the same package.json, build, test and lint setup.
// Usage: pnpm new-package <name> "<one-line description>"
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [name, description] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !description) {
  console.error('Usage: pnpm new-package <kebab-case-name> "<one-line description>"');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const target = join(root, "packages", name);
if (existsSync(target)) {
  console.error(`packages/${name} already exists.`);
  process.exit(2);
}
cpSync(join(root, "tooling", "scripts", "template"), target, { recursive: true });
for (const file of ["package.json", "README.md"]) {
  const template = join(target, `${file}.tmpl`);
  const text = readFileSync(template, "utf8").replaceAll("__NAME__", name).replaceAll("__DESCRIPTION__", description);
  writeFileSync(template, text);
  renameSync(template, join(target, file));
}
console.log(`Created packages/${name}. Run pnpm install, then add src/ files and tests.`);
