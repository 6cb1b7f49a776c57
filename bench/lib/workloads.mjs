import {
  referenceArcFaceLogits,
  referenceArcFaceLossAndGrads,
  referenceBceWithLogits,
  referenceGiouLoss,
  referenceGram,
  referenceMeanIou,
  referenceMse,
} from "./reference.mjs";

// ArcFace hyperparameters, the zae-engine defaults.
const SCALE = 30;
const MARGIN = 0.5;

/**
 * Defines the workloads of the benchmark. Each one has:
 * - `make(inputs)`: the seeded arrays, shared by every engine;
 * - `reference(data)`: the float64 result (a number, a Float64Array, or an
 *   array of parts);
 * - `zae(modules)`: returns a setup function `(data) => run` for the @zae
 *   call, or undefined while the package does not export it yet;
 * - `tfjs(tf, data)`: creates the TF.js tensors (untimed) and returns `run`,
 *   which computes and downloads the result, and `dispose`;
 * - `torch`: the operation name and arrays for bench/torch_bench.py;
 * - `flops`: floating-point operations of the matrix products, for GFLOP/s.
 * `quick` shrinks every size for a smoke run of the harness itself.
 */
export function defineWorkloads(quick) {
  const scaleDown = (n, small) => (quick ? small : n);
  const workloads = [];

  for (const n of [1e6, 1e7]) {
    const size = scaleDown(n, n / 100);
    workloads.push({
      name: `bce-with-logits mean N=${formatCount(size)}`,
      make: (inputs) => ({ logits: inputs.uniform(size, -8, 8), targets: inputs.bernoulli(size, 0.5) }),
      reference: (d) => referenceBceWithLogits(d.logits, d.targets),
      zae: ({ core }) =>
        core?.crossEntropy &&
        ((d) => () => core.crossEntropy({ data: d.logits, shape: [size] }, { data: d.targets, shape: [size] })),
      tfjs: (tf, d) => {
        const logits = tf.tensor1d(d.logits);
        const targets = tf.tensor1d(d.targets);
        return {
          run: () => scalarOf(tf, () => tf.losses.sigmoidCrossEntropy(targets, logits)),
          dispose: () => tf.dispose([logits, targets]),
        };
      },
      torch: { op: "bce", arrays: ["logits", "targets"] },
    });
  }

  for (const n of [1e6, 1e7]) {
    const size = scaleDown(n, n / 100);
    workloads.push({
      name: `mse mean N=${formatCount(size)}`,
      make: (inputs) => ({ targets: inputs.uniform(size, -1, 1), predictions: inputs.uniform(size, -1, 1) }),
      reference: (d) => referenceMse(d.targets, d.predictions),
      zae: ({ regression }) =>
        regression?.mse &&
        ((d) => () => regression.mse({ data: d.targets, shape: [size] }, { data: d.predictions, shape: [size] })),
      tfjs: (tf, d) => {
        const targets = tf.tensor1d(d.targets);
        const predictions = tf.tensor1d(d.predictions);
        return {
          run: () => scalarOf(tf, () => tf.losses.meanSquaredError(targets, predictions)),
          dispose: () => tf.dispose([targets, predictions]),
        };
      },
      torch: { op: "mse", arrays: ["targets", "predictions"] },
    });
  }

  for (const [rows, cols] of quick ? [[64, 32]] : [[512, 512], [2048, 256]]) {
    workloads.push({
      name: `gram [${rows}, ${cols}]`,
      flops: 2 * rows * rows * cols,
      make: (inputs) => ({ batch: inputs.uniform(rows * cols, -1, 1) }),
      reference: (d) => referenceGram(d.batch, rows, cols),
      zae: ({ core }) =>
        core?.computeGramMatrix && ((d) => () => core.computeGramMatrix({ data: d.batch, shape: [rows, cols] }, false).data),
      tfjs: (tf, d) => {
        const batch = tf.tensor2d(d.batch, [rows, cols]);
        return {
          run: () =>
            tf.tidy(() => {
              const normalized = normalizeRows(tf, batch);
              return tf.matMul(normalized, tf.transpose(normalized));
            }).dataSync(),
          dispose: () => batch.dispose(),
        };
      },
      torch: { op: "gram", arrays: ["batch"], shape: [rows, cols] },
    });
  }

  const batch = quick ? 16 : 256;
  const inFeatures = quick ? 32 : 512;
  const classes = quick ? 100 : 10000;
  const arcFaceData = (inputs) => {
    const limit = Math.sqrt(6 / (inFeatures + classes));
    return {
      features: inputs.uniform(batch * inFeatures, -1, 1),
      weight: inputs.uniform(classes * inFeatures, -limit, limit),
      labels: inputs.integers(batch, classes),
    };
  };
  const arcFaceShapes = { batch, inFeatures, classes, scale: SCALE, margin: MARGIN };
  const arcFaceFlops = 2 * batch * classes * inFeatures;

  workloads.push({
    name: `arcface forward [${batch}, ${inFeatures}] x ${classes} classes`,
    flops: arcFaceFlops,
    make: arcFaceData,
    reference: (d) =>
      referenceArcFaceLogits(d.features, d.weight, d.labels, batch, inFeatures, classes, SCALE, MARGIN).logits,
    zae: ({ arcface }) => arcface?.ArcFaceLoss && createZaeArcFace(arcface, arcFaceShapes, "forward"),
    tfjs: (tf, d) => {
      const tensors = arcFaceTensors(tf, d, arcFaceShapes);
      return {
        run: () => tf.tidy(() => arcFaceLogits(tf, tensors.features, tensors.weight, tensors.oneHot)).dataSync(),
        dispose: () => tf.dispose(Object.values(tensors)),
      };
    },
    torch: { op: "arcface_forward", arrays: ["features", "weight", "labels"], ...arcFaceShapes },
  });

  workloads.push({
    name: `arcface forward + backward [${batch}, ${inFeatures}] x ${classes} classes`,
    flops: 3 * arcFaceFlops,
    make: arcFaceData,
    reference: (d) =>
      referenceArcFaceLossAndGrads(d.features, d.weight, d.labels, batch, inFeatures, classes, SCALE, MARGIN),
    zae: ({ arcface }) => arcface?.ArcFaceLoss && createZaeArcFace(arcface, arcFaceShapes, "backward"),
    tfjs: (tf, d) => {
      const tensors = arcFaceTensors(tf, d, arcFaceShapes);
      const lossOf = (features, weight) =>
        tf.losses.softmaxCrossEntropy(tensors.oneHot, arcFaceLogits(tf, features, weight, tensors.oneHot));
      const valueAndGrads = tf.valueAndGrads(lossOf);
      return {
        run: () => {
          const { value, grads } = valueAndGrads([tensors.features, tensors.weight]);
          const parts = [value.dataSync()[0], grads[0].dataSync(), grads[1].dataSync()];
          tf.dispose([value, ...grads]);
          return parts;
        },
        dispose: () => tf.dispose(Object.values(tensors)),
      };
    },
    torch: { op: "arcface_backward", arrays: ["features", "weight", "labels"], ...arcFaceShapes },
  });

  const boxCount = scaleDown(1e6, 1e4);
  workloads.push({
    name: `giou loss mean ${formatCount(boxCount)} box pairs`,
    make: (inputs) => {
      const { first, second } = inputs.boxPairs(boxCount);
      return { boxes1: first, boxes2: second };
    },
    reference: (d) => referenceGiouLoss(d.boxes1, d.boxes2),
    zae: ({ iou }) =>
      iou?.GIoU &&
      ((d) => () => iou.GIoU({ data: d.boxes1, shape: [boxCount, 4] }, { data: d.boxes2, shape: [boxCount, 4] })),
    tfjs: (tf, d) => {
      const boxes1 = tf.tensor2d(d.boxes1, [boxCount, 4]);
      const boxes2 = tf.tensor2d(d.boxes2, [boxCount, 4]);
      return {
        run: () => scalarOf(tf, () => giouLoss(tf, boxes1, boxes2)),
        dispose: () => tf.dispose([boxes1, boxes2]),
      };
    },
    torch: { op: "giou", arrays: ["boxes1", "boxes2"], count: boxCount },
  });

  const side = quick ? 128 : 1024;
  const numClasses = 21;
  workloads.push({
    name: `miou ${side} x ${side} label map, ${numClasses} classes`,
    make: (inputs) => inputs.labelMaps(side * side, numClasses, 0.3),
    reference: (d) => referenceMeanIou(d.prediction, d.target, numClasses),
    // mIoU treats the first axis as the sample axis, so one map is [1, side, side].
    zae: ({ iou }) =>
      iou?.mIoU &&
      ((d) => () =>
        iou.mIoU({ data: d.prediction, shape: [1, side, side] }, { data: d.target, shape: [1, side, side] }, { numClasses })),
    tfjs: (tf, d) => {
      const prediction = tf.tensor1d(d.prediction, "int32");
      const target = tf.tensor1d(d.target, "int32");
      const noWeights = tf.tensor1d([], "float32");
      return {
        run: () => {
          const counts = tf.tidy(() => tf.bincount(tf.add(tf.mul(prediction, tf.scalar(numClasses, "int32")), target), noWeights, numClasses ** 2));
          const values = counts.dataSync();
          counts.dispose();
          return meanIouFromCounts(values, numClasses);
        },
        dispose: () => tf.dispose([prediction, target, noWeights]),
      };
    },
    torch: { op: "miou", arrays: ["prediction", "target"], num_classes: numClasses },
  });

  return workloads;
}

