// Float64 reference results, written as plainly as possible and independent
// of the packages under test. Sums use Neumaier's compensation per element,
// so the references are accurate to a few units in the last place of float64
// and can judge errors far below the 1e-9 target.

/** A compensated float64 accumulator (Neumaier). */
class ExactSum {
  total = 0;
  compensation = 0;

  add(term) {
    const next = this.total + term;
    this.compensation += Math.abs(this.total) >= Math.abs(term) ? this.total - next + term : term - next + this.total;
    this.total = next;
  }

  get value() {
    return this.total + this.compensation;
  }
}

/** Mean of max(x, 0) - x·y + log1p(exp(-|x|)) over all elements. */
export function referenceBceWithLogits(logits, targets) {
  const sum = new ExactSum();
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    sum.add(Math.max(x, 0) - x * targets[i] + Math.log1p(Math.exp(-Math.abs(x))));
  }
  return logits.length === 0 ? 0 : sum.value / logits.length;
}

/** Mean of (p - t)² over all elements. */
export function referenceMse(targets, predictions) {
  const sum = new ExactSum();
  for (let i = 0; i < targets.length; i++) {
    const d = predictions[i] - targets[i];
    sum.add(d * d);
  }
  return targets.length === 0 ? 0 : sum.value / targets.length;
}

/** Rows divided by max(‖row‖₂, 1e-12), as PyTorch's F.normalize, in float64. */
export function referenceNormalizeRows(data, rows, cols) {
  const out = new Float64Array(rows * cols);
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let squares = 0;
    for (let j = 0; j < cols; j++) squares += data[i * cols + j] * data[i * cols + j];
    const norm = Math.max(Math.sqrt(squares), 1e-12);
    norms[i] = norm;
    for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] / norm;
  }
  return { normalized: out, norms };
}

/** C = A·Bᵀ for A [m, k] and B [n, k] with a plain float64 dot product per entry. */
export function referenceMatmulTransposeB(a, b, m, k, n) {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let p = 0; p < k; p++) dot += a[i * k + p] * b[j * k + p];
      out[i * n + j] = dot;
    }
  }
  return out;
}

/** Cosine Gram matrix [b, b] of the rows of `data` [b, d]. */
export function referenceGram(data, rows, cols) {
  const { normalized } = referenceNormalizeRows(data, rows, cols);
  return referenceMatmulTransposeB(normalized, normalized, rows, cols, rows);
}

const CLAMP = 1 - 1e-7;

/**
 * ArcFace logits [b, c]: s · cos(θ + m) at each row's label and s · cos θ
 * elsewhere, with cos θ between normalized features and normalized weight
 * rows, clamped to [-1 + 1e-7, 1 - 1e-7] before the arccosine.
 */
export function referenceArcFaceLogits(features, weight, labels, batch, inFeatures, classes, scale, margin) {
  const f = referenceNormalizeRows(features, batch, inFeatures);
  const w = referenceNormalizeRows(weight, classes, inFeatures);
  const cosine = referenceMatmulTransposeB(f.normalized, w.normalized, batch, inFeatures, classes);
  const logits = new Float64Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    for (let j = 0; j < classes; j++) {
      const c = cosine[i * classes + j];
      const target = j === labels[i] ? Math.cos(Math.acos(Math.min(Math.max(c, -CLAMP), CLAMP)) + margin) : c;
      logits[i * classes + j] = scale * target;
    }
  }
  return { logits, cosine, f, w };
}

/**
 * ArcFace softmax cross-entropy (mean over the batch) and its gradients with
 * respect to the raw features [b, d] and the raw weight [c, d], by the chain
 * rule through the softmax, the margin, the cosine product and the row
 * normalization. Returns [loss, featureGrad, weightGrad].
 */
