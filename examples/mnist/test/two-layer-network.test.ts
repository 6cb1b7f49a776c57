import { createRng } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { Adam } from "../src/adam.js";
import { boxGradToOutputs, outputsToBoxes } from "../src/box-parameterization.js";
import { TwoLayerNetwork } from "../src/two-layer-network.js";

function randomMatrix(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => 2 * rng.next() - 1);
}

describe("TwoLayerNetwork", () => {
  const rows = 5;
  const network = new TwoLayerNetwork(6, 4, 3, createRng(11));
  // Non-zero biases, so the bias gradients are checked at a generic point.
  network.b1.set(randomMatrix(4, 12));
  network.b2.set(randomMatrix(3, 13));
  const input = randomMatrix(rows * 6, 14);
  input[3] = 0;
  const weights = randomMatrix(rows * 3, 15);
  // The scalar loss Σ weights ⊙ output has gradient `weights` with respect to the output.
  const loss = (): number => network.forward(input, rows).reduce((sum, value, i) => sum + value * weights[i], 0);

  it("matches finite differences for every parameter", () => {
    loss();
    network.backward(weights);
    const analytic = network.gradients().map((g) => Float64Array.from(g));

    network.parameters().forEach((parameter, index) => {
      const numeric = finiteDifferenceGrad((point) => {
        const saved = Float64Array.from(parameter);
        parameter.set(point);
        const value = loss();
        parameter.set(saved);
        return value;
      }, parameter);
      expectAllClose(analytic[index], numeric, 1e-6, 1e-8, `parameter ${index}`);
    });
  });

  it("leaves the input unchanged", () => {
    const copy = Float64Array.from(input);
    loss();
    network.backward(weights);
    expect(input).toEqual(copy);
  });

  it("predicts in blocks like one forward pass", () => {
    const whole = Float64Array.from(network.forward(input, rows));
    expectAllClose(network.predict(input, rows, 2), whole, 1e-15, 0, "blocked output");
  });

  it("keeps forward activations across predict", () => {
    loss();
    network.backward(weights);
    const expected = network.gradients().map((g) => Float64Array.from(g));
    loss();
    network.predict(randomMatrix(7 * 6, 16), 7);
    network.backward(weights);
    network.gradients().forEach((g, index) => expect(g).toEqual(expected[index]));
  });
});

describe("Adam", () => {
  it("moves each parameter by the learning rate on the first step", () => {
    // After one step the bias-corrected moments are g and g², so the step is lr · g / (|g| + ε).
    const parameter = Float64Array.from([1, -2, 3]);
    new Adam([parameter], { learningRate: 0.1, epsilon: 0 }).step([Float64Array.from([0.5, -4, 1e-3])]);
    expectAllClose(parameter, [0.9, -1.9, 2.9], 1e-12, 0, "parameter");
  });

  it("minimises a quadratic", () => {
    const x = Float64Array.from([5, -3]);
    const optimiser = new Adam([x], { learningRate: 0.05 });
    for (let i = 0; i < 2000; i++) optimiser.step([Float64Array.from([2 * (x[0] - 1), 2 * (x[1] + 2)])]);
    expectAllClose(x, [1, -2], 0, 1e-3, "minimum");
  });

  it("rejects gradients that do not match the parameters", () => {
    const optimiser = new Adam([new Float64Array(3)]);
    expect(() => optimiser.step([])).toThrow(/expected 1 gradient arrays, received 0/);
    expect(() => optimiser.step([new Float64Array(2)])).toThrow(/gradient 0 must have 3 entries, received 2/);
  });
});

describe("box parameterization", () => {
  it("gives valid boxes for extreme outputs", () => {
    const boxes = outputsToBoxes(Float64Array.from([0.2, 0.3, -800, -800, -1e3, 1e3, 1e3, -40]));
    for (let i = 0; i < boxes.length; i += 4) {
      expect(boxes[i + 2]).toBeGreaterThanOrEqual(boxes[i]);
      expect(boxes[i + 3]).toBeGreaterThanOrEqual(boxes[i + 1]);
    }
    expect(boxes.every(Number.isFinite)).toBe(true);
  });

  it("matches finite differences", () => {
    const outputs = Float64Array.from([0.1, -0.4, 0.7, -1.3, 2, 0.5, -3, 4]);
    const weights = Float64Array.from([1, -2, 0.5, 3, -1, 0.25, 2, -0.75]);
    const analytic = boxGradToOutputs(outputs, weights);
    const numeric = finiteDifferenceGrad((point) => outputsToBoxes(point).reduce((s, v, i) => s + v * weights[i], 0), outputs);
    expectAllClose(analytic, numeric, 1e-7, 1e-9, "gradient");
  });
});
