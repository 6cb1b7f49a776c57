import { CompensatedSum, sigmoid, type FloatArray } from "@zae/tensor-utils";

const BLOCK = 1024;

/** Inputs of {@link bceWithLogitsLoop}: arrays of `logit`'s length, with the weights already broadcast. */
export interface BceWithLogitsInputs {
  readonly logit: ArrayLike<number>;
  readonly target: ArrayLike<number>;
  /** Per-element `weight`, or undefined for 1 everywhere. */
  readonly weight: Float64Array | undefined;
  /** Per-element `pos_weight`, or undefined for 1 everywhere. */
  readonly posWeight: Float64Array | undefined;
}

/**
 * Computes the per-element binary cross-entropy with logits. It returns the
 * float64 sum of the losses and, when given, writes each loss into `losses`
 * and each gradient (multiplied by `gradScale`) into `grad`.
 *
 * This is the only per-element loop of crossEntropy and crossEntropyWithGrad,
 * so a faster kernel can replace it without touching validation or reduction.
 */
export function bceWithLogitsLoop(
  inputs: BceWithLogitsInputs,
  losses: FloatArray | undefined,
  grad: FloatArray | undefined,
  gradScale: number,
): number {
  const { logit, target, weight, posWeight } = inputs;
  const n = logit.length;
  const total = new CompensatedSum();

  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(start + BLOCK, n);
    let blockSum = 0;
    for (let i = start; i < end; i++) {
      const x = logit[i];
      const y = target[i];
      const w = weight === undefined ? 1 : weight[i];
      const p = posWeight === undefined ? 1 : posWeight[i];

      // With softplus(z) = log(1 + e^z) = max(z, 0) + log1p(exp(-|z|)), the
      // loss -w [p y log σ(x) + (1 - y) log(1 - σ(x))] becomes, because
      // -log σ(x) = softplus(-x) and -log(1 - σ(x)) = x + softplus(-x),
      //   w [(1 - y) x + (1 + (p - 1) y) softplus(-x)].
      // For p = 1, x + max(-x, 0) = max(x, 0) gives the familiar
      //   w [max(x, 0) - x y + log1p(exp(-|x|))].
      // The argument of exp is -|x| <= 0, so it never overflows, and log1p keeps
      // losses such as 2.06e-9 at x = -20, y = 0 instead of rounding 1 + e^-20.
      let loss: number;
      if (w === 0) {
        loss = 0;
      } else if (!Number.isFinite(x) && !Number.isNaN(x)) {
        loss = w * infiniteLogitLoss(x, y, p);
      } else {
        const tail = Math.log1p(Math.exp(-Math.abs(x)));
        loss = posWeight === undefined
          ? w * (Math.max(x, 0) - x * y + tail)
          : w * ((1 - y) * x + (1 + (p - 1) * y) * (Math.max(-x, 0) + tail));
      }
      blockSum += loss;
      if (losses !== undefined) losses[i] = loss;

      // d/dx = w [(1 - y) σ(x) - p y σ(-x)]: both terms are computed directly,
      // so a tiny gradient (x = 40, y = 1 gives -4.2e-18) is not lost to
      // 1 - σ(x) rounding. σ(±Infinity) is 1 or 0, so the limits are finite.
      if (grad !== undefined) {
        const oneMinusY = 1 - y;
        const positive = p * y;
        const derivative = (oneMinusY === 0 ? 0 : oneMinusY * sigmoid(x)) - (positive === 0 ? 0 : positive * sigmoid(-x));
        grad[i] = w === 0 ? 0 : gradScale * w * derivative;
      }
    }
    total.add(blockSum);
  }

  return total.value;
}

/**
 * Returns the limit of the unweighted loss at x = ±Infinity, written as
 * (1 - y) softplus(x) + p y softplus(-x): the term whose softplus is infinite
 * gives ±Infinity unless its coefficient is 0, and the other term is 0.
 */
function infiniteLogitLoss(x: number, y: number, p: number): number {
  const coefficient = x > 0 ? 1 - y : p * y;
  return coefficient === 0 ? 0 : coefficient * Infinity;
}
