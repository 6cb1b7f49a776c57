/* global console, performance, process -- a Node script, outside the browser-safe library source */
// Times one ArcFaceLoss.lossWithGrad (forward and backward) on a batch of
// features [256, 512] against 10,000 classes, the size of a face-recognition
// head. Run `pnpm --filter @zae/loss-arcface build` first, then
// `node packages/loss-arcface/bench/forward-backward.mjs [rows] [inFeatures] [classes] [repeats] [kernels]`,
// where kernels is a tensor-utils kernel mode: "auto" (default), "wasm" or "js".
// It prints the median wall time of `repeats` runs after one warm-up run, and
// the mean CPU time (user + system) per run, which depends less on other load.
import { createRng, setKernelMode } from "@zae/tensor-utils";
import { ArcFaceLoss } from "../dist/index.js";

const [rows = 256, inFeatures = 512, classes = 10000, repeats = 3] = process.argv.slice(2, 6).map(Number);
const kernels = process.argv[6] ?? "auto";
setKernelMode(kernels);

const rng = createRng(1);
const features = new Float32Array(rows * inFeatures);
for (let i = 0; i < features.length; i++) features[i] = 2 * rng.next() - 1;
const labels = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * classes));
const head = new ArcFaceLoss(inFeatures, classes, { seed: 2 });
const batch = { data: features, shape: [rows, inFeatures] };

head.lossWithGrad(batch, labels);
const times = [];
const cpuStart = process.cpuUsage();
for (let run = 0; run < repeats; run++) {
  const start = performance.now();
  head.lossWithGrad(batch, labels);
  times.push(performance.now() - start);
}
const cpu = process.cpuUsage(cpuStart);
const cpuPerRun = (cpu.user + cpu.system) / 1000 / repeats;
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`lossWithGrad features [${rows}, ${inFeatures}], ${classes} classes, ${kernels} kernels: median ${median.toFixed(0)} ms over ${repeats} runs (${times.map((t) => t.toFixed(0)).join(", ")}), CPU ${cpuPerRun.toFixed(0)} ms per run`);
