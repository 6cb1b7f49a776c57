import { describe, expect, it } from "vitest";
import { ZaeOptionError, ZaeShapeError, createRng } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad, loadFixture } from "@zae/test-utils";
import { computeGramMatrix, computeGramMatrixWithGrad } from "../src/index.js";
import { snapshot, toTyped, type DtypeName, type FlatTensor } from "./fixture-tensors.js";

function randomValues(count: number, seed: number, low: number, high: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: count }, () => low + (high - low) * rng.next());
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

describe("computeGramMatrix", () => {
  it("returns the mean when reduce is true", () => {
    // Rows [1, 0] and [1, 1] have cosine 1/√2, so the mean is (2 + 2/√2) / 4.
    const expected = (2 + 2 / Math.SQRT2) / 4;

    expect(computeGramMatrix([[1, 0], [1, 1]])).toBeCloseTo(expected, 15);
    expect(computeGramMatrix([[1, 0], [1, 1]], true)).toBeCloseTo(expected, 15);
  });

  it("returns the matrix when reduce is false", () => {
    const gram = computeGramMatrix([[1, 0], [1, 1], [0, -2]], false);

    expect(gram.shape).toEqual([3, 3]);
    expectAllClose(gram.data, [1, Math.SQRT1_2, 0, Math.SQRT1_2, 1, -Math.SQRT1_2, 0, -Math.SQRT1_2, 1], 1e-15, 1e-16);
  });

  it("gives a zero row and column for a zero row", () => {
    const gram = computeGramMatrix([[0, 0], [3, 4]], false);

    expect(Array.from(gram.data)).toEqual([0, 0, 0, 1]);
    expect(computeGramMatrix([[0, 0], [3, 4]])).toBe(0.25);
  });

  it("clamps cosines that PyTorch rounds above 1", () => {
    interface GramCase {
      readonly name: string;
      readonly dtype: DtypeName;
      readonly batch: FlatTensor;
      readonly results: { readonly matrix: { readonly value: FlatTensor } };
    }
    const fixture = loadFixture<GramCase>(new URL("./fixtures/gram-matrix.json", import.meta.url));
    const rounded = fixture.cases.filter((c) => c.results.matrix.value.data.some((entry) => Math.abs(entry) > 1));
    // PyTorch 1.13 float32 returns 1.0000001 on the diagonal for these batches.
    expect(rounded.length).toBeGreaterThan(0);

    for (const testCase of rounded) {
      const gram = computeGramMatrix(toTyped(testCase.batch, testCase.dtype), false);
      const largest = Math.max(...Array.from(gram.data, Math.abs));
      expect(largest, testCase.name).toBeLessThanOrEqual(1);
    }
  });

  it("returns 0 and a [0, 0] matrix for an empty batch", () => {
    const empty = { data: new Float64Array(0), shape: [0, 3] };

    const mean = computeGramMatrixWithGrad(empty);
    const matrix = computeGramMatrix(empty, false);

    expect(mean.value).toBe(0);
    expect(mean.grad.shape).toEqual([0, 3]);
    expect(mean.grad.data.length).toBe(0);
    expect(matrix.shape).toEqual([0, 0]);
  });

  it("treats rows of zero columns as zero rows", () => {
    const gram = computeGramMatrix({ data: new Float64Array(0), shape: [2, 0] }, false);

    expect(Array.from(gram.data)).toEqual([0, 0, 0, 0]);
  });

  it("normalizes rows whose squares overflow", () => {
    // PyTorch's norm of [1e200, 1e200] overflows to Infinity and its rows become 0;
    // the cosine of [1, 1] and [1, 0] is 1/√2.
    const gram = computeGramMatrix([[1e200, 1e200], [1e200, 0]], false);

    expectAllClose(gram.data, [1, Math.SQRT1_2, Math.SQRT1_2, 1], 1e-15);
  });

  it("divides rows with a norm below 1e-12 by 1e-12", () => {
    const gram = computeGramMatrix([[3e-13, 4e-13], [3, 4]], false);

    // u = [0.3, 0.4] for the first row, so G00 = 0.25 and G01 = 0.3 · 0.6 + 0.4 · 0.8 = 0.5.
    expectAllClose(gram.data, [0.25, 0.5, 0.5, 1], 1e-12);
  });

  it("keeps float32 for a float32 batch", () => {
    const batch = { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] };

    expect(computeGramMatrix(batch, false).data).toBeInstanceOf(Float32Array);
    expect(computeGramMatrixWithGrad(batch, false).grad.data).toBeInstanceOf(Float32Array);
    expect(computeGramMatrix([[1, 2], [3, 4]], false).data).toBeInstanceOf(Float64Array);
  });

  it("rejects a 1-D batch", () => {
    const call = () => computeGramMatrix([1, 2, 3]);

    expect(call).toThrow(ZaeShapeError);
    expect(call).toThrow(/computeGramMatrix: `batch` must be a 2-D \[B, N\] tensor.*received shape \[3\]/);
  });

  it("rejects a 3-D batch", () => {
    const call = () => computeGramMatrixWithGrad({ data: new Float64Array(8), shape: [2, 2, 2] });

    expect(call).toThrow(ZaeShapeError);
    expect(call).toThrow(/computeGramMatrixWithGrad: `batch`.*received shape \[2, 2, 2\]/);
  });

  it("rejects a reduce that is not a boolean", () => {
    expect(() => computeGramMatrix([[1, 0]], "false" as never)).toThrow(ZaeOptionError);
    expect(() => computeGramMatrix([[1, 0]], 0 as never)).toThrow(/`reduce` must be a boolean or undefined, received 0/);
  });

  it("leaves its inputs unchanged", () => {
    const batch = { data: Float64Array.of(0, 0, 3, 4, -1, 2), shape: [3, 2] };
    const gradOutput = { data: randomValues(9, 3, -1, 1), shape: [3, 3] };
    const before = [batch, gradOutput].map(snapshot);

    computeGramMatrix(batch);
    computeGramMatrix(batch, false);
    computeGramMatrixWithGrad(batch, false, gradOutput);
    computeGramMatrixWithGrad(batch);

    expect([batch, gradOutput].map(snapshot)).toEqual(before);
  });
});

