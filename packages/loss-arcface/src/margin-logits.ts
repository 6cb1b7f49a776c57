import { matmulTransposeB } from "@zae/tensor-utils";
import type { AngularMargin } from "./angular-margin.js";

/** Inputs of {@link computeMarginLogits} besides the buffers; internal to this package. */
export interface MarginLogitsInput {
  readonly rows: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly labels: ArrayLike<number>;
  readonly ignoreIndex: number | undefined;
  readonly scale: number;
  readonly margin: AngularMargin;
}

/**
 * Writes the ArcFace logits `[rows, outFeatures]` into `out`: the cosine
 * matrix `unitFeatures · unitWeightᵀ` from tensor-utils' `matmulTransposeB`,
 * times `scale`, with the label column replaced by `scale * target(cosine)`.
 * Rows whose label is the ignore index keep the plain scaled cosines.
 *
 * Returns the unclamped label-column cosine of each row (NaN for ignored rows),
 * which is all the backward pass needs from the forward pass besides the
 * normalised rows.
 */
export function computeMarginLogits(
  input: MarginLogitsInput,
  unitFeatures: Float64Array,
  unitWeight: Float64Array,
  out: Float64Array,
): Float64Array {
  const { rows, inFeatures, outFeatures, labels, ignoreIndex, scale, margin } = input;
  matmulTransposeB(unitFeatures, unitWeight, rows, inFeatures, outFeatures, out);

  const labelCosines = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const offset = r * outFeatures;
    const label = labels[r];
    const labelled = label !== ignoreIndex;
    labelCosines[r] = labelled ? out[offset + label] : NaN;
    for (let c = 0; c < outFeatures; c++) out[offset + c] *= scale;
    if (labelled) out[offset + label] = scale * margin.target(labelCosines[r]);
  }
  return labelCosines;
}

/**
 * Returns the unclamped label-column cosine of each row (NaN for ignored
 * rows) without forming the `[rows, outFeatures]` matrix. The dot products
 * also go through `matmulTransposeB`, but one row at a time, so a kernel may
 * sum them in another order than the full product and differ in the last bits.
 */
export function computeLabelCosines(input: MarginLogitsInput, unitFeatures: Float64Array, unitWeight: Float64Array): Float64Array {
  const { rows, inFeatures, labels, ignoreIndex } = input;
  const labelCosines = new Float64Array(rows);
  const cosine = new Float64Array(1);
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (label === ignoreIndex) {
      labelCosines[r] = NaN;
      continue;
    }
    const featureRow = unitFeatures.subarray(r * inFeatures, (r + 1) * inFeatures);
    const weightRow = unitWeight.subarray(label * inFeatures, (label + 1) * inFeatures);
    labelCosines[r] = matmulTransposeB(featureRow, weightRow, 1, inFeatures, 1, cosine)[0];
  }
  return labelCosines;
}
