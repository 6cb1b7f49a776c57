// Computes fixed losses, gradients and errors with the published packages.
// The ESM script, the CJS script and the browser bundle all call this one
// function, so their results must be identical.
"use strict";

function plainTensor(tensor) {
  return { type: tensor.data.constructor.name, shape: Array.from(tensor.shape), data: Array.from(tensor.data) };
}

function describeError(run, isZaeError) {
  try {
    run();
  } catch (error) {
    return { name: error.name, message: error.message, isZaeError: isZaeError(error) };
  }
  return { name: "none", message: "no error thrown", isZaeError: false };
}

module.exports = function computeResults(loss, lossIou) {
  const target = [[1, 2], [3, 4]];
  const prediction = [[1.5, 2], [2, 4.25]];
  const mseWithGrad = loss.mseWithGrad(target, prediction);
  const crossEntropyWithGrad = loss.crossEntropyWithGrad([[2, -1]], [[1, 0]]);
  const giouWithGrad = lossIou.GIoUWithGrad([[0, 2]], [[5, 7]]);

  // A seeded head: the weight comes from the package's own PRNG, so Node and
  // the browser must draw the same numbers.
  const seededHead = new loss.ArcFaceLoss(4, 3, { seed: 7 });
  const arcFace = seededHead.lossWithGrad([[0.5, -1, 2, 0.25], [1, 1, -0.5, 0]], [0, 2]);
  // A head whose loss has a closed form: the unit feature at angle 0.3 from
  // the label's weight row [1, 0] and at pi/2 - 0.3 from the other row [0, 1].
  const knownHead = new loss.ArcFaceLoss(2, 2, { weight: [[1, 0], [0, 1]], scale: 2, margin: 0.5 });
  const knownFeature = [[Math.cos(0.3), Math.sin(0.3)]];

  return {
    exportsOfLossIou: Object.keys(lossIou).sort(),
    mse: loss.mse(target, prediction),
    mseSum: loss.mse(target, prediction, { reduction: "sum" }),
    mseFloat32: plainTensor(loss.mse(new Float32Array([0.1, 0.2]), new Float32Array([0.3, -0.2]), { reduction: "none" })),
    mseWithGrad: { value: mseWithGrad.value, grad: plainTensor(mseWithGrad.grad) },
    crossEntropy: loss.crossEntropy([[2, -1]], [[1, 0]]),
    crossEntropyWithGrad: { value: crossEntropyWithGrad.value, grad: plainTensor(crossEntropyWithGrad.grad) },
    giou: lossIou.GIoU([[0, 2]], [[5, 7]]),
    giouWithGrad: { value: giouWithGrad.value, grad: plainTensor(giouWithGrad.grad) },
    sameGIoU: lossIou.GIoU === loss.GIoU,
    mIoU: loss.mIoU([0, 1, 1, 2, 2], [0, 1, 1, 2, 1]),
    arcFace: {
      value: arcFace.value,
      gradFeatures: plainTensor(arcFace.gradFeatures),
      gradWeight: plainTensor(arcFace.gradWeight),
      weight: seededHead.toJSON().weight,
    },
    arcFaceKnown: knownHead.loss(knownFeature, [0]),
    shapeError: describeError(() => loss.mse([1, 2], [1, 2, 3]), loss.isZaeError),
    optionError: describeError(() => loss.mse([1], [1], { reductions: "sum" }), loss.isZaeError),
    invertedBoxError: describeError(() => lossIou.GIoU([[2, 0]], [[0, 2]]), loss.isZaeError),
    labelError: describeError(() => loss.mIoU([0, 1.5], [0, 1]), loss.isZaeError),
  };
};
