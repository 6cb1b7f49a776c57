#!/usr/bin/env node
// Benchmarks the @zae losses against TensorFlow.js (CPU and WebAssembly
// backends) and PyTorch (one thread) on the same seeded float32 inputs, in one
// run. Prints a table of medians, ratios and relative errors against a float64
// reference computed here, and writes bench/results/latest.json.
//
// Usage: node bench/run.mjs [--quick] [--only TEXT] [--skip-torch]
//   --quick       small sizes and few runs: checks the harness, not the speed
//   --only TEXT   runs only the workloads whose name contains TEXT
//   --skip-torch  does not start the PyTorch subprocess
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { createRequire, register } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { createInputs } from "./lib/inputs.mjs";
import { measure, relativeError, relativeErrorOfParts } from "./lib/stats.mjs";
import { defineWorkloads } from "./lib/workloads.mjs";

const PYTHON = "/usr/bin/python3";
const SEED = 20241204;
const MIN_RUNS = 7;

// `pnpm bench -- --quick` passes the "--" through; it is dropped here.
const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "--"));
const { values: args } = parseArgs({
  args: argv,
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "skip-torch": { type: "boolean", default: false },
  },
});

const startedAt = new Date();
const benchDir = import.meta.dirname;
// Seeds follow the full list, so --only does not change a workload's inputs.
const allWorkloads = defineWorkloads(args.quick).map((workload, index) => ({ ...workload, seed: SEED + index }));
const workloads = allWorkloads.filter((w) => !args.only || w.name.includes(args.only));
const zaeModules = await loadZaeModules();
const tf = await loadTfjs();
const records = [];
const tempDir = mkdtempSync(join(tmpdir(), "zae-bench-"));
const torchInput = { file: join(tempDir, "inputs.bin"), offset: 0, workloads: [] };
const torchInputFd = openSync(torchInput.file, "w");

const memoryFloorMs = await measureMemoryFloor();
console.log(`memory floor: copying 40 MB (40 MB read, 40 MB written) takes ${memoryFloorMs.toFixed(2)} ms, the traffic of reading two 1e7-element float32 arrays`);
console.log(`node ${process.version}, ${workloads.length} workloads${args.quick ? " (quick mode)" : ""}, load average ${loadavg().map((value) => value.toFixed(2)).join(", ")}`);
for (const workload of workloads) {
  const data = workload.make(createInputs(workload.seed));
  const reference = workload.reference(data);
  workload.referenceResult = reference;
  console.log(`\n${workload.name}`);

  const zaeSetup = workload.zae(zaeModules);
  if (zaeSetup) {
    await timeEngine(workload, "zae", zaeSetup(data), reference);
  } else {
    console.log("  zae        not available (the package does not export it yet)");
  }

  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    await tf.ready();
    const { run, dispose } = workload.tfjs(tf, data);
    await timeEngine(workload, `tfjs-${backend}`, run, reference);
    dispose();
  }

  if (!args["skip-torch"]) appendTorchInputs(workload, data);
}
closeSync(torchInputFd);

if (args["skip-torch"]) {
  console.log("\ntorch skipped (--skip-torch)");
} else {
  runTorch();
}
rmSync(tempDir, { recursive: true, force: true });

const tableLines = printTable();
mkdirSync(join(benchDir, "results"), { recursive: true });
const resultsName = args.quick ? "quick" : "latest";
const resultsFile = join(benchDir, "results", `${resultsName}.json`);
writeFileSync(resultsFile, `${JSON.stringify(records, null, 2)}\n`);
// The same table as Markdown, with the machine it ran on, for BENCHMARKS.md.
const load = loadavg().map((value) => value.toFixed(2)).join(", ");
const machine = `${cpus()[0].model}, ${cpus().length} logical CPUs; Node ${process.version}; load average at the end ${load}; copying 40 MB took ${memoryFloorMs.toFixed(2)} ms`;
writeFileSync(join(benchDir, "results", `${resultsName}.md`), [`Run ${startedAt.toISOString()}: ${machine}`, "", ...tableLines, ""].join("\n"));
console.log(`\n${machine}\nwrote ${resultsFile} and ${resultsName}.md`);

/** Returns the median time of copying one 1e7-element Float32Array into another. */
async function measureMemoryFloor() {
  const source = new Float32Array(1e7).fill(1);
  const target = new Float32Array(1e7);
  const { medianMs } = await measure(() => target.set(source), { warmup: 3, runs: 3 * MIN_RUNS });
  return medianMs;
}

/** Warms up and times one engine on one workload, then records the median and the error. */
async function timeEngine(workload, engine, run, reference) {
  let result;
  try {
    const first = performance.now();
    await run();
    const firstMs = performance.now() - first;
    // Fast workloads get more warm-up and more runs so the median is stable.
    let warmup = firstMs < 200 ? 3 : 1;
    let runs = firstMs < 50 ? 3 * MIN_RUNS : MIN_RUNS;
    if (args.quick) {
      warmup = 0;
      runs = MIN_RUNS;
    }
    result = await measure(run, { warmup, runs });
  } catch (error) {
    console.log(`  ${engine.padEnd(10)} failed: ${error.message}`);
    return;
  }
  const error = Array.isArray(reference)
    ? relativeErrorOfParts(result.output, reference)
    : relativeError(result.output, reference);
  records.push({ workload: workload.name, engine, median_ms: round(result.medianMs), rel_error: error });
  console.log(`  ${engine.padEnd(10)} ${result.medianMs.toFixed(2).padStart(10)} ms   rel error ${error.toExponential(2)}${describeParts(result.output, reference)}`);
}

