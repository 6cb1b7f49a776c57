import type { Rng } from "@zae/tensor-utils";
import { shuffledIndices } from "./mnist-data.js";
import { ProgressBar, type ProgressStream } from "./progress-bar.js";

/** One training run over a data set, as {@link trainInBatches} performs it. */
export interface TrainingSchedule {
  /** Progress-bar label, e.g. `"ArcFace embedding"`. */
  readonly label: string;
  /** Number of training rows; each epoch visits every row once. */
  readonly rows: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Generator for the order of the rows, drawn anew each epoch. */
  readonly rng: Rng;
  /** Progress output, or `null` for none. */
  readonly progress: ProgressStream | null;
  /** Trains on the rows at `batch` and returns that batch's loss. */
  step(batch: Int32Array): number;
  /** Runs after each epoch (numbered from 1) and returns a metric to record, such as the test accuracy. */
  afterEpoch?(epoch: number): number;
}

/** Losses and metrics recorded by {@link trainInBatches}. */
export interface TrainingHistory {
  /** Loss of every batch, in order. */
  readonly batchLosses: number[];
  /** Value returned by `afterEpoch` for each epoch (empty without `afterEpoch`). */
  readonly epochMetrics: number[];
}

/**
 * Trains for `epochs` passes over shuffled mini-batches (the last batch of an
 * epoch may be smaller) and shows a progress bar with the running loss.
 *
 * @throws {RangeError} when `rows`, `epochs` or `batchSize` is not a positive integer.
 */
export function trainInBatches(schedule: TrainingSchedule): TrainingHistory {
  for (const name of ["rows", "epochs", "batchSize"] as const) {
    const value = schedule[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`trainInBatches: ${name} must be a positive integer, received ${value}.`);
    }
  }
  const { rows, epochs, batchSize } = schedule;
  const batchesPerEpoch = Math.ceil(rows / batchSize);
  const bar = schedule.progress === null ? null : new ProgressBar(schedule.label, epochs * batchesPerEpoch, schedule.progress);

  const batchLosses: number[] = [];
  const epochMetrics: number[] = [];
  let runningLoss = Number.NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffledIndices(rows, schedule.rng);
    for (let start = 0; start < rows; start += batchSize) {
      const loss = schedule.step(order.subarray(start, Math.min(start + batchSize, rows)));
      batchLosses.push(loss);
      // An exponential moving average keeps the displayed loss readable despite batch noise.
      runningLoss = Number.isNaN(runningLoss) ? loss : 0.9 * runningLoss + 0.1 * loss;
      bar?.update(batchLosses.length, `epoch ${epoch}/${epochs} loss ${formatLoss(runningLoss)}`);
    }
    if (schedule.afterEpoch !== undefined) epochMetrics.push(schedule.afterEpoch(epoch));
  }

  bar?.finish(`loss ${formatLoss(runningLoss)}`);
  return { batchLosses, epochMetrics };
}

function formatLoss(value: number): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(4) : value.toExponential(2);
}
