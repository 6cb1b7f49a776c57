import { ArcFaceLoss, crossEntropyWithGrad } from "@zae/loss";
import { matmul, matmulTransposeB, xavierUniform, type Rng } from "@zae/tensor-utils";
import { CLASS_COUNT } from "./mnist-data.js";
import type { EmbeddingObjective } from "./train-embedding.js";

/** Settings of the ArcFace head: the scale s and the additive angular margin m in radians. */
export interface ArcFaceSettings {
  readonly scale: number;
  readonly margin: number;
}

/**
 * Creates the ArcFace objective: `ArcFaceLoss.lossWithGrad` gives the loss and the
 * gradients for both the embeddings and the class-weight matrix, whose rows
 * Adam updates here and hands back with `setWeight`.
 */
export function createArcFaceObjective(dim: number, settings: ArcFaceSettings, rng: Rng): EmbeddingObjective {
  const seed = Math.floor(rng.next() * 2 ** 32);
  const head = new ArcFaceLoss(dim, CLASS_COUNT, { scale: settings.scale, margin: settings.margin, seed });
  const weight = Float64Array.from(head.weight.data);
  const gradWeight = new Float64Array(weight.length);

  return {
    lossWithGrad(embeddings, labels) {
      const result = head.lossWithGrad({ data: embeddings, shape: [labels.length, dim] }, labels);
      gradWeight.set(result.gradWeight.data);
      return { value: result.value, gradEmbeddings: Float64Array.from(result.gradFeatures.data) };
    },
    parameters: () => [weight],
    gradients: () => [gradWeight],
    afterStep() {
      head.setWeight({ data: weight, shape: [CLASS_COUNT, dim] });
    },
  };
}

/**
 * Creates the baseline objective: a linear classifier `logits = e · W + b` on the embedding,
 * trained with `crossEntropyWithGrad` on one-hot targets. zae-engine's
 * `cross_entropy` is binary cross-entropy on logits, so every class is a
 * one-vs-rest problem and the mean runs over all `rows × 10` entries.
 */
export function createCrossEntropyObjective(dim: number, rng: Rng): EmbeddingObjective {
  const weight = xavierUniform(dim, CLASS_COUNT, rng);
  const bias = new Float64Array(CLASS_COUNT);
  const gradWeight = new Float64Array(weight.length);
  const gradBias = new Float64Array(CLASS_COUNT);

  return {
    lossWithGrad(embeddings, labels) {
      const rows = labels.length;
      const logits = matmul(embeddings, weight, rows, dim, CLASS_COUNT);
      const targets = new Float64Array(rows * CLASS_COUNT);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < CLASS_COUNT; c++) logits[r * CLASS_COUNT + c] += bias[c];
        targets[r * CLASS_COUNT + labels[r]] = 1;
      }
      const shape = [rows, CLASS_COUNT];
      const { value, grad } = crossEntropyWithGrad({ data: logits, shape }, { data: targets, shape });

      // Backward through the linear layer: dW = eᵀ · dLogits, db = Σ_rows dLogits, de = dLogits · Wᵀ.
      const gradLogits = Float64Array.from(grad.data);
      const transposed = new Float64Array(dim * rows);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < dim; k++) transposed[k * rows + r] = embeddings[r * dim + k];
      }
      matmul(transposed, gradLogits, dim, rows, CLASS_COUNT, gradWeight);
      gradBias.fill(0);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < CLASS_COUNT; c++) gradBias[c] += gradLogits[r * CLASS_COUNT + c];
      }
      const gradEmbeddings = matmulTransposeB(gradLogits, weight, rows, CLASS_COUNT, dim);
      return { value, gradEmbeddings };
    },
    parameters: () => [weight, bias],
    gradients: () => [gradWeight, gradBias],
    afterStep() {},
  };
}