function formatCount(n) {
  const exponent = Math.log10(n);
  return Number.isInteger(exponent) ? `1e${exponent}` : String(n);
}

function scalarOf(tf, compute) {
  const result = tf.tidy(compute);
  const value = result.dataSync()[0];
  result.dispose();
  return value;
}

function normalizeRows(tf, x) {
  return tf.div(x, tf.maximum(tf.norm(x, "euclidean", 1, true), 1e-12));
}

function arcFaceTensors(tf, d, { batch, inFeatures, classes }) {
  return {
    features: tf.tensor2d(d.features, [batch, inFeatures]),
    weight: tf.tensor2d(d.weight, [classes, inFeatures]),
    oneHot: tf.oneHot(tf.tensor1d(d.labels, "int32"), classes),
  };
}

// cos(θ + m) = cos θ · cos m - sin θ · sin m with sin θ = sqrt(1 - cos²θ) on
// [0, π], the same value as cos(acos(c) + m) with one elementwise op fewer.
function arcFaceLogits(tf, features, weight, oneHot) {
  const cosine = tf.matMul(normalizeRows(tf, features), tf.transpose(normalizeRows(tf, weight)));
  const clamped = tf.clipByValue(cosine, -1 + 1e-7, 1 - 1e-7);
  const sine = tf.sqrt(tf.sub(1, tf.square(clamped)));
  const target = tf.sub(tf.mul(clamped, Math.cos(MARGIN)), tf.mul(sine, Math.sin(MARGIN)));
  return tf.mul(tf.add(tf.mul(oneHot, target), tf.mul(tf.sub(1, oneHot), cosine)), SCALE);
}

