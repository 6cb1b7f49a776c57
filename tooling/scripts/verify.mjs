#!/usr/bin/env node
// The whole check suite, as the README's test command runs it: build, lint,
// type check, package checks (publint, arethetypeswrong) and tests through
// turbo, then the repository-level checks listed in STEPS. Every step runs
// even when an earlier one fails, so one run reports every failure; the exit
// code is non-zero when any step failed. The last line is "N passed, N failed"
// summed from the vitest JSON reports (reports/vitest.json in each workspace).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
process.env.TURBO_TELEMETRY_DISABLED = "1";

/** [label, command, args] run in order from the repository root. */
const STEPS = [
  ["build", "pnpm", ["exec", "turbo", "run", "build"]],
  ["lint, typecheck, package checks, tests", "pnpm", ["exec", "turbo", "run", "lint", "typecheck", "check:packages", "test", "--continue", "--filter=!@zae/packaging"]],
  // The release rehearsal (tree shaking, local registry, Node and Chromium
  // consumers) installs packages and starts a browser. It runs after the other
  // tests rather than beside them, so it does not slow down their timed tests.
  ["release rehearsal", "pnpm", ["exec", "turbo", "run", "lint", "typecheck", "test", "--continue", "--filter=@zae/packaging"]],
  // Gzipped bundle budgets from .size-limit.mjs.
  ["size budgets", "pnpm", ["exec", "size-limit"]],
];

function workspaceDirs() {
  const dirs = [];
  for (const group of ["packages", "tooling", "examples"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) dirs.push(join(base, name));
  }
  dirs.push(join(root, "bench"));
  return dirs;
}

for (const dir of workspaceDirs()) rmSync(join(dir, "reports"), { recursive: true, force: true });

// The release rehearsal runs its browser consumer in Debian's chromium, driven
// by playwright-core, which downloads no browser of its own. Install it once
// when it is missing and this user can run apt-get; otherwise that test fails
// with a message saying how to install it.
const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = isRoot ? ["apt-get"] : ["sudo", "-n", "apt-get"];
  console.log(`${CHROMIUM} is missing: installing Debian's chromium with ${apt.join(" ")}`);
  const update = spawnSync(apt[0], [...apt.slice(1), "update"], { stdio: "inherit" });
  const install =
    update.status === 0
      ? spawnSync(apt[0], [...apt.slice(1), "install", "-y", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
      : update;
  if (install.status !== 0) console.log("Could not install chromium; run: apt-get update && apt-get install -y chromium");
}

const failedSteps = [];
for (const [label, command, args] of STEPS) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) failedSteps.push(label);
}

let passed = 0;
let failed = 0;
const reports = [];
for (const dir of workspaceDirs()) {
  const report = join(dir, "reports", "vitest.json");
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  reports.push(report.slice(root.length + 1));
}
console.log(`\nvitest reports read: ${reports.join(", ") || "none"}`);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join("; ")}`);
// A failed step with no failed test (a build or lint error) still counts as one failure.
if (failedSteps.length > 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
