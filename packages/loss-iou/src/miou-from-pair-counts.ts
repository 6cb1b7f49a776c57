import { labelPairCounts, type TensorData } from "@zae/tensor-utils";

// Up to this many classes the joint histogram (numClasses² counts) stays small.
const MAX_JOINT_CLASSES = 1024;

/**
 * Returns the mean over samples of the per-sample mIoU from one joint
 * histogram per sample (tensor-utils' `labelPairCounts`). Returns undefined
 * when the general path must run: for more than 1024 classes, or for a label
 * outside [0, numClasses), which that path reports with its flat index. The
 * predicted count of class c is row c of the histogram, the target count
 * column c and the intersection the diagonal entry, so the result equals the
 * three-histogram count of the general path.
 */
export function mIoUFromPairCounts(
  pred: TensorData,
  target: TensorData,
  samples: number,
  sampleSize: number,
  numClasses: number,
): number | undefined {
  if (numClasses > MAX_JOINT_CLASSES) return undefined;
  let total = 0;
  for (let sample = 0; sample < samples; sample++) {
    const start = sample * sampleSize;
    const counts = labelPairCounts(pred.subarray(start, start + sampleSize), target.subarray(start, start + sampleSize), numClasses);
    if (counts === undefined) return undefined;
    total += meanIoUOfCounts(counts, numClasses);
  }
  return samples === 0 ? 0 : total / samples;
}

/** Mean over classes present in either map of intersection / union; 1 when no class is present. */
function meanIoUOfCounts(counts: Int32Array, numClasses: number): number {
  let sum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    let predicted = 0;
    let actual = 0;
    for (let other = 0; other < numClasses; other++) {
      predicted += counts[c * numClasses + other];
      actual += counts[other * numClasses + c];
    }
    const intersection = counts[c * numClasses + c];
    const union = predicted + actual - intersection;
    if (union === 0) continue;
    sum += intersection / union;
    present++;
  }
  return present === 0 ? 1 : sum / present;
}