function giouLoss(tf, boxes1, boxes2) {
  const [ax1, ay1, ax2, ay2] = tf.split(boxes1, 4, 1);
  const [bx1, by1, bx2, by2] = tf.split(boxes2, 4, 1);
  const width = tf.relu(tf.sub(tf.minimum(ax2, bx2), tf.maximum(ax1, bx1)));
  const height = tf.relu(tf.sub(tf.minimum(ay2, by2), tf.maximum(ay1, by1)));
  const intersection = tf.mul(width, height);
  const area1 = tf.mul(tf.sub(ax2, ax1), tf.sub(ay2, ay1));
  const area2 = tf.mul(tf.sub(bx2, bx1), tf.sub(by2, by1));
  const union = tf.sub(tf.add(area1, area2), intersection);
  const iou = tf.div(intersection, tf.add(union, 1e-7));
  const hull = tf.mul(tf.sub(tf.maximum(ax2, bx2), tf.minimum(ax1, bx1)), tf.sub(tf.maximum(ay2, by2), tf.minimum(ay1, by1)));
  const giou = tf.sub(iou, tf.div(tf.sub(hull, union), tf.add(hull, 1e-7)));
  return tf.mean(tf.sub(1, giou));
}

/** Mean IoU over classes present in either map, from the [prediction, target] count matrix. */
export function meanIouFromCounts(counts, numClasses) {
  let total = 0;
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
    total += intersection / union;
    present += 1;
  }
  return present === 0 ? 0 : total / present;
}

/**
 * Returns the setup of the @zae ArcFace workload for one mode: it builds the
 * module with the shared weight (untimed, like a model's parameters) and
 * returns the timed call.
 */
function createZaeArcFace(arcface, shapes, mode) {
  const { batch, inFeatures, classes, scale, margin } = shapes;
  return (d) => {
    const head = new arcface.ArcFaceLoss(inFeatures, classes, {
      scale,
      margin,
      weight: { data: d.weight, shape: [classes, inFeatures] },
    });
    const features = { data: d.features, shape: [batch, inFeatures] };
    const labels = { data: d.labels, shape: [batch] };
    if (mode === "forward") return () => head.forward(features, labels).data;
    return () => {
      const { value, gradFeatures, gradWeight } = head.lossWithGrad(features, labels);
      return [value, gradFeatures.data, gradWeight.data];
    };
  };
}
