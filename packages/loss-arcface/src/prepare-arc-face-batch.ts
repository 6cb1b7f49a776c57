import { ZaeShapeError, checkLabels, formatShape, toTensor, type Tensor, type TensorLike } from "@zae/tensor-utils";

/** A validated batch: features `[rows, inFeatures]` and one label per row; internal to this package. */
export interface ArcFaceBatch {
  readonly features: Tensor;
  readonly labels: ArrayLike<number>;
  readonly rows: number;
}

/**
 * Converts and validates `features` (`[batch, inFeatures]`) and `labels`
 * (`[batch]`, integers in `[0, outFeatures)` or the ignore index). Inputs are
 * read, never copied or mutated, except where `toTensor` must convert them.
 */
export function prepareArcFaceBatch(
  features: TensorLike,
  labels: TensorLike,
  inFeatures: number,
  outFeatures: number,
  ignoreIndex: number | undefined,
  functionName: string,
): ArcFaceBatch {
  const featureTensor = toTensor(features, "features", functionName);
  const { shape } = featureTensor;
  if (shape.length !== 2 || shape[1] !== inFeatures) {
    throw new ZaeShapeError({
      functionName,
      parameter: "features",
      expected: `a [batch, ${inFeatures}] matrix (inFeatures = ${inFeatures})`,
      value: shape,
      received: formatShape(shape),
    });
  }
  const rows = shape[0];

  const labelTensor = toTensor(labels, "labels", functionName);
  if (labelTensor.shape.length !== 1 || labelTensor.shape[0] !== rows) {
    throw new ZaeShapeError({
      functionName,
      parameter: "labels",
      expected: `a vector of ${rows} class indices, one per feature row (shape [${rows}])`,
      value: labelTensor.shape,
      received: formatShape(labelTensor.shape),
    });
  }
  checkLabels(labelTensor.data, "labels", functionName, { numClasses: outFeatures, ignoreIndex });

  return { features: featureTensor, labels: labelTensor.data, rows };
}
