import { describe, expect, it } from "vitest";
import { ZaeOptionError, ZaeShapeError, ZaeValueError, createRng } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad } from "@zae/test-utils";
import { crossEntropy, crossEntropyWithGrad } from "../src/index.js";
import { snapshot } from "./fixture-tensors.js";

/** softplus(z) = log(1 + e^z), written out here so the tests do not reuse the code under test. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Returns the loss by its definition -w [p y log σ(x) + (1 - y) log(1 - σ(x))], using log σ(x) = -softplus(-x). */
function referenceLoss(x: number, y: number, w = 1, p = 1): number {
  return w * (p * y * softplus(-x) + (1 - y) * softplus(x));
}

function randomValues(count: number, seed: number, low: number, high: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: count }, () => low + (high - low) * rng.next());
}

describe("crossEntropy", () => {
  it("is binary per element, not softmax", () => {
    // Softmax cross-entropy of [2, 2] against [1, 0] would be log 2 for the row;
    // binary cross-entropy treats each logit as its own problem.
    const losses = crossEntropy([[2, 2]], [[1, 0]], undefined, { reduction: "none" });

    expect(losses.data[0]).toBeCloseTo(softplus(-2), 15);
    expect(losses.data[1]).toBeCloseTo(softplus(2), 15);
  });

  it("defaults to the mean over elements", () => {
    const logit = [0.5, -1.5, 3];
    const target = [1, 0, 0.25];
    const expected = logit.map((x, i) => referenceLoss(x, target[i]));

    expect(crossEntropy(logit, target)).toBeCloseTo((expected[0] + expected[1] + expected[2]) / 3, 15);
    expect(crossEntropy(logit, target, undefined, { reduction: "sum" })).toBeCloseTo(expected[0] + expected[1] + expected[2], 14);
  });

  it("mean divides by count, not weight sum", () => {
    const weights = [0, 0, 2];

    const value = crossEntropy([1, 1, 1], [0, 0, 0], weights);

    expect(value).toBeCloseTo((2 * softplus(1)) / 3, 15);
  });

  it("weights the last axis with a [C] weight", () => {
    const logit = [[0.3, -0.7, 1.1], [2, -2, 0]];
    const target = [[1, 0, 1], [0, 1, 0.5]];

    const byClass = crossEntropy(logit, target, [1, 2, 3], { reduction: "none" });
    const full = crossEntropy(logit, target, [[1, 2, 3], [1, 2, 3]], { reduction: "none" });

    expect(Array.from(byClass.data)).toEqual(Array.from(full.data));
    expect(byClass.data[5]).toBeCloseTo(3 * referenceLoss(0, 0.5), 15);
  });

  it("weights the class axis of [N, C, L] with [C, 1]", () => {
    const n = 2;
    const c = 3;
    const l = 4;
    const logit = { data: randomValues(n * c * l, 1, -3, 3), shape: [n, c, l] };
    const target = { data: randomValues(n * c * l, 2, 0, 1), shape: [n, c, l] };
    const classWeight = [0.5, 1, 4];

    const losses = crossEntropy(logit, target, [[0.5], [1], [4]], { reduction: "none" });

    for (let i = 0; i < n * c * l; i++) {
      const classIndex = Math.floor(i / l) % c;
      expect(losses.data[i]).toBeCloseTo(referenceLoss(logit.data[i], target.data[i], classWeight[classIndex]), 14);
    }
  });

  it("rejects a weight that cannot broadcast", () => {
    const logit = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const target = logit;

    const call = () => crossEntropy(logit, target, [1, 2, 3, 4]);

    expect(call).toThrow(ZaeShapeError);
    expect(call).toThrow(/classWeights/);
    expect(call).toThrow(/\[4, 3\]/);
    expect(call).toThrow(/received \[4\]/);
    expect(call).toThrow(/\[C, 1\]/);
  });

  it("rejects a posWeight that cannot broadcast", () => {
    const call = () => crossEntropy([[0, 0, 0]], [[0, 1, 0]], undefined, { posWeight: [1, 2] });

    expect(call).toThrow(ZaeShapeError);
    expect(call).toThrow(/options\.posWeight/);
    expect(call).toThrow(/\[1, 3\]/);
    expect(call).toThrow(/received \[2\]/);
  });

  it("applies posWeight to the positive term", () => {
    const logit = [[0.4, -1.2], [2.5, 0]];
    const target = [[1, 0.3], [0, 0.8]];
    const posWeight = [3, 0.5];

    const losses = crossEntropy(logit, target, undefined, { reduction: "none", posWeight });

    expect(losses.data[0]).toBeCloseTo(referenceLoss(0.4, 1, 1, 3), 15);
    expect(losses.data[1]).toBeCloseTo(referenceLoss(-1.2, 0.3, 1, 0.5), 15);
    expect(losses.data[2]).toBeCloseTo(referenceLoss(2.5, 0, 1, 3), 15);
    expect(losses.data[3]).toBeCloseTo(referenceLoss(0, 0.8, 1, 0.5), 15);
  });

  it("points options in the third argument to the fourth", () => {
    const call = () => crossEntropy([1, -1], [1, 0], { reduction: "sum" } as never);
    expect(call).toThrow(ZaeOptionError);
    expect(call).toThrow(/`classWeights` must be a weight tensor, null or undefined, received an options object \(reduction\)/);
    expect(call).toThrow(/Options go in the fourth argument/);
    expect(() => crossEntropyWithGrad([1], [1], { posWeight: [2] } as never)).toThrow(/crossEntropyWithGrad\(logit, yHot, undefined/);
  });

  it("rejects [N, 1] logits against [N] targets", () => {
    const call = () => crossEntropy([[0.5], [1.5]], [1, 0]);

    expect(call).toThrow(ZaeShapeError);
    expect(call).toThrow(/`yHot` must be the same shape as `logit` \(\[2, 1\]\), received \[2\]/);
  });

  it("accepts booleans, integers and soft labels", () => {
    const logit = [0.2, -0.4, 1.3];
    const asFloats = crossEntropy(logit, [1, 0, 1]);

    expect(crossEntropy(logit, [true, false, true])).toBe(asFloats);
    expect(crossEntropy(logit, Int32Array.of(1, 0, 1))).toBe(asFloats);
    expect(crossEntropy(logit, Uint8Array.of(1, 0, 1))).toBe(asFloats);
    expect(crossEntropy(logit, [0.1, 0.9, 0.5])).toBeCloseTo(
      (referenceLoss(0.2, 0.1) + referenceLoss(-0.4, 0.9) + referenceLoss(1.3, 0.5)) / 3,
      15,
    );
  });

  it("rejects targets outside [0, 1]", () => {
    expect(() => crossEntropy([0, 0], [0, 1.5])).toThrow(ZaeValueError);
    expect(() => crossEntropy([0, 0], [0, 1.5])).toThrow(/`yHot \(flat index 1\)` must be a probability in \[0, 1\].*received 1\.5/);
    expect(() => crossEntropy([0, 0], [-0.1, 1])).toThrow(/received -0\.1/);
    expect(() => crossEntropy([0, 0], Int32Array.of(0, 2))).toThrow(ZaeValueError);
  });

  it("rejects NaN targets", () => {
    expect(() => crossEntropy([0, 0], [NaN, 1])).toThrow(ZaeValueError);
    expect(() => crossEntropy([0, 0], [NaN, 1])).toThrow(/flat index 0.*received NaN/);
  });

  it("stays finite for logits of magnitude 1e4", () => {
    const logit = [1e4, -1e4, 1e4, -1e4, 1e4];
    const target = [1, 0, 0, 1, 0.5];

    const { value, grad } = crossEntropyWithGrad(logit, target, undefined, { reduction: "none" });

    // Certain and right: the loss is softplus(-1e4) = e^-1e4, which is 0 in float64.
    expect(Array.from(value.data)).toEqual([0, 0, 1e4, 1e4, 5000]);
    // d/dx = (1 - y) σ(x) - y σ(-x): 0, 0, 1, -1 and 0.5 in the limit.
    expect(Array.from(grad.data)).toEqual([0, 0, 1, -1, 0.5]);
  });

  it("keeps tiny losses instead of flushing them", () => {
    // softplus(-20) = log1p(e^-20) ≈ 2.0611536e-9, which log(1 + e^-20) rounds.
    const exact = Math.log1p(Math.exp(-20));

    const { value, grad } = crossEntropyWithGrad([-20], [0], undefined, { reduction: "sum" });
    const fromFloat32 = crossEntropy(Float32Array.of(-20), [0], undefined, { reduction: "sum" });

    expect(value).toBeCloseTo(2.0611536e-9, 15);
    expect(Math.abs(value - exact) / exact).toBeLessThan(1e-15);
    expect(Math.abs(fromFloat32 - exact) / exact).toBeLessThan(1e-15);
    // d/dx = σ(-20) = e^-20 / (1 + e^-20).
    expect(Math.abs(grad.data[0] - Math.exp(-20) / (1 + Math.exp(-20))) / grad.data[0]).toBeLessThan(1e-15);
  });

  it("keeps tiny gradients when σ(x) rounds to 1", () => {
    // d/dx at x = 40, y = 1 is -σ(-40) ≈ -4.25e-18, where 1 - σ(40) is 0 in float64.
    const { grad } = crossEntropyWithGrad([40], [1], undefined, { reduction: "sum" });

    const expected = -Math.exp(-40) / (1 + Math.exp(-40));
    expect(Math.abs(grad.data[0] - expected) / Math.abs(expected)).toBeLessThan(1e-15);
  });

  it("gives limits, not NaN, for infinite logits", () => {
    const logit = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
    const target = [1, 0, 0, 1, 0.5, 0.5];

    const { value, grad } = crossEntropyWithGrad(logit, target, undefined, { reduction: "none" });

    expect(Array.from(value.data)).toEqual([0, 0, Infinity, Infinity, Infinity, Infinity]);
    expect(Array.from(grad.data)).toEqual([0, 0, 1, -1, 0.5, -0.5]);
  });

  it("gives limits for infinite logits with weights", () => {
    const logit = [Infinity, -Infinity, -Infinity, Infinity];
    const target = [1, 1, 1, 0];
    const options = { reduction: "none" as const, posWeight: [2, 0, 3, 1] };

    const { value, grad } = crossEntropyWithGrad(logit, target, [1, 1, 0, 2], options);

    // pos_weight 0 removes the positive term; class weight 0 removes the element.
    expect(Array.from(value.data)).toEqual([0, 0, 0, Infinity]);
    expect(Array.from(grad.data)).toEqual([0, 0, 0, 2]);
    expect(crossEntropy(logit, target, [1, 1, 0, 2], { posWeight: [2, 0, 3, 1] })).toBe(Infinity);
  });

  it("propagates a NaN logit", () => {
    const losses = crossEntropy([NaN, 1], [1, 1], undefined, { reduction: "none" });

    expect(losses.data[0]).toBeNaN();
    expect(losses.data[1]).toBeCloseTo(softplus(-1), 15);
  });

  it("gives 0 for a NaN logit of weight 0", () => {
    const { value, grad } = crossEntropyWithGrad([NaN, 1], [1, 1], [0, 1], { reduction: "none" });

    expect(value.data[0]).toBe(0);
    expect(grad.data[0]).toBe(0);
  });

  it("returns 0 and an empty gradient for zero elements", () => {
    const empty = { data: new Float64Array(0), shape: [0, 3] };

    const mean = crossEntropyWithGrad(empty, empty, [1, 2, 3]);
    const sum = crossEntropyWithGrad(empty, empty, undefined, { reduction: "sum" });
    const none = crossEntropy(empty, empty, undefined, { reduction: "none" });

    expect(mean.value).toBe(0);
    expect(mean.grad.shape).toEqual([0, 3]);
    expect(mean.grad.data.length).toBe(0);
    expect(sum.value).toBe(0);
    expect(none.shape).toEqual([0, 3]);
  });

  it("accepts a 0-D scalar logit", () => {
    const { value, grad } = crossEntropyWithGrad(0.75, 1);

    expect(value).toBeCloseTo(softplus(-0.75), 15);
    expect(grad.shape).toEqual([]);
    expect(grad.data[0]).toBeCloseTo(-1 / (1 + Math.exp(0.75)), 15);
  });

  it("treats null class weights as none", () => {
    expect(crossEntropy([0.3, -2], [1, 0], null)).toBe(crossEntropy([0.3, -2], [1, 0]));
  });

  it("keeps float32 for float32 logits", () => {
    const none = crossEntropy(Float32Array.of(0.5, -0.5), [1, 0], undefined, { reduction: "none" });
    const { grad } = crossEntropyWithGrad(Float32Array.of(0.5, -0.5), [1, 0]);
    const fromFloat64 = crossEntropyWithGrad(Float64Array.of(0.5, -0.5), [1, 0]);

    expect(none.data).toBeInstanceOf(Float32Array);
    expect(grad.data).toBeInstanceOf(Float32Array);
    expect(fromFloat64.grad.data).toBeInstanceOf(Float64Array);
  });

  it("accepts a duck-typed framework tensor", () => {
    const tfjsLike = { shape: [2], dataSync: () => Float32Array.of(0.25, -1) };

    expect(crossEntropy(tfjsLike, [1, 0])).toBeCloseTo((referenceLoss(0.25, 1) + referenceLoss(-1, 0)) / 2, 7);
  });

  it("rejects unknown options and reductions", () => {
    expect(() => crossEntropy([0], [1], undefined, { reduce: "mean" } as never)).toThrow(ZaeOptionError);
    expect(() => crossEntropy([0], [1], undefined, { reduce: "mean" } as never)).toThrow(/unknown option "reduce"/);
    expect(() => crossEntropy([0], [1], undefined, { reduction: "avg" } as never)).toThrow(ZaeOptionError);
    expect(() => crossEntropy([0], [1], undefined, { reduction: "avg" } as never)).toThrow(/"mean", "sum", "none"/);
    expect(() => crossEntropyWithGrad([0], [1], undefined, { pos_weight: [2] } as never)).toThrow(/crossEntropyWithGrad/);
  });

  it("rejects a logit that is not a tensor", () => {
    expect(() => crossEntropy("0.5" as never, [1])).toThrow(ZaeValueError);
    expect(() => crossEntropy("0.5" as never, [1])).toThrow(/crossEntropy: `logit` must be/);
  });

  it("leaves its inputs unchanged", () => {
    const logit = { data: Float64Array.of(0.5, -3, 8, 1e4), shape: [2, 2] };
    const target = { data: Float64Array.of(1, 0, 0.5, 1), shape: [2, 2] };
    const weight = { data: Float64Array.of(2, 0.5), shape: [2] };
    const posWeight = { data: Float64Array.of(3, 1), shape: [2] };
    const before = [logit, target, weight, posWeight].map(snapshot);

    crossEntropyWithGrad(logit, target, weight, { posWeight, reduction: "none" });
    crossEntropy(logit, target, weight, { posWeight });

    expect([logit, target, weight, posWeight].map(snapshot)).toEqual(before);
  });
});

describe("crossEntropyWithGrad", () => {
  const shape = [2, 3, 4];
  const size = 24;
  const logitValues = randomValues(size, 11, -4, 4);
  const target = { data: randomValues(size, 12, 0, 1), shape };
  const weight = [[0.5], [2], [1]];
  const posWeight = [[3], [1], [0.25]];

  for (const reduction of ["mean", "sum", "none"] as const) {
    it(`matches finite differences, ${reduction}`, () => {
      const options = { reduction, posWeight };
      const loss = (x: Float64Array): number => {
        const value = crossEntropy({ data: x, shape }, target, weight, options);
        return typeof value === "number" ? value : Array.from(value.data).reduce((a, b) => a + b, 0);
      };

      const { grad } = crossEntropyWithGrad({ data: logitValues, shape }, target, weight, options);

      expectAllClose(grad.data, finiteDifferenceGrad(loss, logitValues), 1e-6, 1e-9, "grad");
    });
  }

  it("matches finite differences at large logits", () => {
    const logit = Float64Array.of(30, -30, 25, -25);
    const labels = [0.25, 0.75, 1, 0];
    const loss = (x: Float64Array): number => crossEntropy(x, labels, undefined, { reduction: "sum" });

    const { grad } = crossEntropyWithGrad(logit, labels, undefined, { reduction: "sum" });

    expectAllClose(grad.data, finiteDifferenceGrad(loss, logit, 1e-7), 1e-6, 1e-9, "grad");
  });
});
