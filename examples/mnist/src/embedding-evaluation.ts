import { computeGramMatrix } from "@zae/loss";
import { matmulTransposeB, rowL2Norms } from "@zae/tensor-utils";
import { CLASS_COUNT } from "./mnist-data.js";

/**
 * Returns the class centres of an embedding: for each class, the mean of the
 * L2-normalised embeddings of its rows, as a `[10, dim]` matrix. A class with
 * no rows gets a zero centre, which no embedding is nearest to by cosine.
 */
export function classCentres(embeddings: Float64Array, labels: Int32Array, dim: number): Float64Array {
  const centres = new Float64Array(CLASS_COUNT * dim);
  addToCentreSums(centres, embeddings, labels, dim);

  const counts = new Int32Array(CLASS_COUNT);
  for (const label of labels) counts[label]++;
  for (let c = 0; c < CLASS_COUNT; c++) {
    if (counts[c] === 0) continue;
    for (let k = 0; k < dim; k++) centres[c * dim + k] /= counts[c];
  }
  return centres;
}

/**
 * Adds each L2-normalised embedding row to the row of `sums` (`[10, dim]`) of
 * its label. The sums point the same way as the class means, which is all a
 * cosine comparison needs.
 */
export function addToCentreSums(sums: Float64Array, embeddings: Float64Array, labels: Int32Array, dim: number): void {
  const norms = rowL2Norms(embeddings, labels.length, dim);
  for (let r = 0; r < labels.length; r++) {
    const offset = labels[r] * dim;
    for (let k = 0; k < dim; k++) sums[offset + k] += embeddings[r * dim + k] / norms[r];
  }
}

/**
 * Returns the fraction of rows whose nearest class centre by cosine similarity
 * is their own class. Ties go to the lower class index.
 */
export function nearestCentreAccuracy(embeddings: Float64Array, labels: Int32Array, dim: number, centres: Float64Array): number {
  const rows = labels.length;
  if (rows === 0) return 0;

  // Each row's own norm scales all its cosines alike, so dividing the dot
  // products by the centre norms alone gives the same argmax.
  const centreNorms = rowL2Norms(centres, CLASS_COUNT, dim);
  const dots = matmulTransposeB(embeddings, centres, rows, dim, CLASS_COUNT);
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const score = dots[r * CLASS_COUNT + c] / centreNorms[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best === labels[r]) correct++;
  }

  return correct / rows;
}

/**
 * Returns the mean cosine between two different class centres, from
 * `computeGramMatrix` of the `[10, dim]` centres: near 1 when the classes
 * collapse onto one direction, near 0 or below when they are well separated.
 */
export function meanOffDiagonalCosine(centres: Float64Array, dim: number): number {
  const gram = computeGramMatrix({ data: centres, shape: [CLASS_COUNT, dim] }, false);
  let sum = 0;
  for (let i = 0; i < CLASS_COUNT; i++) {
    for (let j = 0; j < CLASS_COUNT; j++) {
      if (i !== j) sum += gram.data[i * CLASS_COUNT + j];
    }
  }
  return sum / (CLASS_COUNT * (CLASS_COUNT - 1));
}
