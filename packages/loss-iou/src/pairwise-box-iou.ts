import { ZaeShapeError, createOutput, formatShape, type FloatArray, type Tensor, type TensorLike } from "@zae/tensor-utils";
import { toBoxes } from "./to-boxes.js";

/**
 * Fills the `[N, M]` matrix of IoU (or GIoU when `generalized`) between every
 * box of `first` and every box of `second`. Internal to this package.
 * Exact division: a zero union gives 1 for identical boxes and 0 otherwise,
 * and a zero hull gives a GIoU penalty of 0.
 */
export function pairwiseBoxIoU(first: TensorLike, second: TensorLike, generalized: boolean, functionName: string): Tensor<FloatArray> {
  const a = toBoxes(first, "boxes1", functionName, false);
  const b = toBoxes(second, "boxes2", functionName, false);
  if (a.k !== b.k) {
    throw new ZaeShapeError({
      functionName,
      parameter: "boxes2",
      expected: `boxes with the same last axis as \`boxes1\` (${2 * a.k})`,
      value: b.shape,
      received: formatShape(b.shape),
    });
  }

  const k = a.k;
  const width = 2 * k;
  const out = createOutput(a.data, a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    const baseA = i * width;
    let volumeA = 1;
    for (let axis = 0; axis < k; axis++) volumeA *= a.data[baseA + k + axis] - a.data[baseA + axis];
    for (let j = 0; j < b.rows; j++) {
      const baseB = j * width;
      let volumeB = 1;
      let intersection = 1;
      let hull = 1;
      let identical = true;
      for (let axis = 0; axis < k; axis++) {
        const aMin = a.data[baseA + axis];
        const aMax = a.data[baseA + k + axis];
        const bMin = b.data[baseB + axis];
        const bMax = b.data[baseB + k + axis];
        volumeB *= bMax - bMin;
        const overlap = Math.min(aMax, bMax) - Math.max(aMin, bMin);
        intersection *= overlap > 0 ? overlap : 0;
        hull *= Math.max(aMax, bMax) - Math.min(aMin, bMin);
        identical = identical && aMin === bMin && aMax === bMax;
      }
      const union = volumeA + volumeB - intersection;
      let value = identical ? 1 : 0;
      if (union > 0) value = intersection / union;
      if (generalized && hull > 0) value -= (hull - union) / hull;
      out[i * b.rows + j] = value;
    }
  }
  return { data: out, shape: [a.rows, b.rows] };
}
