import { createRng } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { createArcFaceObjective, createCrossEntropyObjective } from "../src/objectives.js";
import type { EmbeddingObjective } from "../src/train-embedding.js";
import { trainInBatches } from "../src/train-in-batches.js";

const DIM = 4;
const ROWS = 6;
const LABELS = Int32Array.from([0, 3, 9, 3, 5, 1]);

function embeddingsOf(seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: ROWS * DIM }, () => 2 * rng.next() - 1);
}

/** Checks the objective's gradients for the embeddings and for every head parameter against finite differences. */
function checkGradients(objective: EmbeddingObjective, embeddings: Float64Array): void {
  const { gradEmbeddings } = objective.lossWithGrad(embeddings, LABELS);
  const headGradients = objective.gradients().map((g) => Float64Array.from(g));

  const numericEmbeddings = finiteDifferenceGrad((point) => objective.lossWithGrad(point, LABELS).value, embeddings);
  expectAllClose(gradEmbeddings, numericEmbeddings, 1e-5, 1e-9, "embeddings");

  objective.parameters().forEach((parameter, index) => {
    const numeric = finiteDifferenceGrad((point) => {
      const saved = Float64Array.from(parameter);
      parameter.set(point);
      objective.afterStep();
      const value = objective.lossWithGrad(embeddings, LABELS).value;
      parameter.set(saved);
      objective.afterStep();
      return value;
    }, parameter);
    expectAllClose(headGradients[index], numeric, 1e-5, 1e-9, `head parameter ${index}`);
  });
}

describe("createCrossEntropyObjective", () => {
  it("matches finite differences", () => {
    checkGradients(createCrossEntropyObjective(DIM, createRng(1)), embeddingsOf(2));
  });

  it("leaves the embeddings unchanged", () => {
    const embeddings = embeddingsOf(3);
    const copy = Float64Array.from(embeddings);
    createCrossEntropyObjective(DIM, createRng(1)).lossWithGrad(embeddings, LABELS);
    expect(embeddings).toEqual(copy);
  });
});

describe("createArcFaceObjective", () => {
  it("matches finite differences", () => {
    // A small scale keeps the softmax away from saturation, where differences lose precision.
    checkGradients(createArcFaceObjective(DIM, { scale: 4, margin: 0.3 }, createRng(4)), embeddingsOf(5));
  });

  it("trains the weight it hands to the head", () => {
    const objective = createArcFaceObjective(DIM, { scale: 4, margin: 0.3 }, createRng(4));
    const embeddings = embeddingsOf(6);
    const before = objective.lossWithGrad(embeddings, LABELS).value;
    const [weight] = objective.parameters();
    const [gradWeight] = objective.gradients();
    for (let i = 0; i < weight.length; i++) weight[i] -= 0.05 * gradWeight[i];
    objective.afterStep();
    expect(objective.lossWithGrad(embeddings, LABELS).value).toBeLessThan(before);
  });
});

describe("trainInBatches", () => {
  it("visits every row once per epoch", () => {
    const visits = new Int32Array(10);
    const sizes: number[] = [];
    const epochs: number[] = [];
    const history = trainInBatches({
      label: "test",
      rows: 10,
      epochs: 2,
      batchSize: 4,
      rng: createRng(1),
      progress: null,
      step(batch) {
        sizes.push(batch.length);
        for (const row of batch) visits[row]++;
        return batch.length;
      },
      afterEpoch(epoch) {
        epochs.push(epoch);
        return epoch / 10;
      },
    });
    expect(Array.from(visits)).toEqual(new Array<number>(10).fill(2));
    expect(sizes).toEqual([4, 4, 2, 4, 4, 2]);
    expect(epochs).toEqual([1, 2]);
    expect(history.batchLosses).toEqual(sizes);
    expect(history.epochMetrics).toEqual([0.1, 0.2]);
  });

  it("rejects an empty schedule", () => {
    const schedule = { label: "test", rows: 10, epochs: 1, batchSize: 4, rng: createRng(1), progress: null, step: () => 0 };
    expect(() => trainInBatches({ ...schedule, rows: 0 })).toThrow(/rows must be a positive integer, received 0/);
    expect(() => trainInBatches({ ...schedule, epochs: 0 })).toThrow(/epochs must be a positive integer/);
    expect(() => trainInBatches({ ...schedule, batchSize: 2.5 })).toThrow(/batchSize must be a positive integer, received 2.5/);
  });
});
