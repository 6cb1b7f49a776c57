import { createRng, type Rng } from "@zae/tensor-utils";
import { Adam } from "./adam.js";
import { addToCentreSums, classCentres, meanOffDiagonalCosine, nearestCentreAccuracy } from "./embedding-evaluation.js";
import { gatherLabels, gatherRows } from "./gather-rows.js";
import { CLASS_COUNT, IMAGE_SIZE, type DigitSet } from "./mnist-data.js";
import type { ProgressStream } from "./progress-bar.js";
import { trainInBatches, type TrainingHistory } from "./train-in-batches.js";
import { TwoLayerNetwork } from "./two-layer-network.js";

/** Size and optimiser settings of an embedding run. */
export interface EmbeddingSettings {
  readonly hiddenSize: number;
  readonly embeddingSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * A training objective on top of the embedding: a loss with its own
 * trainable head (the ArcFace class weights or a linear classifier).
 */
export interface EmbeddingObjective {
  /** Returns the batch loss and its gradient with respect to the `[rows, dim]` embeddings, and fills the head gradients. */
  lossWithGrad(embeddings: Float64Array, labels: Int32Array): { value: number; gradEmbeddings: Float64Array };
  /** Trainable arrays of the head, in the order of {@link gradients}. */
  parameters(): Float64Array[];
  gradients(): Float64Array[];
  /** Runs after each optimiser step, for heads that keep their own copy of the weights. */
  afterStep(): void;
}

/** Outcome of {@link trainEmbedding}. */
export interface EmbeddingResult {
  readonly history: TrainingHistory;
  /** Nearest-class-centre accuracy by cosine on the test digits after the last epoch. */
  readonly testAccuracy: number;
  /** Mean cosine between two different class centres (from the Gram matrix of the centres). */
  readonly meanOffDiagonalCosine: number;
  readonly network: TwoLayerNetwork;
}

/**
 * Trains a 784 → hidden → embedding network with Adam and the objective that
 * `createObjective` returns. After each epoch it scores the test digits by
 * their nearest class centre by cosine, where a centre is the mean of the
 * normalised training embeddings of a class. The network starts from
 * `settings.seed`, so every objective given the same settings starts from the
 * same weights and trains on the batches in the same order.
 */
export function trainEmbedding(
  label: string,
  train: DigitSet,
  test: DigitSet,
  settings: EmbeddingSettings,
  createObjective: (rng: Rng) => EmbeddingObjective,
  progress: ProgressStream | null,
): EmbeddingResult {
  // Separate generators for the network, the head and the batch order, so a
  // head that draws more random numbers does not change the other two.
  const network = new TwoLayerNetwork(IMAGE_SIZE, settings.hiddenSize, settings.embeddingSize, createRng(settings.seed));
  const objective = createObjective(createRng(settings.seed + 1));
  const optimiser = new Adam([...network.parameters(), ...objective.parameters()], { learningRate: settings.learningRate });
  const gradients = [...network.gradients(), ...objective.gradients()];
  const dim = settings.embeddingSize;

  // The per-epoch accuracy uses class centres summed from the embeddings that
  // the forward passes of that epoch computed anyway. The weights change during
  // the epoch, so these centres lag slightly behind the final weights.
  const runningCentres = new Float64Array(CLASS_COUNT * dim);

  const history = trainInBatches({
    label,
    rows: train.count,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    rng: createRng(settings.seed + 2),
    progress,
    step(batch) {
      const labels = gatherLabels(train.labels, batch);
      const embeddings = network.forward(gatherRows(train.images, IMAGE_SIZE, batch), batch.length);
      addToCentreSums(runningCentres, embeddings, labels, dim);
      const { value, gradEmbeddings } = objective.lossWithGrad(embeddings, labels);
      network.backward(gradEmbeddings);
      optimiser.step(gradients);
      objective.afterStep();
      return value;
    },
    afterEpoch() {
      const accuracy = nearestCentreAccuracy(network.predict(test.images, test.count), test.labels, dim, runningCentres);
      runningCentres.fill(0);
      return accuracy;
    },
  });

  // The reported numbers use centres recomputed with the final weights from every training digit.
  const centres = classCentres(network.predict(train.images, train.count), train.labels, dim);
  const accuracy = nearestCentreAccuracy(network.predict(test.images, test.count), test.labels, dim, centres);
  return { history, testAccuracy: accuracy, meanOffDiagonalCosine: meanOffDiagonalCosine(centres, dim), network };
}
