import { describe, expect, it } from "vitest";
import { loadFixture, expectAllClose } from "@zae/test-utils";
import { computeGramMatrix, computeGramMatrixWithGrad } from "../src/index.js";
import { toTyped, type DtypeName, type FlatTensor } from "./fixture-tensors.js";

interface GramCase {
  readonly name: string;
  readonly dtype: DtypeName;
  readonly batch: FlatTensor;
  readonly results: {
    readonly reduce: { readonly value: number; readonly grad: FlatTensor };
    readonly matrix: { readonly value: FlatTensor; readonly grad: FlatTensor };
    readonly matrix_with_grad_output: { readonly grad_output: FlatTensor; readonly grad: FlatTensor };
  };
}

const fixture = loadFixture<GramCase>(new URL("./fixtures/gram-matrix.json", import.meta.url));

// Parity bounds: 1e-10 relative for float64 and 1e-5 for float32. Entries
// that cancel to near 0 are accepted within an absolute bound instead: `unit`
// for a cosine (its terms are at most 1), and for the gradient of row i
// `unit` · sum_j (|Γij| + |Γji|) / max(||xi||, 1e-12), the size of the terms
// of (v - (u·v) u) / ||x|| before they cancel (Γ is the upstream gradient).
// Parallel rows, for example, have a true gradient of 0 that PyTorch returns
// as about ±1e-17 in float64 and ±1e-8 in float32.
const TOLERANCE = {
  float64: { rtol: 1e-10, unit: 1e-14 },
  float32: { rtol: 1e-5, unit: 1e-6 },
} as const;

/** Per-element absolute bounds for the gradient of sum(Γ ⊙ G); `upstream` is Γ, or a constant. */
function gradientBounds(batch: FlatTensor, upstream: FlatTensor | number, unit: number): Float64Array {
  const [rows, cols] = batch.shape;
  const bounds = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let weightSum = 0;
    for (let j = 0; j < rows; j++) {
      weightSum +=
        typeof upstream === "number"
          ? 2 * Math.abs(upstream)
          : Math.abs(upstream.data[i * rows + j]) + Math.abs(upstream.data[j * rows + i]);
    }
    let squares = 0;
    for (let c = 0; c < cols; c++) squares += batch.data[i * cols + c] ** 2;
    const bound = (unit * weightSum) / Math.max(Math.sqrt(squares), 1e-12);
    bounds.fill(bound, i * cols, (i + 1) * cols);
  }
  return bounds;
}

describe("computeGramMatrix against PyTorch", () => {
  it("records the generator and torch version", () => {
    expect(fixture.generator).toBe("tooling/reference/loss_core.py");
    expect(fixture.torch_version).toMatch(/^1\.13\./);
    expect(fixture.cases.length).toBeGreaterThan(10);
  });

  for (const testCase of fixture.cases) {
    const label = `${testCase.name} (${testCase.dtype})`;
    const { rtol, unit } = TOLERANCE[testCase.dtype];
    const isEmpty = testCase.batch.shape[0] === 0;

    it(`${label}, reduce true`, () => {
      const batch = toTyped(testCase.batch, testCase.dtype);
      const expected = testCase.results.reduce;

      const value = computeGramMatrix(batch);
      const withGrad = computeGramMatrixWithGrad(batch);

      if (isEmpty) {
        // PyTorch's mean over zero elements is NaN; the empty rule makes it 0 here.
        expect(expected.value).toBeNaN();
        expect(value).toBe(0);
      } else {
        expectAllClose(value, expected.value, rtol, unit, "mean");
      }
      expect(withGrad.value).toBe(value);
      expect(withGrad.grad.shape).toEqual(expected.grad.shape);
      const bounds = gradientBounds(testCase.batch, 1 / testCase.batch.shape[0] ** 2, unit);
      expectAllClose(withGrad.grad.data, expected.grad.data, rtol, bounds, "grad");
    });

    it(`${label}, reduce false`, () => {
      const batch = toTyped(testCase.batch, testCase.dtype);
      const expected = testCase.results.matrix;

      const value = computeGramMatrix(batch, false);
      const withGrad = computeGramMatrixWithGrad(batch, false);

      expect(value.shape).toEqual(expected.value.shape);
      expect(value.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
      expectAllClose(value.data, expected.value.data, rtol, unit, "matrix");
      expect(Array.from(withGrad.value.data)).toEqual(Array.from(value.data));
      expect(withGrad.grad.shape).toEqual(expected.grad.shape);
      expect(withGrad.grad.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
      expectAllClose(withGrad.grad.data, expected.grad.data, rtol, gradientBounds(testCase.batch, 1, unit), "grad");
    });

    it(`${label}, reduce false with gradOutput`, () => {
      const batch = toTyped(testCase.batch, testCase.dtype);
      const expected = testCase.results.matrix_with_grad_output;
      const gradOutput = toTyped(expected.grad_output, testCase.dtype);

      const { grad } = computeGramMatrixWithGrad(batch, false, gradOutput);

      expect(grad.shape).toEqual(expected.grad.shape);
      expectAllClose(grad.data, expected.grad.data, rtol, gradientBounds(testCase.batch, expected.grad_output, unit), "grad");
    });
  }
});
