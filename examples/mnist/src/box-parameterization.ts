import { sigmoid, softplus } from "@zae/tensor-utils";

/**
 * Maps raw network outputs `u` (`[rows, 4]`) to boxes that are valid by
 * construction: `[u0, u1, u0 + softplus(u2), u1 + softplus(u3)]`. The box
 * losses reject a box whose maximum is below its minimum, and softplus keeps
 * width and height non-negative.
 */
export function outputsToBoxes(outputs: Float64Array): Float64Array {
  const boxes = new Float64Array(outputs.length);
  for (let i = 0; i < outputs.length; i += 4) {
    boxes[i] = outputs[i];
    boxes[i + 1] = outputs[i + 1];
    boxes[i + 2] = outputs[i] + softplus(outputs[i + 2]);
    boxes[i + 3] = outputs[i + 1] + softplus(outputs[i + 3]);
  }
  return boxes;
}

/**
 * Returns the gradient with respect to the raw outputs, given the gradient
 * `gradBoxes` with respect to the boxes of {@link outputsToBoxes}: x1 and x2
 * both move with u0, and softplus′ is the sigmoid.
 */
export function boxGradToOutputs(outputs: Float64Array, gradBoxes: ArrayLike<number>): Float64Array {
  const grad = new Float64Array(outputs.length);
  for (let i = 0; i < outputs.length; i += 4) {
    grad[i] = gradBoxes[i] + gradBoxes[i + 2];
    grad[i + 1] = gradBoxes[i + 1] + gradBoxes[i + 3];
    grad[i + 2] = gradBoxes[i + 2] * sigmoid(outputs[i + 2]);
    grad[i + 3] = gradBoxes[i + 3] * sigmoid(outputs[i + 3]);
  }
  return grad;
}
