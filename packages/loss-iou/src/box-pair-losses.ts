import type { TensorData } from "@zae/tensor-utils";

/** Box loss computed by {@link boxPairLosses}. */
export type BoxLossKind = "iou" | "giou" | "diou" | "ciou";

const FOUR_OVER_PI_SQUARED = 4 / (Math.PI * Math.PI);

/** Subgradient of max(a, b) with respect to a: 1, 0, or 1/2 at a tie (as torch.maximum). */
function maxWeight(a: number, b: number): number {
  if (a > b) return 1;
  return a === b ? 0.5 : 0;
}

/** Product of `values[0..k)` leaving out index `skip`, without dividing (so zero extents are exact). */
function productExcept(values: Float64Array, k: number, skip: number): number {
  let product = 1;
  for (let i = 0; i < k; i++) product *= i === skip ? 1 : values[i];
  return product;
}

/**
 * Computes the loss of each box pair into `losses` and, when `grad` is given,
 * writes `gradScale` times the gradient with respect to `prediction` into it.
 * Boxes are rows of `2k` coordinates (k minima, then k maxima). Internal to
 * this package: inputs are already validated.
 *
 * Per pair, with P the prediction and T the target:
 * - I = Π max(0, min(P.max, T.max) - max(P.min, T.min)) and U = |P| + |T| - I.
 *   IoU = I / U, and where U = 0 (two zero-volume boxes) IoU is 1 for
 *   identical boxes and 0 otherwise.
 * - H = Π (max(P.max, T.max) - min(P.min, T.min)) is the hull volume. GIoU
 *   adds (H - U) / H, or 0 where H = 0.
 * - DIoU adds ρ² / c², the squared distance of the centres over the squared
 *   hull diagonal, or 0 where c² = 0 (then both boxes are the same point).
 * - CIoU adds α v with v = 4/π² · mean over axes j < k-1 of
 *   (atan2(T.side_j, T.side_last) - atan2(P.side_j, P.side_last))² and
 *   α = v / (1 - IoU + v), held constant in the gradient as torchvision does.
 *   For k = 1 there is no aspect term. For k = 2 it is torchvision's, because
 *   atan(w/h) equals atan2(w, h) for h > 0.
 *
 * Gradients use the subgradient 1/2 at ties of min and max (as torch.minimum
 * and torch.maximum) and 0 for an intersection side that is not positive (as
 * torchvision's intersection mask). No division is by zero, so finite boxes
 * give finite gradients unless the union is below about 1e-308 (see the NOTE
 * at the IoU derivative).
 */
