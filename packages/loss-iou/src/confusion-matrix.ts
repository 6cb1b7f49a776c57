import {
  ZaeOptionError,
  ZaeValueError,
  assertSameShape,
  checkOptions,
  toTensor,
  type TensorData,
  type TensorLike,
} from "@zae/tensor-utils";
import { checkIgnoreIndex, checkNumClasses, rejectLabel } from "./label-options.js";

const OPTION_KEYS = ["ignoreIndex"] as const;

// Positions counted into the 32-bit scratch before it is added to the totals,
// so no scratch cell can overflow whatever the size of one update.
const CHUNK = 2 ** 30;

/** Options of {@link ConfusionMatrix} and `createConfusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** Positions whose target equals this are not counted, and this class is not averaged. */
  readonly ignoreIndex?: number;
}

/** Serialised form of a {@link ConfusionMatrix}, as `toJSON()` returns and `fromJSON()` reads. */
export interface ConfusionMatrixJSON {
  readonly numClasses: number;
  readonly ignoreIndex: number | null;
  /** Row-major `[numClasses, numClasses]` counts: `counts[t * numClasses + p]` positions of target t predicted as p. */
  readonly counts: readonly number[];
}

/** Result of {@link ConfusionMatrix.compute}. */
export interface ConfusionMatrixScores {
  /** IoU of each class; NaN for a class absent from both predictions and targets, and for the ignored class. */
  readonly perClassIoU: Float64Array;
  /** Mean of the per-class IoU over classes that are present and not ignored; 1 when there is none. */
  readonly meanIoU: number;
}

/**
 * A confusion-matrix accumulator for streaming segmentation evaluation: count
 * label maps batch by batch, merge accumulators from other workers, and read
 * the dataset-level IoU per class and its mean.
 *
 * Counts are exact integers: each update counts in one pass into a 32-bit
 * integer array at index `target * numClasses + pred`, then adds it to float64
 * totals that stay exact up to 2^53 positions per cell. So merging partial
 * results, in any order, gives the same counts as a single pass.
 *
 * The dataset mIoU pools all positions before dividing, so it differs from
 * {@link mIoU}, which averages the per-sample scores.
 *
 * @example
 * const matrix = new ConfusionMatrix(3);
 * matrix.update([0, 1, 1, 2, 2], [0, 1, 1, 2, 1]);
 * matrix.compute().meanIoU; // 0.7222
 */
export class ConfusionMatrix {
  /** Number of classes: labels are integers in [0, numClasses). */
  readonly numClasses: number;
  /** Target label that is not counted, or undefined. */
  readonly ignoreIndex: number | undefined;
  private readonly totals: Float64Array;
  private readonly scratch: Uint32Array;

  /**
   * @param numClasses - number of classes, a positive integer.
   * @param options - `ignoreIndex`.
   * @throws {ZaeOptionError} for a `numClasses` that is not a positive integer or too large to allocate, a non-integer `ignoreIndex`, or an unknown option.
   */
  constructor(numClasses: number, options?: ConfusionMatrixOptions) {
    const checked = checkOptions(options, OPTION_KEYS, "ConfusionMatrix");
    this.numClasses = checkNumClasses(numClasses, "numClasses", "ConfusionMatrix", false) as number;
    this.ignoreIndex = checkIgnoreIndex(checked.ignoreIndex, "options.ignoreIndex", "ConfusionMatrix");
    const cells = this.numClasses * this.numClasses;
    try {
      this.totals = new Float64Array(cells);
      this.scratch = new Uint32Array(cells);
    } catch (error) {
      // A RangeError here means numClasses² cells exceed the typed-array length limit or memory.
      if (!(error instanceof RangeError)) throw error;
      throw new ZaeOptionError({
        functionName: "ConfusionMatrix",
        parameter: "numClasses",
        expected: "small enough for a numClasses × numClasses count matrix",
        value: numClasses,
        hint: `Allocating ${cells} cells failed: ${error.message}.`,
      });
    }
  }

  /**
   * Counts one batch of label maps of equal shape (any shape; all positions
   * are pooled). Positions whose target is the ignore index are skipped.
   * Nothing is counted when the batch contains an invalid label.
   *
   * @returns this accumulator, for chaining.
   * @throws {ZaeShapeError} when the shapes differ.
   * @throws {ZaeValueError} for a label outside [0, numClasses), a non-integer or NaN (the target may also hold the ignore index).
   */
  update(pred: TensorLike, target: TensorLike): this {
    const predTensor = toTensor(pred, "pred", "ConfusionMatrix.update");
    const targetTensor = toTensor(target, "true", "ConfusionMatrix.update");
    assertSameShape(predTensor, "pred", targetTensor, "true", "ConfusionMatrix.update");

    const length = predTensor.data.length;
    // One chunk is validated while counting; several are validated first, so an invalid
    // label in a later chunk cannot leave the earlier chunks counted.
    if (length > CHUNK) this.validate(predTensor.data, targetTensor.data);
    try {
      for (let start = 0; start < length; start += CHUNK) {
        this.countChunk(predTensor.data, targetTensor.data, start, Math.min(start + CHUNK, length));
        this.foldScratch();
      }
    } catch (error) {
      this.scratch.fill(0);
      throw error;
    }
    return this;
  }