describe("computeGramMatrixWithGrad", () => {
  const rows = 4;
  const cols = 3;
  const batchValues = randomValues(rows * cols, 21, -2, 2);
  const gradOutput = { data: randomValues(rows * rows, 22, -1, 1), shape: [rows, rows] };

  it("matches finite differences, reduce true", () => {
    const loss = (x: Float64Array): number => computeGramMatrix({ data: x, shape: [rows, cols] });

    const { grad } = computeGramMatrixWithGrad({ data: batchValues, shape: [rows, cols] });

    expectAllClose(grad.data, finiteDifferenceGrad(loss, batchValues), 1e-6, 1e-9, "grad");
  });

  it("matches finite differences, default gradOutput", () => {
    const loss = (x: Float64Array): number => sum(computeGramMatrix({ data: x, shape: [rows, cols] }, false).data);

    const { grad } = computeGramMatrixWithGrad({ data: batchValues, shape: [rows, cols] }, false);

    expectAllClose(grad.data, finiteDifferenceGrad(loss, batchValues), 1e-6, 1e-9, "grad");
  });

  it("matches finite differences, given gradOutput", () => {
    const loss = (x: Float64Array): number => {
      const gram = computeGramMatrix({ data: x, shape: [rows, cols] }, false);
      let total = 0;
      for (let i = 0; i < gram.data.length; i++) total += gram.data[i] * gradOutput.data[i];
      return total;
    };

    const { grad } = computeGramMatrixWithGrad({ data: batchValues, shape: [rows, cols] }, false, gradOutput);

    expectAllClose(grad.data, finiteDifferenceGrad(loss, batchValues), 1e-6, 1e-9, "grad");
  });

  it("scales the mean gradient by a scalar gradOutput", () => {
    const batch = { data: batchValues, shape: [rows, cols] };

    const unit = computeGramMatrixWithGrad(batch);
    const scaled = computeGramMatrixWithGrad(batch, true, -2.5);

    expectAllClose(scaled.grad.data, Array.from(unit.grad.data, (g) => -2.5 * g), 1e-14, 1e-18);
  });

  it("uses Jacobian I / 1e-12 for a zero row", () => {
    // Rows u0 = 0 and u1 = [0.6, 0.8]. With gradOutput ones, dL/du0 = 2 (u0 + u1),
    // and the clamped norm makes dL/dx0 = dL/du0 / 1e-12.
    const { grad } = computeGramMatrixWithGrad([[0, 0], [3, 4]], false);

    expectAllClose(grad.data.subarray(0, 2), [1.2e12, 1.6e12], 1e-15);
    // Row 1: v = 2 u1, which is parallel to u1, so (v - (u·v) u) / 5 = 0.
    expectAllClose(grad.data.subarray(2), [0, 0], 0, 1e-16);
  });

  it("rejects a gradOutput of the wrong shape", () => {
    const batch = [[1, 0], [0, 1], [1, 1]];

    expect(() => computeGramMatrixWithGrad(batch, false, [[1, 1], [1, 1]])).toThrow(ZaeShapeError);
    expect(() => computeGramMatrixWithGrad(batch, false, [[1, 1], [1, 1]])).toThrow(
      /`gradOutput` must be the shape of the Gram matrix, \[3, 3\], received shape \[2, 2\]/,
    );
    expect(() => computeGramMatrixWithGrad(batch, true, [1])).toThrow(/`gradOutput` must be a scalar \(shape \[\]\)/);
  });
});
