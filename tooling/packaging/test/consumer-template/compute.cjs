// Computes fixed losses, gradients and one error with the published packages.
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

  return {
    exportsOfLossIou: Object.keys(lossIou).sort(),
    mse: loss.mse(target, prediction),
    mseSum: loss.mse(target, prediction, { reduction: "sum" }),
    mseFloat32: plainTensor(loss.mse(new Float32Array([0.1, 0.2]), new Float32Array([0.3, -0.2]), { reduction: "none" })),
    mseWithGrad: { value: mseWithGrad.value, grad: plainTensor(mseWithGrad.grad) },
    shapeError: describeError(() => loss.mse([1, 2], [1, 2, 3]), loss.isZaeError),
    optionError: describeError(() => loss.mse([1], [1], { reductions: "sum" }), loss.isZaeError),
  };
};