  /**
   * Adds the counts of `other`, which must have the same `numClasses` and
   * `ignoreIndex`. Merging is exact, so the order of merges does not matter.
   *
   * @returns this accumulator, for chaining.
   * @throws {ZaeOptionError} when `other` is not a ConfusionMatrix or its settings differ.
   */
  merge(other: ConfusionMatrix): this {
    if (!(other instanceof ConfusionMatrix) || other.numClasses !== this.numClasses || other.ignoreIndex !== this.ignoreIndex) {
      throw new ZaeOptionError({
        functionName: "ConfusionMatrix.merge",
        parameter: "other",
        expected: `a ConfusionMatrix with numClasses ${this.numClasses} and ignoreIndex ${String(this.ignoreIndex)}`,
        value: other,
        received:
          other instanceof ConfusionMatrix
            ? `numClasses ${other.numClasses} and ignoreIndex ${String(other.ignoreIndex)}`
            : undefined,
      });
    }

    const totals = this.totals;
    const otherTotals = other.totals.slice();
    for (let i = 0; i < totals.length; i++) totals[i] += otherTotals[i];
    return this;
  }

  /**
   * Computes the IoU of each class, |P ∩ T| / |P ∪ T| over all counted
   * positions, and their mean over the classes that occur in a prediction or
   * a target (the ignored class excluded). With no such class the mean is 1,
   * as for {@link mIoU} on a sample whose maps are both empty.
   */
  compute(): ConfusionMatrixScores {
    const n = this.numClasses;
    const totals = this.totals;
    const perClassIoU = new Float64Array(n);
    let sum = 0;
    let present = 0;
    for (let c = 0; c < n; c++) {
      let targetCount = 0;
      let predCount = 0;
      for (let other = 0; other < n; other++) {
        targetCount += totals[c * n + other];
        predCount += totals[other * n + c];
      }
      const match = totals[c * n + c];
      const union = targetCount + predCount - match;
      if (union === 0 || c === this.ignoreIndex) {
        perClassIoU[c] = NaN;
        continue;
      }
      perClassIoU[c] = match / union;
      sum += perClassIoU[c];
      present++;
    }

    return { perClassIoU, meanIoU: present === 0 ? 1 : sum / present };
  }

  /** Returns the counts and settings as plain JSON data, for `fromJSON` in another thread or process. */
  toJSON(): ConfusionMatrixJSON {
    return {
      numClasses: this.numClasses,
      ignoreIndex: this.ignoreIndex ?? null,
      counts: Array.from(this.totals),
    };
  }

  /**
   * Rebuilds an accumulator from the output of {@link ConfusionMatrix.toJSON}
   * (also after `JSON.stringify` and `JSON.parse`).
   *
   * @throws {ZaeValueError} when `json` is not an object with a positive integer `numClasses`, an integer or null `ignoreIndex`, and `numClasses²` non-negative integer counts.
   */
  static fromJSON(json: unknown): ConfusionMatrix {
    const fail = (parameter: string, expected: string, value: unknown): never => {
      throw new ZaeValueError({ functionName: "ConfusionMatrix.fromJSON", parameter, expected, value });
    };
    if (typeof json !== "object" || json === null) fail("json", "an object from ConfusionMatrix.toJSON()", json);
    const record = json as Record<string, unknown>;
    const { numClasses, ignoreIndex, counts } = record;
    if (typeof numClasses !== "number" || !Number.isSafeInteger(numClasses) || numClasses <= 0) {
      fail("json.numClasses", "a positive integer", numClasses);
    }
    if (ignoreIndex !== null && !(typeof ignoreIndex === "number" && Number.isSafeInteger(ignoreIndex))) {
      fail("json.ignoreIndex", "an integer or null", ignoreIndex);
    }
    const size = (numClasses as number) ** 2;
    if (!Array.isArray(counts) || counts.length !== size) {
      fail("json.counts", `an array of ${size} counts (numClasses²)`, counts);
    }

    const matrix = new ConfusionMatrix(
      numClasses as number,
      ignoreIndex === null ? undefined : { ignoreIndex: ignoreIndex as number },
    );
    const values = counts as unknown[];
    for (let i = 0; i < size; i++) {
      const count = values[i];
      if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
        fail(`json.counts[${i}]`, "a non-negative integer", count);
      }
      matrix.totals[i] = count as number;
    }
    return matrix;
  }

  /** Counts positions [start, end) into the scratch array, validating each label in the same pass. */
  private countChunk(pred: TensorData, target: TensorData, start: number, end: number): void {
    const n = this.numClasses;
    const ignoreIndex = this.ignoreIndex;
    const scratch = this.scratch;
    for (let i = start; i < end; i++) {
      const t = target[i];
      if (t === ignoreIndex) continue;
      const p = pred[i];
      // `x >>> 0 === x` is true exactly for integers in [0, 2^32), so NaN, negatives and fractions fail it.
      if (!(t >>> 0 === t && t < n)) rejectLabel("ConfusionMatrix.update", "true", i, t, n, ignoreIndex);
      if (!(p >>> 0 === p && p < n)) rejectLabel("ConfusionMatrix.update", "pred", i, p, n, undefined);
      scratch[t * n + p]++;
    }
  }

  /** Throws for the first invalid label without counting anything. */
  private validate(pred: TensorData, target: TensorData): void {
    const n = this.numClasses;
    for (let i = 0; i < target.length; i++) {
      const t = target[i];
      const p = pred[i];
      if (t !== this.ignoreIndex && !(t >>> 0 === t && t < n)) rejectLabel("ConfusionMatrix.update", "true", i, t, n, this.ignoreIndex);
      if (t !== this.ignoreIndex && !(p >>> 0 === p && p < n)) rejectLabel("ConfusionMatrix.update", "pred", i, p, n, undefined);
    }
  }

  /** Adds the scratch counts to the totals and clears the scratch. */
  private foldScratch(): void {
    const totals = this.totals;
    const scratch = this.scratch;
    for (let i = 0; i < totals.length; i++) totals[i] += scratch[i];
    scratch.fill(0);
  }
}
