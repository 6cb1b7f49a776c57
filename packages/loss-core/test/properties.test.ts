import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeGramMatrix, computeGramMatrixWithGrad, crossEntropy, crossEntropyWithGrad } from "../src/index.js";

const finiteLogit = fc.double({ min: -1e4, max: 1e4, noNaN: true });
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const nonNegativeWeight = fc.double({ min: 0, max: 10, noNaN: true });

/** Elements x, y, w, p of one binary cross-entropy problem, as parallel arrays. */
const crossEntropyProblem = fc
  .array(fc.tuple(finiteLogit, probability, nonNegativeWeight, nonNegativeWeight), { minLength: 1, maxLength: 20 })
  .map((elements) => ({
    logit: elements.map((element) => element[0]),
    target: elements.map((element) => element[1]),
    weight: elements.map((element) => element[2]),
    posWeight: elements.map((element) => element[3]),
  }));

/**
 * A [rows, cols] batch whose every row has a norm of at least 1e-3, so none is
 * clamped: a row below that gets 1 added to its first entry.
 */
const gramBatch = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols })
      .map((data) => {
        for (let r = 0; r < rows; r++) {
          let squares = 0;
          for (let c = 0; c < cols; c++) squares += data[r * cols + c] ** 2;
          if (Math.sqrt(squares) < 1e-3) data[r * cols] += 1;
        }
        return { rows, cols, data };
      }),
  );

describe("crossEntropy properties", () => {
  it("is non-negative and finite per element", () => {
    fc.assert(
      fc.property(crossEntropyProblem, ({ logit, target, weight, posWeight }) => {
        const { value, grad } = crossEntropyWithGrad(logit, target, weight, { posWeight, reduction: "none" });
        for (let i = 0; i < logit.length; i++) {
          expect(value.data[i]).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(value.data[i])).toBe(true);
          expect(Number.isFinite(grad.data[i])).toBe(true);
        }
      }),
    );
  });

  it("mean lies between 0 and the largest loss", () => {
    fc.assert(
      fc.property(crossEntropyProblem, ({ logit, target, weight }) => {
        const losses = crossEntropy(logit, target, weight, { reduction: "none" });
        const mean = crossEntropy(logit, target, weight);
        expect(mean).toBeGreaterThanOrEqual(0);
        expect(mean).toBeLessThanOrEqual(Math.max(...losses.data) * (1 + 1e-12));
      }),
    );
  });

  it("leaves its inputs unchanged", () => {
    fc.assert(
      fc.property(crossEntropyProblem, ({ logit, target, weight, posWeight }) => {
        const inputs = [Float64Array.from(logit), Float64Array.from(target), Float64Array.from(weight), Float64Array.from(posWeight)];
        const before = inputs.map((array) => Array.from(array));
        crossEntropyWithGrad(inputs[0], inputs[1], inputs[2], { posWeight: inputs[3], reduction: "none" });
        crossEntropy(inputs[0], inputs[1], inputs[2], { posWeight: inputs[3] });
        expect(inputs.map((array) => Array.from(array))).toEqual(before);
      }),
    );
  });
});

describe("computeGramMatrix properties", () => {
  it("is symmetric with entries in [-1, 1]", () => {
    fc.assert(
      fc.property(gramBatch, ({ rows, cols, data }) => {
        const gram = computeGramMatrix({ data: Float64Array.from(data), shape: [rows, cols] }, false);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < rows; j++) {
            expect(gram.data[i * rows + j]).toBe(gram.data[j * rows + i]);
            expect(Math.abs(gram.data[i * rows + j])).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it("has a unit diagonal for non-zero rows", () => {
    fc.assert(
      fc.property(gramBatch, fc.boolean(), ({ rows, cols, data }, asFloat32) => {
        const values = asFloat32 ? Float32Array.from(data) : Float64Array.from(data);
        const gram = computeGramMatrix({ data: values, shape: [rows, cols] }, false);
        for (let i = 0; i < rows; i++) expect(Math.abs(gram.data[i * rows + i] - 1)).toBeLessThanOrEqual(asFloat32 ? 1e-7 : 1e-15);
      }),
    );
  });

  it("is invariant to positive scaling of a row", () => {
    fc.assert(
      fc.property(
        gramBatch,
        fc.nat(),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        ({ rows, cols, data }, rowChoice, factor) => {
          const row = rowChoice % rows;
          const scaled = Float64Array.from(data);
          for (let c = 0; c < cols; c++) scaled[row * cols + c] *= factor;
          const original = computeGramMatrix({ data: Float64Array.from(data), shape: [rows, cols] }, false);
          const after = computeGramMatrix({ data: scaled, shape: [rows, cols] }, false);
          for (let i = 0; i < original.data.length; i++) expect(Math.abs(after.data[i] - original.data[i])).toBeLessThanOrEqual(1e-14);
        },
      ),
    );
  });

  it("gives finite values and gradients, zero rows included", () => {
    const withZeroRows = gramBatch.chain(({ rows, cols, data }) =>
      fc.array(fc.boolean(), { minLength: rows, maxLength: rows }).map((zeroed) => {
        const out = data.slice();
        zeroed.forEach((isZero, r) => {
          if (isZero) out.fill(0, r * cols, (r + 1) * cols);
        });
        return { rows, cols, data: out };
      }),
    );
    fc.assert(
      fc.property(withZeroRows, ({ rows, cols, data }) => {
        const batch = { data: Float64Array.from(data), shape: [rows, cols] };
        const mean = computeGramMatrixWithGrad(batch);
        const matrix = computeGramMatrixWithGrad(batch, false);
        expect(Number.isFinite(mean.value)).toBe(true);
        expect(Array.from(matrix.value.data).every(Number.isFinite)).toBe(true);
        expect(Array.from(mean.grad.data).every(Number.isFinite)).toBe(true);
        expect(Array.from(matrix.grad.data).every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it("leaves its input unchanged", () => {
    fc.assert(
      fc.property(gramBatch, ({ rows, cols, data }) => {
        const values = Float64Array.from(data);
        computeGramMatrixWithGrad({ data: values, shape: [rows, cols] }, false);
        computeGramMatrix({ data: values, shape: [rows, cols] });
        expect(Array.from(values)).toEqual(data);
      }),
    );
  });
});
