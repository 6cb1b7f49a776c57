import { createRng, matmulTransposeB } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss, type ArcFaceLossOptions } from "../src/index.js";

const ROWS = 5;
const IN = 6;
const OUT = 4;

/** Uniform values in [-1, 1) from a seeded generator. */
function uniform(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => 2 * rng.next() - 1);
}

const features = uniform(ROWS * IN, 21);
const weight = uniform(OUT * IN, 22);
const labels = [0, 3, 1, 1, 2];

/** Central differences of the loss, with a step that keeps every cosine on one side of its branch points. */
function checkFiniteDifferences(options: ArcFaceLossOptions, rowLabels: number[]): void {
  const head = new ArcFaceLoss(IN, OUT, { ...options, weight: { data: weight, shape: [OUT, IN] } });
  const { gradFeatures, gradWeight } = head.lossWithGrad({ data: features, shape: [ROWS, IN] }, rowLabels);

  const lossOfFeatures = (x: Float64Array) => head.loss({ data: x, shape: [ROWS, IN] }, rowLabels);
  const lossOfWeight = (w: Float64Array) =>
    new ArcFaceLoss(IN, OUT, { ...options, weight: { data: w, shape: [OUT, IN] } }).loss({ data: features, shape: [ROWS, IN] }, rowLabels);

  // Central differences with h = 1e-6 have a truncation error of order h² and a rounding error of order 1e-16 / h.
  expectAllClose(gradFeatures.data, finiteDifferenceGrad(lossOfFeatures, features), 1e-6, 1e-8, "gradFeatures");
  expectAllClose(gradWeight.data, finiteDifferenceGrad(lossOfWeight, weight), 1e-6, 1e-8, "gradWeight");
}

/** Label-column cosines of the test batch, read from the logits of a head without margin and with scale 1. */
function labelCosines(): number[] {
  const plain = new ArcFaceLoss(IN, OUT, { weight: { data: weight, shape: [OUT, IN] }, margin: 0, scale: 1 });
  const logits = plain.forward({ data: features, shape: [ROWS, IN] }, labels).data;
  return labels.map((label, row) => logits[row * OUT + label]);
}

describe("ArcFaceLoss gradients by finite differences", () => {
  it("batch covers both branches", () => {
    const cosines = labelCosines();

    // easyMargin switches at cos = 0; the fallback with m = 2 switches at cos(pi - 2) = 0.416.
    expect(cosines.some((c) => c <= 0)).toBe(true);
    expect(cosines.some((c) => c > 0 && c <= Math.cos(Math.PI - 2))).toBe(true);
    expect(cosines.some((c) => c > Math.cos(Math.PI - 2))).toBe(true);
  });

  it("plain margin", () => checkFiniteDifferences({}, labels));
  it("large margin and scale", () => checkFiniteDifferences({ margin: 1.2, scale: 64 }, labels));
  it("easy margin", () => checkFiniteDifferences({ easyMargin: true }, labels));
  it("margin fallback", () => checkFiniteDifferences({ marginFallback: true, margin: 2 }, labels));
  it("ignored rows", () => checkFiniteDifferences({ ignoreIndex: -1 }, [0, -1, 1, -1, 2]));

  it("backward of a custom loss", () => {
    const head = new ArcFaceLoss(IN, OUT, { weight: { data: weight, shape: [OUT, IN] } });
    const upstream = uniform(ROWS * OUT, 13);
    // L = sum(logits * upstream), so dL/dlogits = upstream.
    const objective = (x: Float64Array) => {
      const logits = head.forward({ data: x, shape: [ROWS, IN] }, labels).data;
      let sum = 0;
      for (let i = 0; i < logits.length; i++) sum += logits[i] * upstream[i];
      return sum;
    };
    const grads = head.backward({ data: features, shape: [ROWS, IN] }, labels, { data: upstream, shape: [ROWS, OUT] });

    expectAllClose(grads.features.data, finiteDifferenceGrad(objective, features), 1e-6, 1e-7, "features");
  });
});

describe("ArcFaceLoss training step", () => {
  it("SGD on weight lowers loss", () => {
    const head = new ArcFaceLoss(IN, OUT, { seed: 3 });
    const batch = { data: features, shape: [ROWS, IN] };
    const before = head.lossWithGrad(batch, labels);

    const next = head.weight;
    for (let i = 0; i < next.data.length; i++) next.data[i] -= 0.01 * before.gradWeight.data[i];
    head.setWeight(next);
    const after = head.loss(batch, labels);

    // A step of length lr * |g|² along -g lowers a smooth loss to first order.
    let squaredNorm = 0;
    for (const g of before.gradWeight.data) squaredNorm += g * g;
    expect(squaredNorm).toBeGreaterThan(0);
    expect(after).toBeLessThan(before.value);
  });

  it("fifty steps separate a batch", () => {
    const head = new ArcFaceLoss(IN, OUT, { seed: 4, scale: 16, margin: 0.2 });
    const batch = { data: features, shape: [ROWS, IN] };
    const first = head.loss(batch, labels);

    for (let step = 0; step < 50; step++) {
      const { gradWeight } = head.lossWithGrad(batch, labels);
      const next = head.weight;
      for (let i = 0; i < next.data.length; i++) next.data[i] -= 0.05 * gradWeight.data[i];
      head.setWeight(next);
    }

    expect(head.loss(batch, labels)).toBeLessThan(first / 2);
  });
});

describe("ArcFaceLoss gradient identities", () => {
  it("feature gradient orthogonal to row", () => {
    // The loss depends on a feature row only through its direction, so the
    // gradient has no component along the row: x_i · dL/dx_i = 0.
    const head = new ArcFaceLoss(IN, OUT, { seed: 5 });
    const { gradFeatures } = head.lossWithGrad({ data: features, shape: [ROWS, IN] }, labels);
    const dots = new Float64Array(ROWS);
    for (let r = 0; r < ROWS; r++) {
      const row = features.subarray(r * IN, (r + 1) * IN);
      const grad = gradFeatures.data.subarray(r * IN, (r + 1) * IN);
      dots[r] = matmulTransposeB(row, grad, 1, IN, 1)[0];
    }

    expectAllClose(dots, new Float64Array(ROWS), 0, 1e-14, "x · grad");
  });
});
