import { createOutput, matmul, type FloatArray, type TensorData } from "@zae/tensor-utils";
import type { AngularMargin } from "./angular-margin.js";
import type { ArcFaceWorkspace } from "./arc-face-workspace.js";
import { normalizeRowsBackward } from "./normalize-rows-backward.js";
import { transpose } from "./transpose.js";

/** The forward-pass state the backward pass reads; internal to this package. */
export interface ArcFaceForwardState {
  readonly rows: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly labels: ArrayLike<number>;
  readonly ignoreIndex: number | undefined;
  readonly scale: number;
  readonly margin: AngularMargin;
  /** Unclamped label-column cosine per row (NaN for ignored rows). */
  readonly labelCosines: Float64Array;
  readonly unitFeatures: Float64Array;
  /** Unclamped L2 norm of each feature row. */
  readonly featureNorms: Float64Array;
  readonly unitWeight: Float64Array;
  /** Unclamped L2 norm of each weight row. */
  readonly weightNorms: Float64Array;
  /** The features as given, to choose the dtype of their gradient. */
  readonly featureData: TensorData;
}

/** Gradients of a scalar with respect to the features and the weight. */
export interface ArcFaceGradientData {
  /** `[rows, inFeatures]`, Float32Array when the features were float32. */
  readonly features: FloatArray;
  /** `[outFeatures, inFeatures]`, always Float64Array like the stored weight. */
  readonly weight: Float64Array;
}

/**
 * Backpropagates `gradLogits` (dL/dlogits, `[rows, outFeatures]`, float64,
 * overwritten) to the features and the weight.
 *
 * 1. dL/dcos = scale · dL/dlogits, times the margin's slope at the label column.
 * 2. With G = dL/dcos, the normalised rows get dL/dx̂ = G · Ŵ (`matmul`) and
 *    dL/dŴ = Gᵀ · x̂ (`matmul` of the transpose).
 * 3. Both go through the backward of their row normalisation.
 */
export function backpropagateArcFace(
  state: ArcFaceForwardState,
  gradLogits: Float64Array,
  workspace: ArcFaceWorkspace,
): ArcFaceGradientData {
  const { rows, inFeatures, outFeatures, labels, ignoreIndex, scale, margin, labelCosines } = state;

  for (let r = 0; r < rows; r++) {
    const offset = r * outFeatures;
    for (let c = 0; c < outFeatures; c++) gradLogits[offset + c] *= scale;
    if (labels[r] !== ignoreIndex) gradLogits[offset + labels[r]] *= margin.slope(labelCosines[r]);
  }

  const gradUnitFeatures = matmul(
    gradLogits,
    state.unitWeight,
    rows,
    outFeatures,
    inFeatures,
    workspace.gradUnitFeatures(rows * inFeatures),
  );
  normalizeRowsBackward(gradUnitFeatures, state.unitFeatures, state.featureNorms, rows, inFeatures);
  const gradFeatures = createOutput(state.featureData, rows * inFeatures);
  gradFeatures.set(gradUnitFeatures);

  const gradTransposed = transpose(gradLogits, rows, outFeatures, workspace.transposed(outFeatures * rows));
  const gradWeight = matmul(gradTransposed, state.unitFeatures, outFeatures, rows, inFeatures);
  normalizeRowsBackward(gradWeight, state.unitWeight, state.weightNorms, outFeatures, inFeatures);

  return { features: gradFeatures, weight: gradWeight };
}
