import { GIoUWithGrad, IoU, mseWithGrad } from "@zae/loss";
import { createRng } from "@zae/tensor-utils";
import { Adam } from "./adam.js";
import { boxGradToOutputs, outputsToBoxes } from "./box-parameterization.js";
import { gatherRows } from "./gather-rows.js";
import { inkBoxes } from "./ink-box.js";
import { IMAGE_SIZE, type DigitSet } from "./mnist-data.js";
import type { ProgressStream } from "./progress-bar.js";
import { trainInBatches, type TrainingHistory } from "./train-in-batches.js";
import { TwoLayerNetwork } from "./two-layer-network.js";

/** The loss a box regressor trains with. */
export type BoxLoss = "giou" | "mse";

/** Size and optimiser settings of a box-regressor run. */
export interface BoxSettings {
  readonly hiddenSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** Outcome of {@link trainBoxRegressor}. */
export interface BoxResult {
  readonly history: TrainingHistory;
  /** Mean IoU between predicted and ink boxes on the test digits after the last epoch. */
  readonly testMeanIoU: number;
}

/**
 * Trains a 784 → hidden → 4 network to predict the ink bounding box of each
 * digit, with the GIoU loss (`GIoUWithGrad`, target boxes first) or the mean
 * squared error of the coordinates (`mseWithGrad`). Both start from the same
 * weights and batches for a given seed, so only the loss differs.
 */
export function trainBoxRegressor(
  loss: BoxLoss,
  train: DigitSet,
  test: DigitSet,
  settings: BoxSettings,
  progress: ProgressStream | null,
): BoxResult {
  const rng = createRng(settings.seed);
  const network = new TwoLayerNetwork(IMAGE_SIZE, settings.hiddenSize, 4, rng);
  const optimiser = new Adam(network.parameters(), { learningRate: settings.learningRate });
  const trainBoxes = inkBoxes(train.images, train.count);
  const testBoxes = inkBoxes(test.images, test.count);

  const history = trainInBatches({
    label: loss === "giou" ? "Box regressor, GIoU" : "Box regressor, MSE",
    rows: train.count,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    rng,
    progress,
    step(batch) {
      const outputs = network.forward(gatherRows(train.images, IMAGE_SIZE, batch), batch.length);
      const shape = [batch.length, 4];
      const predicted = { data: outputsToBoxes(outputs), shape };
      const target = { data: gatherRows(trainBoxes, 4, batch), shape };
      const { value, grad } = loss === "giou" ? GIoUWithGrad(target, predicted) : mseWithGrad(target, predicted);
      network.backward(boxGradToOutputs(outputs, grad.data));
      optimiser.step(network.gradients());
      return value;
    },
    afterEpoch: () => meanIoU(network, test, testBoxes),
  });

  return { history, testMeanIoU: meanIoU(network, test, testBoxes) };
}

function meanIoU(network: TwoLayerNetwork, set: DigitSet, boxes: Float64Array): number {
  const shape = [set.count, 4];
  const predicted = { data: outputsToBoxes(network.predict(set.images, set.count)), shape };
  // IoU returns the loss 1 - IoU, averaged over the boxes.
  return 1 - IoU(predicted, { data: boxes, shape });
}
