// Release rehearsal. The packages are versioned with changesets in a copy of
// the workspace and published with pnpm to a Verdaccio registry on 127.0.0.1.
// A fresh consumer project installs @zae/loss-iou and @zae/loss from it with
// npm and uses them from Node (ESM and CJS), TypeScript and headless Chromium.
// Nothing is fetched from or sent to another host.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, runPageInChromium } from "./helpers/chromium.js";
import { listInstalledPackages, writeConsumerProject } from "./helpers/consumer.js";
import { startLocalRegistry, type LocalRegistry } from "./helpers/local-registry.js";
import {
  copyWorkspace,
  disableProvenance,
  installOffline,
  listPublicPackages,
  publishPackage,
  versionWithChangesets,
  type PublicPackage,
} from "./helpers/release.js";
import { cleanEnvironment, runCommand } from "./helpers/run-command.js";
import { serveDirectory } from "./helpers/static-server.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const require = createRequire(import.meta.url);
// The consumer is type-checked with the repository's pinned TypeScript instead
// of installing one: its registry is the local one, which serves only @zae/*,
// and the run stays offline and uses the compiler the packages are built with.
const TSC = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");

/** Set ZAE_KEEP_PUBLISH_DIR=1 to keep the temporary registry, copy and consumer for debugging. */
const KEEP_DIR = process.env.ZAE_KEEP_PUBLISH_DIR === "1";

interface ConsumerOutput {
  resolved: { loss: string; lossIou: string };
  results: Record<string, unknown>;
}

let baseDir = "";
let registry: LocalRegistry | undefined;
let originalPackages: PublicPackage[] = [];
let versionedPackages: PublicPackage[] = [];
let consumerDir = "";
let consumerEnv: NodeJS.ProcessEnv = {};

function runConsumerScript(script: string): ConsumerOutput {
  const { stdout } = runCommand(process.execPath, [script], { cwd: consumerDir, env: consumerEnv });
  return JSON.parse(stdout) as ConsumerOutput;
}

