import { describe, expect, it } from "vitest";
import { loadFixture, expectAllClose } from "@zae/test-utils";
import { crossEntropy, crossEntropyWithGrad } from "../src/index.js";
import { toTyped, type DtypeName, type FlatTensor } from "./fixture-tensors.js";

interface ReductionResult {
  readonly value: number | FlatTensor;
  readonly grad: FlatTensor;
}

interface CrossEntropyCase {
  readonly name: string;
  readonly dtype: DtypeName;
  readonly logit: FlatTensor;
  readonly target: FlatTensor;
  readonly weight: FlatTensor | null;
  readonly pos_weight: FlatTensor | null;
  readonly results: Record<"mean" | "sum" | "none", ReductionResult>;
}

const fixture = loadFixture<CrossEntropyCase>(new URL("./fixtures/cross-entropy.json", import.meta.url));

// Parity bounds: 1e-10 relative for float64 and 1e-5 for float32. PyTorch 1.13
// computes log(exp(-m) + exp(-x - m)) and (1 + (p - 1) y) σ(x) - p y, which
// round 1 + e^-|x| and σ(x) near 1: at x = -20, y = 0 its float64 loss is
// off by 3e-8 relative and its float32 loss is 0. Where that happens the
// element is compared instead with an absolute bound of a few units of
// rounding of its terms: `unit` · |w| (1 + |p|) (1 + |x|) for the loss and
// `unit` · |w| (1 + |p|) for the gradient.
const TOLERANCE = {
  float64: { rtol: 1e-10, unit: 1e-15 },
  float32: { rtol: 1e-5, unit: 1e-6 },
} as const;

/** Per-element absolute bounds on PyTorch's rounding error for the loss and for the gradient. */
function roundingBounds(testCase: CrossEntropyCase): { loss: Float64Array; grad: Float64Array } {
  const { unit } = TOLERANCE[testCase.dtype];
  const n = testCase.logit.data.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n);
  const weight = testCase.weight === null ? undefined : broadcastFlat(testCase.weight, testCase.logit.shape);
  const posWeight = testCase.pos_weight === null ? undefined : broadcastFlat(testCase.pos_weight, testCase.logit.shape);
  for (let i = 0; i < n; i++) {
    const w = Math.abs(weight?.[i] ?? 1);
    const p = Math.abs(posWeight?.[i] ?? 1);
    grad[i] = unit * w * (1 + p);
    loss[i] = grad[i] * (1 + Math.abs(testCase.logit.data[i]));
  }
  return { loss, grad };
}

/** Broadcasts a fixture weight to `shape` by trailing-axis rules, independently of the code under test. */
function broadcastFlat(weight: FlatTensor, shape: number[]): number[] {
  const size = shape.reduce((product, extent) => product * extent, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let remainder = flat;
    let offset = 0;
    let stride = 1;
    for (let axis = shape.length - 1, weightAxis = weight.shape.length - 1; axis >= 0; axis--, weightAxis--) {
      const index = remainder % shape[axis];
      remainder = Math.floor(remainder / shape[axis]);
      if (weightAxis < 0) continue;
      const extent = weight.shape[weightAxis];
      if (extent !== 1) offset += index * stride;
      stride *= extent;
    }
    out.push(weight.data[offset]);
  }
  return out;
}

function argumentsOf(testCase: CrossEntropyCase) {
  const logit = toTyped(testCase.logit, testCase.dtype);
  const target = toTyped(testCase.target, testCase.dtype);
  const weight = testCase.weight === null ? undefined : toTyped(testCase.weight, testCase.dtype);
  const posWeight = testCase.pos_weight === null ? undefined : toTyped(testCase.pos_weight, testCase.dtype);
  return { logit, target, weight, posWeight };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

describe("crossEntropy against PyTorch", () => {
  it("records the generator and torch version", () => {
    expect(fixture.generator).toBe("tooling/reference/loss_core.py");
    expect(fixture.torch_version).toMatch(/^1\.13\./);
    expect(fixture.cases.length).toBeGreaterThan(20);
  });

  for (const testCase of fixture.cases) {
    const label = `${testCase.name} (${testCase.dtype})`;
    const { rtol } = TOLERANCE[testCase.dtype];
    const isEmpty = testCase.logit.data.length === 0;

    for (const reduction of ["mean", "sum"] as const) {
      it(`${label}, ${reduction}`, () => {
        const { logit, target, weight, posWeight } = argumentsOf(testCase);
        const expected = testCase.results[reduction];
        const bounds = roundingBounds(testCase);
        const scale = reduction === "mean" && !isEmpty ? 1 / bounds.loss.length : 1;
        const options = posWeight === undefined ? { reduction } : { reduction, posWeight };

        const value = crossEntropy(logit, target, weight, options);
        const withGrad = crossEntropyWithGrad(logit, target, weight, options);

        if (isEmpty && reduction === "mean") {
          // PyTorch's mean over zero elements is NaN; the empty rule makes it 0 here.
          expect(expected.value).toBeNaN();
          expect(value).toBe(0);
        } else {
          expectAllClose(value, expected.value as number, rtol, scale * sum(bounds.loss), "value");
        }
        expect(withGrad.value).toBe(value);
        expect(withGrad.grad.shape).toEqual(expected.grad.shape);
        expectAllClose(withGrad.grad.data, expected.grad.data, rtol, bounds.grad.map((bound) => bound * scale), "grad");
      });
    }

    it(`${label}, none`, () => {
      const { logit, target, weight, posWeight } = argumentsOf(testCase);
      const expected = testCase.results.none;
      const expectedValue = expected.value as FlatTensor;
      const bounds = roundingBounds(testCase);
      const options = posWeight === undefined ? { reduction: "none" as const } : { reduction: "none" as const, posWeight };

      const value = crossEntropy(logit, target, weight, options);
      const withGrad = crossEntropyWithGrad(logit, target, weight, options);

      expect(value.shape).toEqual(expectedValue.shape);
      expect(value.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
      expectAllClose(value.data, expectedValue.data, rtol, bounds.loss, "losses");
      expect(Array.from(withGrad.value.data)).toEqual(Array.from(value.data));
      expect(withGrad.grad.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
      expectAllClose(withGrad.grad.data, expected.grad.data, rtol, bounds.grad, "grad");
    });
  }
});