export function referenceArcFaceLossAndGrads(features, weight, labels, batch, inFeatures, classes, scale, margin) {
  const { logits, cosine, f, w } = referenceArcFaceLogits(features, weight, labels, batch, inFeatures, classes, scale, margin);
  const loss = new ExactSum();
  const cosineGrad = new Float64Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    const row = i * classes;
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, logits[row + j]);
    let denominator = 0;
    for (let j = 0; j < classes; j++) denominator += Math.exp(logits[row + j] - max);
    loss.add(max + Math.log(denominator) - logits[row + labels[i]]);
    for (let j = 0; j < classes; j++) {
      const logitGrad = (Math.exp(logits[row + j] - max) / denominator - (j === labels[i] ? 1 : 0)) / batch;
      let derivative = 1;
      if (j === labels[i]) {
        // d cos(acos(c) + m) / dc = sin(acos(c) + m) / sqrt(1 - c²) inside the clamp range, 0 outside.
        const c = cosine[row + j];
        derivative = Math.abs(c) < CLAMP ? Math.sin(Math.acos(c) + margin) / Math.sqrt(1 - c * c) : 0;
      }
      cosineGrad[row + j] = scale * logitGrad * derivative;
    }
  }

  // cosine = F·Wᵀ with F, W the normalized rows: dF = dC·W and dW = dCᵀ·F.
  const normalizedFeatureGrad = new Float64Array(batch * inFeatures);
  const normalizedWeightGrad = new Float64Array(classes * inFeatures);
  for (let i = 0; i < batch; i++) {
    for (let j = 0; j < classes; j++) {
      const g = cosineGrad[i * classes + j];
      for (let p = 0; p < inFeatures; p++) {
        normalizedFeatureGrad[i * inFeatures + p] += g * w.normalized[j * inFeatures + p];
        normalizedWeightGrad[j * inFeatures + p] += g * f.normalized[i * inFeatures + p];
      }
    }
  }

  return [
    loss.value / batch,
    backThroughNormalize(normalizedFeatureGrad, f, batch, inFeatures),
    backThroughNormalize(normalizedWeightGrad, w, classes, inFeatures),
  ];
}

/** Gradient through y = x / ‖x‖: dx = (dy - y (y·dy)) / ‖x‖ for rows with ‖x‖ > 1e-12. */
function backThroughNormalize(grad, { normalized, norms }, rows, cols) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let dot = 0;
    for (let p = 0; p < cols; p++) dot += normalized[i * cols + p] * grad[i * cols + p];
    for (let p = 0; p < cols; p++) {
      const g = grad[i * cols + p];
      out[i * cols + p] = norms[i] > 1e-12 ? (g - normalized[i * cols + p] * dot) / norms[i] : g / 1e-12;
    }
  }
  return out;
}

/**
 * Mean of 1 - GIoU over box pairs [n, 4] in (x1, y1, x2, y2) format, with no
 * epsilon added to the union or the hull. torchvision adds 1e-7 to both,
 * which moves its result by about 1e-10 relative on these boxes.
 */
export function referenceGiouLoss(boxes1, boxes2) {
  const n = boxes1.length / 4;
  const sum = new ExactSum();
  for (let i = 0; i < n; i++) {
    const [ax1, ay1, ax2, ay2] = [boxes1[4 * i], boxes1[4 * i + 1], boxes1[4 * i + 2], boxes1[4 * i + 3]];
    const [bx1, by1, bx2, by2] = [boxes2[4 * i], boxes2[4 * i + 1], boxes2[4 * i + 2], boxes2[4 * i + 3]];
    const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
    const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
    const intersection = iw * ih;
    const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - intersection;
    const iou = intersection / union;
    const hull = (Math.max(ax2, bx2) - Math.min(ax1, bx1)) * (Math.max(ay2, by2) - Math.min(ay1, by1));
    sum.add(1 - (iou - (hull - union) / hull));
  }
  return n === 0 ? 0 : sum.value / n;
}

/** Mean over classes present in either map of intersection / union. */
export function referenceMeanIou(predictions, targets, numClasses) {
  const intersection = new Float64Array(numClasses);
  const predicted = new Float64Array(numClasses);
  const actual = new Float64Array(numClasses);
  for (let i = 0; i < targets.length; i++) {
    predicted[predictions[i]] += 1;
    actual[targets[i]] += 1;
    if (predictions[i] === targets[i]) intersection[targets[i]] += 1;
  }
  let total = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    const union = predicted[c] + actual[c] - intersection[c];
    if (union === 0) continue;
    total += intersection[c] / union;
    present += 1;
  }
  return present === 0 ? 0 : total / present;
}