function appendTorchInputs(workload, data) {
  const arrays = {};
  for (const name of workload.torch.arrays) {
    const array = data[name];
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    writeSync(torchInputFd, bytes);
    arrays[name] = {
      offset: torchInput.offset,
      length: array.length,
      dtype: array instanceof Int32Array ? "int32" : "float32",
    };
    torchInput.offset += bytes.length;
  }
  torchInput.workloads.push({ ...workload.torch, name: workload.name, arrays, warmup: args.quick ? 0 : 2 });
}

/** Runs every workload in one PyTorch subprocess with one thread, or prints why it is skipped. */
function runTorch() {
  const probe = spawnSync(PYTHON, ["-c", "import torch, torchvision"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    console.log(`\ntorch skipped: ${PYTHON} cannot import torch and torchvision (${probe.error?.message ?? probe.stderr.trim().split("\n").at(-1)})`);
    return;
  }
  const manifest = {
    data_file: torchInput.file,
    outputs_file: join(tempDir, "outputs.bin"),
    summary_file: join(tempDir, "summary.json"),
    runs: MIN_RUNS,
    workloads: torchInput.workloads,
  };
  const manifestFile = join(tempDir, "manifest.json");
  writeFileSync(manifestFile, JSON.stringify(manifest));
  console.log("\ntorch: running all workloads in one subprocess");
  const result = spawnSync(PYTHON, [join(benchDir, "torch_bench.py"), manifestFile], { stdio: "inherit" });
  if (result.status !== 0) {
    console.log(`torch failed with exit code ${result.status}; its rows are missing`);
    return;
  }
  const summary = JSON.parse(readFileSync(manifest.summary_file, "utf8"));
  const outputs = readFileSync(manifest.outputs_file);
  console.log(`torch ${summary.torch_version}, ${summary.threads} thread`);
  for (const entry of summary.results) {
    const workload = workloads.find((w) => w.name === entry.name);
    const parts = entry.parts.map(({ offset, length, scalar }) => {
      const values = new Float64Array(outputs.buffer.slice(outputs.byteOffset + offset, outputs.byteOffset + offset + 8 * length));
      return scalar ? values[0] : values;
    });
    const reference = workload.referenceResult;
    const error = Array.isArray(reference) ? relativeErrorOfParts(parts, reference) : relativeError(parts[0], reference);
    records.push({ workload: entry.name, engine: "torch", median_ms: round(entry.median_ms), rel_error: error });
    console.log(`  torch ${entry.name}: ${entry.median_ms.toFixed(2)} ms, rel error ${error.toExponential(2)}${describeParts(parts, reference)}`);
  }
}

/** Prints the results table as Markdown and returns its lines. */
function printTable() {
  const header = ["workload", "engine", "median ms", "zae / engine", "rel error", "GFLOP/s"];
  const rows = [];
  for (const workload of workloads) {
    const ours = records.find((r) => r.workload === workload.name && r.engine === "zae");
    for (const record of records.filter((r) => r.workload === workload.name)) {
      const ratio = ours && record.engine !== "zae" ? (ours.median_ms / record.median_ms).toFixed(3) : "";
      const gflops = workload.flops ? (workload.flops / record.median_ms / 1e6).toFixed(1) : "";
      rows.push([workload.name, record.engine, record.median_ms.toFixed(2), ratio, record.rel_error.toExponential(2), gflops]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  const lines = [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)];
  console.log(`\n${lines.join("\n")}`);
  return lines;
}

/** For multi-part outputs (loss and gradients), lists the error of each part. */
function describeParts(output, reference) {
  if (!Array.isArray(reference)) return "";
  const parts = reference.map((part, i) => relativeError(output?.[i], part).toExponential(2));
  return ` (parts: ${parts.join(", ")})`;
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

/** Imports each @zae package that is built; a missing one leaves its workloads "not available". */
async function loadZaeModules() {
  const load = async (name) => {
    try {
      return await import(name);
    } catch (error) {
      console.log(`${name} not loaded: ${error.message.split("\n")[0]}`);
      return undefined;
    }
  };
  return {
    core: await load("@zae/loss-core"),
    regression: await load("@zae/loss-regression"),
    iou: await load("@zae/loss-iou"),
    arcface: await load("@zae/loss-arcface"),
  };
}

/**
 * Loads TF.js core with both backends through their Node (CommonJS) builds and
 * registers the gradient functions. The WebAssembly binaries come from the
 * installed package, so nothing is downloaded.
 */
async function loadTfjs() {
  const require = createRequire(import.meta.url);
  const tfjs = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  const wasmDist = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  wasm.setWasmPaths(`${wasmDist}/`);
  wasm.setThreadsCount?.(1);
  register("./lib/tfjs-gradients-loader.mjs", import.meta.url);
  await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  return tfjs;
}
