import { CompensatedSum, reduceSum } from "@zae/tensor-utils";

/**
 * Returns the mean softmax cross-entropy of the row-major logits
 * `[rows, cols]` against `labels`, as PyTorch's
 * `F.cross_entropy(logits, labels, ignore_index=ignoreIndex)`. The mean divides
 * by the number of rows whose label is not the ignore index. With no such row
 * the loss is 0 (the tensor-utils empty rule, where PyTorch returns NaN).
 *
 * When `grad` is given, it receives dL/dlogits: `(softmax - one_hot) / count`
 * on counted rows and 0 on ignored rows. `grad` may be `logits` itself,
 * because each row's label logit and maximum are read before the row is
 * overwritten.
 *
 * Per row, `log_softmax(z)_y = z_y - max - log(sum_j exp(z_j - max))`, so no
 * `exp` overflows for logits of any magnitude.
 */
export function crossEntropyRows(
  logits: Float64Array,
  labels: ArrayLike<number>,
  ignoreIndex: number | undefined,
  rows: number,
  cols: number,
  grad?: Float64Array,
): number {
  let count = 0;
  for (let r = 0; r < rows; r++) if (labels[r] !== ignoreIndex) count++;
  const gradScale = count === 0 ? 0 : 1 / count;

  const total = new CompensatedSum();
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    const label = labels[r];
    if (label === ignoreIndex) {
      if (grad !== undefined) grad.fill(0, offset, offset + cols);
      continue;
    }

    const labelLogit = logits[offset + label];
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[offset + c]);

    if (grad === undefined) {
      let sumExp = 0;
      for (let c = 0; c < cols; c++) sumExp += Math.exp(logits[offset + c] - max);
      total.add(max + Math.log(sumExp) - labelLogit);
      continue;
    }

    // One exp per element: exp(z - max) goes into `grad` and is divided by
    // the row sum afterwards, which is the softmax.
    let sumExp = 0;
    for (let c = 0; c < cols; c++) {
      const shifted = Math.exp(logits[offset + c] - max);
      grad[offset + c] = shifted;
      sumExp += shifted;
    }
    total.add(max + Math.log(sumExp) - labelLogit);
    const softmaxScale = gradScale / sumExp;
    for (let c = 0; c < cols; c++) grad[offset + c] *= softmaxScale;
    grad[offset + label] -= gradScale;
  }

  return reduceSum(total.value, count, "mean");
}
