import { expectAllClose } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { createRng, matmul, matmulTransposeB, rowL2Norms, sumFloat64, CompensatedSum } from "../src/index.js";

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);
}

function naiveProduct(a: Float64Array, b: Float64Array, m: number, k: number, n: number, transposeB: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * (transposeB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = s;
    }
  }
  return out;
}

describe("matmul", () => {
  it("multiplies a 2x3 by a 3x2 matrix", () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const b = Float64Array.of(7, 8, 9, 10, 11, 12);
    expect(Array.from(matmul(a, b, 2, 3, 2))).toEqual([58, 64, 139, 154]);
  });

  it("matches a naive product on odd sizes and overwrites out", () => {
    const [m, k, n] = [7, 13, 5];
    const a = randomMatrix(m, k, 1);
    const b = randomMatrix(k, n, 2);
    const out = new Float64Array(m * n).fill(123);
    matmul(a, b, m, k, n, out);
    expectAllClose(out, naiveProduct(a, b, m, k, n, false), 1e-13, 1e-15);
  });

  it("handles empty dimensions", () => {
    expect(matmul(new Float64Array(0), new Float64Array(0), 0, 3, 0).length).toBe(0);
    expect(Array.from(matmul(new Float64Array(0), new Float64Array(0), 2, 0, 2))).toEqual([0, 0, 0, 0]);
  });
});

describe("matmulTransposeB", () => {
  it("forms dot products of rows", () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(matmulTransposeB(a, a, 2, 3, 2))).toEqual([14, 32, 32, 77]);
  });

  it("matches a naive product on odd sizes, float32 input", () => {
    const [m, k, n] = [9, 11, 6];
    const a = Float32Array.from(randomMatrix(m, k, 3));
    const b = Float32Array.from(randomMatrix(n, k, 4));
    const expected = naiveProduct(Float64Array.from(a), Float64Array.from(b), m, k, n, true);
    expectAllClose(matmulTransposeB(a, b, m, k, n), expected, 1e-13, 1e-15);
  });
});

describe("rowL2Norms", () => {
  it("computes row norms and clamps zero rows at 1e-12", () => {
    expect(Array.from(rowL2Norms(Float64Array.of(3, 4, 0, 0, 1, 0), 3, 2))).toEqual([5, 1e-12, 1]);
    expect(Array.from(rowL2Norms(Float64Array.of(0, 0, 0), 1, 3, 0.5))).toEqual([0.5]);
  });

  it("handles an odd column count", () => {
    expect(rowL2Norms(Float64Array.of(2, 3, 6), 1, 3)[0]).toBe(7);
  });
});

describe("sumFloat64 and CompensatedSum", () => {
  it("sums exactly representable values exactly", () => {
    expect(sumFloat64(Float64Array.from({ length: 5000 }, (_, i) => i))).toBe((4999 * 5000) / 2);
    expect(sumFloat64([])).toBe(0);
  });

  it("recovers block sums lost by naive summation", () => {
    // 1e16 alone in the first block of 1024, then 4096 ones: naive summation
    // drops every 1 (half an ulp of 1e16), the compensated block total keeps them.
    const values = new Float64Array(1024 + 4096);
    values[0] = 1e16;
    values.fill(1, 1024);
    let naive = 0;
    for (const value of values) naive += value;
    expect(naive).toBe(1e16);
    expect(sumFloat64(values)).toBe(1e16 + 4096);
  });

  it("returns infinities and NaN as they are", () => {
    const sum = new CompensatedSum();
    sum.add(Infinity);
    sum.add(1);
    expect(sum.value).toBe(Infinity);
    expect(sumFloat64([1, NaN])).toBeNaN();
  });
});
