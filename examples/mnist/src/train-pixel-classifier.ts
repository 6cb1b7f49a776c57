import { createConfusionMatrix, crossEntropyWithGrad, mIoU } from "@zae/loss";
import { createRng, type Rng } from "@zae/tensor-utils";
import { Adam } from "./adam.js";
import { gatherRows } from "./gather-rows.js";
import { INK_THRESHOLD } from "./ink-box.js";
import { IMAGE_SIDE, IMAGE_SIZE, type DigitSet } from "./mnist-data.js";
import type { ProgressStream } from "./progress-bar.js";
import { trainInBatches, type TrainingHistory } from "./train-in-batches.js";
import { TwoLayerNetwork } from "./two-layer-network.js";

/** Inputs of the classifier per pixel: the pixels of its 3 × 3 neighbourhood. */
const NEIGHBOURHOOD_SIZE = 9;

/** Size, noise and optimiser settings of the pixel-classifier run. */
export interface PixelSettings {
  /** How many training digits supply pixels (784 each). */
  readonly trainImages: number;
  /** Standard deviation of the Gaussian noise added to every pixel. */
  readonly noise: number;
  readonly hiddenSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** Outcome of {@link trainPixelClassifier}. */
export interface PixelResult {
  readonly history: TrainingHistory;
  /** mIoU of the classifier's foreground/background maps on the noisy test digits. */
  readonly testMIoU: number;
  /** mIoU of thresholding each noisy pixel at the ink threshold, the baseline. */
  readonly thresholdMIoU: number;
  /** IoU of the ink class over all test pixels together (a dataset-level confusion matrix), for the classifier. */
  readonly inkIoU: number;
}

/**
 * Trains a per-pixel foreground/background classifier on noisy digits: each
 * pixel's 3 × 3 neighbourhood of the noisy image goes through a 9 → hidden → 1
 * network trained with `crossEntropyWithGrad` against the clean ink mask.
 * Both the classifier and the baseline (thresholding the noisy pixel) are
 * scored with `mIoU` over the background and foreground classes, per test
 * digit and then averaged.
 */
export function trainPixelClassifier(train: DigitSet, test: DigitSet, settings: PixelSettings, progress: ProgressStream | null): PixelResult {
  const rng = createRng(settings.seed);
  const trainImages = Math.min(settings.trainImages, train.count);
  const trainNoisy = addGaussianNoise(train.images.subarray(0, trainImages * IMAGE_SIZE), settings.noise, rng);
  const trainFeatures = neighbourhoodFeatures(trainNoisy, trainImages);
  const trainMasks = inkMasks(train.images, trainImages);
  const testNoisy = addGaussianNoise(test.images, settings.noise, rng);
  const testFeatures = neighbourhoodFeatures(testNoisy, test.count);
  const testMasks = { data: inkMasks(test.images, test.count), shape: [test.count, IMAGE_SIZE] };

  const network = new TwoLayerNetwork(NEIGHBOURHOOD_SIZE, settings.hiddenSize, 1, rng);
  const optimiser = new Adam(network.parameters(), { learningRate: settings.learningRate });
  const predictMasks = (): Int32Array => {
    const logits = network.predict(testFeatures, test.count * IMAGE_SIZE, 8192);
    const predicted = new Int32Array(logits.length);
    for (let i = 0; i < logits.length; i++) predicted[i] = logits[i] > 0 ? 1 : 0;
    return predicted;
  };
  const testMIoUOf = (): number => mIoU({ data: predictMasks(), shape: testMasks.shape }, testMasks);

  const history = trainInBatches({
    label: "Pixel classifier, BCE",
    rows: trainImages * IMAGE_SIZE,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    rng,
    progress,
    step(batch) {
      const logits = network.forward(gatherRows(trainFeatures, NEIGHBOURHOOD_SIZE, batch), batch.length);
      const targets = new Float64Array(batch.length);
      for (let i = 0; i < batch.length; i++) targets[i] = trainMasks[batch[i]];
      const shape = [batch.length, 1];
      const { value, grad } = crossEntropyWithGrad({ data: logits, shape }, { data: targets, shape });
      network.backward(Float64Array.from(grad.data));
      optimiser.step(network.gradients());
      return value;
    },
    afterEpoch: testMIoUOf,
  });

  const thresholded = new Int32Array(testNoisy.length);
  for (let i = 0; i < testNoisy.length; i++) thresholded[i] = testNoisy[i] >= INK_THRESHOLD ? 1 : 0;

  const predicted = predictMasks();
  // The confusion matrix takes the test set in chunks, as a streaming evaluation over a large data set would.
  const confusion = createConfusionMatrix(2);
  const chunk = 100 * IMAGE_SIZE;
  for (let start = 0; start < predicted.length; start += chunk) {
    const end = Math.min(start + chunk, predicted.length);
    confusion.update(predicted.subarray(start, end), testMasks.data.subarray(start, end));
  }

  return {
    history,
    testMIoU: mIoU({ data: predicted, shape: testMasks.shape }, testMasks),
    thresholdMIoU: mIoU({ data: thresholded, shape: testMasks.shape }, testMasks),
    inkIoU: confusion.compute().perClassIoU[1],
  };
}

/** Returns a copy of `images` with independent Gaussian noise (Box–Muller from `rng`) added to every pixel. */
export function addGaussianNoise(images: Float64Array, standardDeviation: number, rng: Rng): Float64Array {
  const noisy = new Float64Array(images.length);
  for (let i = 0; i < images.length; i += 2) {
    // 1 - next() lies in (0, 1], so the logarithm stays finite.
    const radius = standardDeviation * Math.sqrt(-2 * Math.log(1 - rng.next()));
    const angle = 2 * Math.PI * rng.next();
    noisy[i] = images[i] + radius * Math.cos(angle);
    if (i + 1 < images.length) noisy[i + 1] = images[i + 1] + radius * Math.sin(angle);
  }
  return noisy;
}

/**
 * Returns, for every pixel of `count` images, the 9 values of its 3 × 3
 * neighbourhood in row-major order (`[count · 784, 9]`), with zeros outside the image.
 */
export function neighbourhoodFeatures(images: Float64Array, count: number): Float64Array {
  const features = new Float64Array(count * IMAGE_SIZE * NEIGHBOURHOOD_SIZE);
  let out = 0;
  for (let image = 0; image < count; image++) {
    const base = image * IMAGE_SIZE;
    for (let row = 0; row < IMAGE_SIDE; row++) {
      for (let column = 0; column < IMAGE_SIDE; column++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const y = row + dy;
            const x = column + dx;
            const inside = y >= 0 && y < IMAGE_SIDE && x >= 0 && x < IMAGE_SIDE;
            features[out++] = inside ? images[base + y * IMAGE_SIDE + x] : 0;
          }
        }
      }
    }
  }
  return features;
}

/** Returns the clean ink mask (1 for pixels at or above the ink threshold, else 0) of `count` images. */
export function inkMasks(images: Float64Array, count: number): Int32Array {
  const masks = new Int32Array(count * IMAGE_SIZE);
  for (let i = 0; i < masks.length; i++) masks[i] = images[i] >= INK_THRESHOLD ? 1 : 0;
  return masks;
}