export function boxPairLosses(
  kind: BoxLossKind,
  prediction: TensorData,
  target: TensorData,
  rows: number,
  k: number,
  losses: Float64Array,
  grad: Float64Array | null,
  gradScale: number,
): void {
  const width = 2 * k;
  const withHull = kind === "giou";
  const withDistance = kind === "diou" || kind === "ciou";
  const withAspect = kind === "ciou" && k > 1;
  const aspectWeight = withAspect ? FOUR_OVER_PI_SQUARED / (k - 1) : 0;

  // Per-axis scratch, allocated once per call.
  const predSide = new Float64Array(k);
  const targetSide = new Float64Array(k);
  const overlapSide = new Float64Array(k);
  const hullSide = new Float64Array(k);
  const angleGap = new Float64Array(k);

  for (let row = 0; row < rows; row++) {
    const base = row * width;
    let predVolume = 1;
    let targetVolume = 1;
    let intersection = 1;
    let hull = 1;
    let centerDistance2 = 0;
    let diagonal2 = 0;
    let identical = true;
    for (let axis = 0; axis < k; axis++) {
      const pMin = prediction[base + axis];
      const pMax = prediction[base + k + axis];
      const tMin = target[base + axis];
      const tMax = target[base + k + axis];
      predSide[axis] = pMax - pMin;
      targetSide[axis] = tMax - tMin;
      const overlap = Math.min(pMax, tMax) - Math.max(pMin, tMin);
      overlapSide[axis] = overlap > 0 ? overlap : 0;
      hullSide[axis] = Math.max(pMax, tMax) - Math.min(pMin, tMin);
      predVolume *= predSide[axis];
      targetVolume *= targetSide[axis];
      intersection *= overlapSide[axis];
      hull *= hullSide[axis];
      const gap = (pMin + pMax - tMin - tMax) / 2;
      centerDistance2 += gap * gap;
      diagonal2 += hullSide[axis] * hullSide[axis];
      identical = identical && pMin === tMin && pMax === tMax;
    }

    const union = predVolume + targetVolume - intersection;
    // A zero union means two zero-volume boxes: IoU 1 when they are the same box, else 0.
    let iou = identical ? 1 : 0;
    if (union > 0) iou = intersection / union;
    let loss = 1 - iou;
    // dLoss/dI and dLoss/d|P| through IoU = I / (|P| + |T| - I): -(U + I)/U² = -(1 + IoU)/U
    // and I/U² = IoU/U, written so that U² cannot underflow to 0 for tiny boxes.
    // NOTE: gradients scale like 1/U, so they overflow once U is below about 1e-308
    // (2-D sides under about 1e-154). Above that every term is finite.
    let dIntersection = union > 0 ? -(1 + iou) / union : 0;
    let dPredVolume = union > 0 ? iou / union : 0;
    let dHull = 0;
    if (withHull && hull > 0) {
      // Penalty (H - U)/H = 1 - U/H: d/dU = -1/H (so +1/H for I, -1/H for |P|), d/dH = U/H².
      loss += (hull - union) / hull;
      dIntersection += 1 / hull;
      dPredVolume -= 1 / hull;
      dHull = union / hull / hull;
    }
    let dCenter = 0;
    let dDiagonal = 0;
    if (withDistance && diagonal2 > 0) {
      loss += centerDistance2 / diagonal2;
      dCenter = 1 / diagonal2;
      dDiagonal = -centerDistance2 / diagonal2 / diagonal2;
    }
    let alpha = 0;
    if (withAspect) {
      const predLast = predSide[k - 1];
      const targetLast = targetSide[k - 1];
      let v = 0;
      for (let axis = 0; axis < k - 1; axis++) {
        angleGap[axis] = Math.atan2(targetSide[axis], targetLast) - Math.atan2(predSide[axis], predLast);
        v += angleGap[axis] * angleGap[axis];
      }
      v *= aspectWeight;
      const denominator = 1 - iou + v;
      alpha = denominator > 0 ? v / denominator : 0;
      loss += alpha * v;
    }
    losses[row] = loss;
    if (grad === null) continue;

    for (let axis = 0; axis < k; axis++) {
      const pMin = prediction[base + axis];
      const pMax = prediction[base + k + axis];
      const tMin = target[base + axis];
      const tMax = target[base + k + axis];
      const volumeRest = productExcept(predSide, k, axis);
      let gMin = -dPredVolume * volumeRest;
      let gMax = dPredVolume * volumeRest;
      if (overlapSide[axis] > 0) {
        const overlapRest = dIntersection * productExcept(overlapSide, k, axis);
        gMax += overlapRest * maxWeight(tMax, pMax);
        gMin -= overlapRest * maxWeight(pMin, tMin);
      }
      const hullMaxWeight = maxWeight(pMax, tMax);
      const hullMinWeight = maxWeight(tMin, pMin);
      if (dHull !== 0) {
        const hullRest = dHull * productExcept(hullSide, k, axis);
        gMax += hullRest * hullMaxWeight;
        gMin -= hullRest * hullMinWeight;
      }
      if (withDistance) {
        // ρ² = Σ gap² with gap = (pMin + pMax - tMin - tMax)/2, so dρ²/dpMin = dρ²/dpMax = gap.
        // c² = Σ hullSide², so dc²/dhullSide = 2 hullSide.
        const gap = (pMin + pMax - tMin - tMax) / 2;
        const diagonalTerm = 2 * dDiagonal * hullSide[axis];
        gMax += dCenter * gap + diagonalTerm * hullMaxWeight;
        gMin += dCenter * gap - diagonalTerm * hullMinWeight;
      }
      grad[base + axis] = gradScale * gMin;
      grad[base + k + axis] = gradScale * gMax;
    }

    if (withAspect && alpha !== 0) {
      // v depends on the prediction through θ_j = atan2(side_j, side_last):
      // dθ/dside_j = side_last / r², dθ/dside_last = -side_j / r², r² = side_j² + side_last².
      const predLast = predSide[k - 1];
      let dLast = 0;
      for (let axis = 0; axis < k - 1; axis++) {
        const radius2 = predSide[axis] * predSide[axis] + predLast * predLast;
        if (radius2 === 0) continue;
        const dTheta = -2 * aspectWeight * alpha * angleGap[axis];
        const dSide = (dTheta * predLast) / radius2;
        dLast -= (dTheta * predSide[axis]) / radius2;
        grad[base + axis] -= gradScale * dSide;
        grad[base + k + axis] += gradScale * dSide;
      }
      grad[base + k - 1] -= gradScale * dLast;
      grad[base + width - 1] += gradScale * dLast;
    }
  }
}
