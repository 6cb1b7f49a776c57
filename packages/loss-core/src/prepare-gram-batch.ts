import { formatShape, toTensor, ZaeOptionError, ZaeShapeError, type Tensor, type TensorLike } from "@zae/tensor-utils";

/** Validated `batch` and `reduce` of the Gram matrix functions. */
export interface GramInputs {
  readonly batch: Tensor;
  /** Number of rows B. */
  readonly rows: number;
  /** Number of columns N. */
  readonly cols: number;
  readonly reduce: boolean;
}

/** Converts and validates `batch` and `reduce` for `computeGramMatrix` and `computeGramMatrixWithGrad`. */
export function prepareGramBatch(batch: TensorLike, reduce: unknown, functionName: string): GramInputs {
  if (reduce !== undefined && typeof reduce !== "boolean") {
    throw new ZaeOptionError({ functionName, parameter: "reduce", expected: "a boolean or undefined", value: reduce });
  }
  const tensor = toTensor(batch, "batch", functionName);
  if (tensor.shape.length !== 2) {
    throw new ZaeShapeError({
      functionName,
      parameter: "batch",
      expected: "a 2-D [B, N] tensor (one row per sample)",
      value: tensor.shape,
      received: `shape ${formatShape(tensor.shape)}`,
      hint: "Reshape the batch to [B, N] first, e.g. flatten the feature axes of each sample.",
    });
  }
  return { batch: tensor, rows: tensor.shape[0], cols: tensor.shape[1], reduce: reduce ?? true };
}