/** Compares two `major.minor.patch` versions: negative, zero or positive like a sort comparator. */
function compareVersions(a: string, b: string): number {
  const [left, right] = [a, b].map((version) => version.split(".").map(Number));
  for (let i = 0; i < 3; i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return 0;
}

/** Asserts a relative error of at most 1e-12 (the float64 rounding of a few operations). */
function expectClose(actual: unknown, expected: number, label: string): void {
  expect(typeof actual, label).toBe("number");
  expect(Math.abs((actual as number) - expected) / Math.abs(expected), label).toBeLessThanOrEqual(1e-12);
}

/** Serializes like JSON so that Node and browser results compare field by field. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Flattens a JSON value into `[path, leaf]` pairs, e.g. `["arcFace.value", 0.2]`. */
function leaves(value: unknown, path = ""): [string, unknown][] {
  if (value === null || typeof value !== "object") return [[path, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, path === "" ? key : `${path}.${key}`));
}

/**
 * Asserts that two result objects have the same fields, the same strings and
 * booleans, and numbers within 1e-12 relative error (or 1e-15 absolute near
 * zero). Bit equality is not expected: ECMAScript leaves the accuracy of
 * Math.sin, Math.cos, Math.exp, Math.log and the like to the engine, and the
 * V8 of Node 20 and of Debian's Chromium differ in the last bit for some
 * arguments.
 */
function expectSameResults(actual: unknown, expected: unknown): void {
  const actualLeaves = leaves(asJson(actual));
  const expectedLeaves = leaves(asJson(expected));
  expect(actualLeaves.map(([path]) => path)).toEqual(expectedLeaves.map(([path]) => path));

  for (const [index, [path, expectedValue]] of expectedLeaves.entries()) {
    const actualValue = actualLeaves[index][1];
    if (typeof expectedValue === "number" && typeof actualValue === "number") {
      const tolerance = Math.max(1e-12 * Math.max(Math.abs(expectedValue), Math.abs(actualValue)), 1e-15);
      expect(Math.abs(actualValue - expectedValue), `${path}: ${actualValue} vs ${expectedValue}`).toBeLessThanOrEqual(tolerance);
    } else {
      expect(actualValue, path).toEqual(expectedValue);
    }
  }
}

function registryFor(url: string): LocalRegistry {
  if (registry === undefined) throw new Error(`The local registry ${url} is not running.`);
  return registry;
}

async function rehearseRelease(): Promise<void> {
  baseDir = mkdtempSync(join(tmpdir(), "zae-publish-"));
  registry = await startLocalRegistry(join(baseDir, "registry"));
  const registryHost = new URL(registry.url).host;

  // npm will not send a publish request without a token for the registry
  // (ENEEDAUTH), even when the registry accepts anonymous publishing.
  // Verdaccio cannot verify this placeholder and treats the client as anonymous.
  const publisherConfig = join(baseDir, "publisher.npmrc");
  writeFileSync(publisherConfig, `registry=${registry.url}\n//${registryHost}/:_authToken=placeholder-anonymous\nupdate-notifier=false\n`);
  const publisherEnv = cleanEnvironment({ NPM_CONFIG_USERCONFIG: publisherConfig, npm_config_cache: join(baseDir, "npm-cache") });

  const storeDir = runCommand("pnpm", ["store", "path"], { cwd: ROOT, env: publisherEnv }).stdout.trim();
  originalPackages = listPublicPackages(ROOT);
  const copyDir = join(baseDir, "workspace");
  copyWorkspace(ROOT, copyDir, publisherEnv);
  installOffline(copyDir, storeDir, publisherEnv);
  versionWithChangesets(copyDir, originalPackages, publisherEnv);

  versionedPackages = listPublicPackages(copyDir);
  for (const pkg of versionedPackages) {
    disableProvenance(pkg.dir);
    publishPackage(pkg.dir, registry.url, publisherEnv);
  }

  // The consumer reads only its own .npmrc: the user config is an empty file.
  consumerDir = join(baseDir, "consumer");
  writeConsumerProject(consumerDir, registry.url);
  const emptyConfig = join(baseDir, "empty.npmrc");
  writeFileSync(emptyConfig, "");
  consumerEnv = cleanEnvironment({ NPM_CONFIG_USERCONFIG: emptyConfig, npm_config_cache: join(baseDir, "npm-cache") });
  runCommand("npm", ["install", "--no-audit", "--no-fund", "@zae/loss-iou", "@zae/loss"], { cwd: consumerDir, env: consumerEnv });
}

beforeAll(async () => {
  try {
    await rehearseRelease();
  } catch (error) {
    await registry?.stop();
    throw error;
  }
});

afterAll(async () => {
  await registry?.stop();
  if (baseDir !== "" && !KEEP_DIR) rmSync(baseDir, { recursive: true, force: true });
});

describe("release to a local registry", () => {
  it("changesets bumps every version", () => {
    expect(versionedPackages.map((pkg) => pkg.name)).toEqual(originalPackages.map((pkg) => pkg.name));
    for (const [index, pkg] of versionedPackages.entries()) {
      expect(pkg.version, pkg.name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(compareVersions(pkg.version, originalPackages[index].version), pkg.name).toBeGreaterThan(0);
      const changelog = readFileSync(join(pkg.dir, "CHANGELOG.md"), "utf8");
      expect(changelog, `${pkg.name} CHANGELOG.md`).toContain(`## ${pkg.version}`);
    }
  });

  it("registry serves every published package", async () => {
    const { url } = registryFor("for the package listing");
    const versions = new Map(versionedPackages.map((pkg) => [pkg.name, pkg.version]));

    for (const pkg of versionedPackages) {
      const response = await fetch(`${url}${pkg.name.replace("/", "%2f")}`);
      expect(response.status, pkg.name).toBe(200);
      const packument = (await response.json()) as {
        "dist-tags": Record<string, string>;
        versions: Record<string, { dependencies?: Record<string, string> }>;
      };
      expect(packument["dist-tags"].latest, pkg.name).toBe(pkg.version);

      // pnpm must have replaced every workspace: range by the released version.
      const dependencies = packument.versions[pkg.version].dependencies ?? {};
      for (const [name, range] of Object.entries(dependencies)) {
        expect(name, `${pkg.name} depends on ${name}`).toMatch(/^@zae\//);
        expect(range, `${pkg.name} -> ${name}`).toBe(`^${versions.get(name)}`);
      }
    }
  });

  it("registry has no uplink", async () => {
    const { url } = registryFor("for the uplink check");

    const response = await fetch(`${url}typescript`);

    expect(response.status).toBe(404);
  });

  it("installed tree contains only @zae packages", () => {
    const installed = listInstalledPackages(join(consumerDir, "node_modules"));
    const { url } = registryFor("for the lockfile check");

    expect(installed.filter((name) => !name.startsWith("@zae/"))).toEqual([]);
    expect(installed).toEqual(versionedPackages.map((pkg) => pkg.name).sort());

    const lockfile = JSON.parse(readFileSync(join(consumerDir, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string; resolved?: string }>;
    };
    for (const [path, entry] of Object.entries(lockfile.packages)) {
      if (path === "") continue;
      expect(entry.resolved, path).toMatch(new RegExp(`^${url.replace(/[.]/g, "\\.")}`));
    }
    for (const pkg of versionedPackages) {
      expect(lockfile.packages[`node_modules/${pkg.name}`]?.version, pkg.name).toBe(pkg.version);
    }
  });

  it("ESM import computes the expected numbers", () => {
    const { resolved, results } = runConsumerScript("esm.mjs");

    expect(resolved.loss).toMatch(/\/node_modules\/@zae\/loss\/dist\/index\.js$/);
    expect(resolved.lossIou).toMatch(/\/node_modules\/@zae\/loss-iou\/dist\/index\.js$/);
    // Prediction minus target is [0.5, 0, -1, 0.25]: squares sum to 1.3125,
    // mean 0.328125, and the mean's gradient is 2 (p - t) / 4.
    expect(results.mse).toBe(0.328125);
    expect(results.mseSum).toBe(1.3125);
    expect(results.mseWithGrad).toEqual({ value: 0.328125, grad: { type: "Float64Array", shape: [2, 2], data: [0.25, 0, -0.5, 0.125] } });
    expect(results.mseFloat32).toMatchObject({ type: "Float32Array", shape: [2] });
    expect(results.shapeError).toMatchObject({ name: "ZaeShapeError", isZaeError: true });
    expect(results.optionError).toMatchObject({ name: "ZaeOptionError", isZaeError: true });
  });

  it("ESM import computes every loss", () => {
    const { results } = runConsumerScript("esm.mjs");
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

    expect(results.exportsOfLossIou).toEqual(expect.arrayContaining(["GIoU", "GIoUWithGrad", "mIoU"]));
    // Binary cross-entropy of logits [2, -1] against [1, 0]: the mean of
    // softplus(-2) and softplus(-1); the gradient is (sigmoid(x) - y) / 2.
    expectClose(results.crossEntropy, (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2, "crossEntropy");
    const crossEntropyGrad = (results.crossEntropyWithGrad as { grad: { data: number[] } }).grad.data;
    expectClose(crossEntropyGrad[0], (sigmoid(2) - 1) / 2, "crossEntropy grad[0]");
    expectClose(crossEntropyGrad[1], sigmoid(-1) / 2, "crossEntropy grad[1]");
    // Boxes [0, 2] and [5, 7] do not overlap: union 4, hull [0, 7], so
    // GIoU = 0 - 3/7 and the loss is 10/7. With IoU = 0 the loss is 1 - U/H:
    // d/dmin = 1/H = 1/7 and d/dmax = -(H - U)/H^2 = -3/49.
    expectClose(results.giou, 10 / 7, "GIoU");
    const giouGrad = (results.giouWithGrad as { grad: { data: number[] } }).grad.data;
    expectClose(giouGrad[0], 1 / 7, "GIoU grad[0]");
    expectClose(giouGrad[1], -3 / 49, "GIoU grad[1]");
    expect(results.sameGIoU, "@zae/loss and @zae/loss-iou share one copy of GIoU").toBe(true);
    // Classes 0, 1, 2 score 1, 2/3 and 1/2.
    expectClose(results.mIoU, 13 / 18, "mIoU");
    // At angle a = 0.3 from the label's row the margin logit is s cos(a + m);
    // the other row's logit is s cos(pi/2 - a) = s sin(a). Softmax
    // cross-entropy of the label is log(1 + exp(s sin a - s cos(a + m))),
    // here with s = 2 and m = 0.5.
    expectClose(results.arcFaceKnown, Math.log1p(Math.exp(2 * Math.sin(0.3) - 2 * Math.cos(0.8))), "ArcFaceLoss");
    expect(results.arcFace).toMatchObject({
      gradFeatures: { type: "Float64Array", shape: [2, 4] },
      gradWeight: { type: "Float64Array", shape: [3, 4] },
    });
    expect(Number.isFinite((results.arcFace as { value: number }).value)).toBe(true);
    expect(results.invertedBoxError).toMatchObject({ name: "ZaeValueError", isZaeError: true });
    expect(results.labelError).toMatchObject({ name: "ZaeValueError", isZaeError: true });
  });

  it("CJS require matches ESM import", () => {
    const esm = runConsumerScript("esm.mjs");
    const cjs = runConsumerScript("cjs.cjs");

    expect(cjs.resolved.loss).toMatch(/\/node_modules\/@zae\/loss\/dist\/index\.cjs$/);
    expect(cjs.resolved.lossIou).toMatch(/\/node_modules\/@zae\/loss-iou\/dist\/index\.cjs$/);
    expect(asJson(cjs.results)).toEqual(asJson(esm.results));
  });

  it("tsc accepts the typed consumer", () => {
    const result = runCommand(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumerDir, env: consumerEnv, allowFailure: true });

    const output = `${result.stdout}${result.stderr}`;
    expect(output).toBe("");
    expect(result.status, output).toBe(0);
  });

  it("tsc rejects wrong usage", () => {
    const source = readFileSync(join(consumerDir, "wrong-usage.mts"), "utf8").split("\n");
    const expectedLines = source.flatMap((line, index) => (line.includes("// type error expected") ? [index + 1] : []));

    const result = runCommand(process.execPath, [TSC, "-p", "tsconfig.wrong.json"], { cwd: consumerDir, env: consumerEnv, allowFailure: true });
    const reportedLines = [...result.stdout.matchAll(/^wrong-usage\.mts\((\d+),\d+\): error TS\d+/gm)].map((match) => Number(match[1]));

    expect(expectedLines.length).toBeGreaterThan(0);
    expect(result.status).not.toBe(0);
    expect([...new Set(reportedLines)], result.stdout).toEqual(expectedLines);
  });

  it("Chromium computes the same numbers as Node", async () => {
    expect(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} is missing: apt-get install -y chromium`).toBe(true);
    const publicDir = join(consumerDir, "public");
    mkdirSync(publicDir, { recursive: true });
    copyFileSync(join(consumerDir, "index.html"), join(publicDir, "index.html"));
    await build({
      absWorkingDir: consumerDir,
      entryPoints: ["browser-entry.mjs"],
      outfile: join(publicDir, "app.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      logLevel: "silent",
    });
    expect(readdirSync(publicDir).sort()).toEqual(["app.js", "index.html"]);

    const node = runConsumerScript("esm.mjs");
    const server = await serveDirectory(publicDir);
    const userDataDir = mkdtempSync(join(baseDir, "chromium-profile-"));
    try {
      const run = await runPageInChromium(`${server.url}index.html`, userDataDir, "zaeConsumer");

      expect(run.pageErrors).toEqual([]);
      expect(run.blockedRequests).toEqual([]);
      expect(run.value).toMatchObject({ ok: true });
      expectSameResults((run.value as { results: unknown }).results, node.results);
    } finally {
      await server.close();
    }
  });
});
