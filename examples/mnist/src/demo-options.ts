import { fileURLToPath } from "node:url";
import type { ProgressStream } from "./progress-bar.js";

/** Settings of {@link runDemo}; every field is optional and defaults to the full demo. */
export interface DemoOptions {
  /** Seed of every random choice (split, initial weights, batch order, noise): an integer in [0, 2³²). Default 1. */
  readonly seed?: number;
  /** Training digits, default 8000. */
  readonly trainSize?: number;
  /** Held-out test digits, default 2000. `trainSize + testSize` must be at most 10,000. */
  readonly testSize?: number;
  /** Epochs of each embedding run (ArcFace and cross-entropy), default 6. */
  readonly embeddingEpochs?: number;
  /** Epochs of each box-regressor run, default 5. */
  readonly boxEpochs?: number;
  /** Epochs of the pixel classifier, default 2. */
  readonly pixelEpochs?: number;
  /** Training digits whose pixels train the pixel classifier, default 500. */
  readonly pixelTrainImages?: number;
  /** Folder for the SVG chart, created when missing. Default `out/` in the example's folder. */
  readonly outDir?: string;
  /** Stream for the progress bars, or `null` for none. Default `process.stderr`. */
  readonly progress?: ProgressStream | null;
}

/** {@link DemoOptions} with every default filled in. */
export type ResolvedDemoOptions = Required<DemoOptions>;

const COUNT_OPTIONS = ["trainSize", "testSize", "embeddingEpochs", "boxEpochs", "pixelEpochs", "pixelTrainImages"] as const;

/** Digits shipped by the `mnist` package. */
const DIGITS_AVAILABLE = 10_000;

/**
 * Fills in the defaults of `options` and checks every value.
 *
 * @throws {TypeError} for an unknown option or a value of the wrong type.
 * @throws {RangeError} for a count that is not a positive integer, a seed
 * outside [0, 2³²) or more digits than the 10,000 available.
 */
export function resolveDemoOptions(options: DemoOptions = {}): ResolvedDemoOptions {
  const defaults: ResolvedDemoOptions = {
    seed: 1,
    trainSize: 8000,
    testSize: 2000,
    embeddingEpochs: 6,
    boxEpochs: 5,
    pixelEpochs: 2,
    pixelTrainImages: 500,
    outDir: fileURLToPath(new URL("../out", import.meta.url)),
    progress: process.stderr,
  };
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new TypeError(`runDemo: unknown option "${key}"; expected one of ${Object.keys(defaults).join(", ")}.`);
    }
  }
  const resolved: ResolvedDemoOptions = { ...defaults, ...options };

  for (const name of COUNT_OPTIONS) {
    const value = resolved[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new RangeError(`runDemo: ${name} must be a positive integer, received ${String(value)}.`);
    }
  }
  if (!Number.isInteger(resolved.seed) || resolved.seed < 0 || resolved.seed >= 2 ** 32) {
    throw new RangeError(`runDemo: seed must be an integer in [0, 2^32), received ${String(resolved.seed)}.`);
  }
  if (resolved.trainSize + resolved.testSize > DIGITS_AVAILABLE) {
    throw new RangeError(
      `runDemo: trainSize + testSize must be at most ${DIGITS_AVAILABLE}, received ${resolved.trainSize} + ${resolved.testSize}.`,
    );
  }
  if (typeof resolved.outDir !== "string" || resolved.outDir === "") {
    throw new TypeError(`runDemo: outDir must be a non-empty string, received ${String(resolved.outDir)}.`);
  }

  return resolved;
}
