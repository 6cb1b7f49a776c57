import { isZaeError, ZaeOptionError, ZaeShapeError, type Tensor } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad, loadFixture } from "@zae/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mse, mseWithGrad } from "../src/index.js";

interface MseCase {
  name: string;
  dtype: "float32" | "float64";
  reduction: "mean" | "sum" | "none";
  shape: number[];
  true: number[];
  predict: number[];
  value: number | number[];
  grad: number[];
}

const fixture = loadFixture<MseCase>(new URL("./fixtures/mse.json", import.meta.url));

function tensorOf(values: number[], shape: number[], dtype: MseCase["dtype"]): Tensor {
  return { data: dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape };
}

const tolerance = (dtype: MseCase["dtype"]): number => (dtype === "float32" ? 1e-5 : 1e-10);

describe("mse against PyTorch F.mse_loss", () => {
  it.each(fixture.cases.map((c) => [`${c.dtype} ${c.name}`, c] as const))("%s", (_, c) => {
    const target = tensorOf(c.true, c.shape, c.dtype);
    const prediction = tensorOf(c.predict, c.shape, c.dtype);
    const rtol = tolerance(c.dtype);

    const value = mse(target, prediction, { reduction: c.reduction });
    const withGrad = mseWithGrad(target, prediction, { reduction: c.reduction });

    if (c.reduction === "none") {
      const tensor = value as Tensor;
      expect(tensor.shape).toEqual(c.shape);
      expect(tensor.data).toBeInstanceOf(c.dtype === "float32" ? Float32Array : Float64Array);
      expectAllClose(tensor.data, c.value, rtol, 1e-300);
    } else {
      expectAllClose(value as number, c.value, rtol);
      expectAllClose(withGrad.value as number, c.value, rtol);
    }
    expect(withGrad.grad.shape).toEqual(c.shape);
    expectAllClose(withGrad.grad.data, c.grad, rtol, 1e-300, "grad");
  });

  it("records the generator and PyTorch version", () => {
    expect(fixture.torch_version).toMatch(/^1\.13/);
    expect(fixture.generator).toBe("tooling/reference/loss_regression.py");
  });
});

describe("mse shapes and dtypes", () => {
  it("rejects [3, 1] against [3]", () => {
    expect(() => mse([[1], [2], [3]], [1, 2, 3])).toThrow(ZaeShapeError);
    expect(() => mse([[1], [2], [3]], [1, 2, 3])).toThrow(/mse: `predict` must be the same shape as `true` \(\[3, 1\]\), received \[3\]/);
  });

  it("accepts integer typed and plain arrays as floats", () => {
    expect(mse(Int32Array.of(1, 2, 3), [1, 2, 5])).toBeCloseTo(4 / 3, 15);
    expect(mse(Uint8Array.of(0, 0), Int32Array.of(3, 4), { reduction: "sum" })).toBe(25);
    const none = mse(Int32Array.of(1, 2), Int32Array.of(2, 4), { reduction: "none" });
    expect(none.data).toBeInstanceOf(Float64Array);
    expect(Array.from(none.data)).toEqual([1, 4]);
  });

  it("keeps float32 for unreduced float32 input", () => {
    const none = mse(Float32Array.of(0, 1), Float32Array.of(0.5, 3), { reduction: "none" });
    expect(none.data).toBeInstanceOf(Float32Array);
    expect(mseWithGrad(Float32Array.of(0), Float32Array.of(1)).grad.data).toBeInstanceOf(Float32Array);
  });

  it("computes a scalar pair", () => {
    expect(mse(2, 5)).toBe(9);
    expect(mseWithGrad(2, 5).grad).toEqual({ data: Float64Array.of(6), shape: [] });
  });

  it("returns 0 and an empty gradient for zero elements", () => {
    const empty = { data: new Float32Array(0), shape: [0, 3] };
    expect(mse(empty, empty)).toBe(0);
    expect(mse(empty, empty, { reduction: "sum" })).toBe(0);
    const { value, grad } = mseWithGrad(empty, empty);
    expect(value).toBe(0);
    expect(grad.shape).toEqual([0, 3]);
    expect(grad.data.length).toBe(0);
  });

  it("accepts TensorFlow.js-like and ONNX-like tensors", () => {
    const tfjsLike = { shape: [2], dataSync: () => Float32Array.of(1, 2) };
    const onnxLike = { dims: [2], data: Float32Array.of(1, 4) };
    expect(mse(tfjsLike, onnxLike)).toBeCloseTo(2, 12);
  });
});

describe("mse numerics", () => {
  it("keeps the mean of 1e7 float32 elements within 1e-12 of float64", () => {
    const n = 10_000_000;
    const target = new Float32Array(n);
    const prediction = new Float32Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      target[i] = seed / 2 ** 32;
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      prediction[i] = seed / 2 ** 32 + 0.25;
    }
    // Reference: exact float64 squares summed with a two-level pairwise sum over 1000-element chunks.
    let reference = 0;
    for (let start = 0; start < n; start += 1000) {
      let chunk = 0;
      for (let i = start; i < start + 1000; i++) {
        const d = prediction[i] - target[i];
        chunk += d * d;
      }
      reference += chunk;
    }
    reference /= n;
    expect(Math.abs(mse(target, prediction) - reference) / reference).toBeLessThan(1e-12);
  }, 60_000);

  it("gives the float64 result when squares overflow float32", () => {
    const target = Float32Array.of(-3e38, 0);
    const prediction = Float32Array.of(3e38, 1);
    // The exact float64 value of the float32 inputs: about 1.8e77, far beyond float32's 3.4e38.
    const exact = ((prediction[0] - target[0]) ** 2 + 1) / 2;
    expect(mse(target, prediction)).toBe(exact);
    expect(mse(target, prediction, { reduction: "sum" })).toBe(2 * exact);
    expect(mseWithGrad(target, prediction).value).toBe(exact);
  });

  it("matches central finite differences", () => {
    const target = [0.3, -1.2, 2.5, 0];
    const prediction = [1.1, -0.7, 2.0, 3.3];
    for (const reduction of ["mean", "sum"] as const) {
      const numeric = finiteDifferenceGrad((p) => mse(target, p, { reduction }), prediction);
      expectAllClose(mseWithGrad(target, prediction, { reduction }).grad.data, numeric, 1e-7, 1e-9);
    }
  });
});

describe("mse options", () => {
  it("rejects an unknown reduction and lists the allowed ones", () => {
    expect(() => mse([1], [2], { reduction: "avg" as "mean" })).toThrow(ZaeOptionError);
    expect(() => mse([1], [2], { reduction: "avg" as "mean" })).toThrow(/"mean", "sum", "none"/);
  });

  it("rejects an unknown option", () => {
    expect(() => mse([1], [2], { reduce: "sum" } as object)).toThrow(/unknown option "reduce"/);
  });

  it("throws errors recognisable as ZaeError", () => {
    try {
      mse([1, 2], [1]);
      expect.unreachable();
    } catch (error) {
      expect(isZaeError(error)).toBe(true);
      expect(error).toMatchObject({ functionName: "mse", parameter: "predict" });
    }
  });
});

describe("mse properties", () => {
  // Multiples of 1/1024 up to ±1e6: any two distinct values differ by enough
  // that their squared difference cannot underflow to 0.
  const value = fc.integer({ min: -1_024_000_000, max: 1_024_000_000 }).map((k) => k / 1024);
  const pairs = fc
    .integer({ min: 0, max: 12 })
    .chain((n) =>
      fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n })),
    );

  it("is non-negative", () => {
    fc.assert(fc.property(pairs, ([a, b]) => mse(a, b) >= 0));
  });

  it("is symmetric in its arguments", () => {
    fc.assert(fc.property(pairs, ([a, b]) => mse(a, b) === mse(b, a)));
  });

  it("is zero exactly when the inputs are equal", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        expect(mse(a, a)).toBe(0);
        const equal = a.every((value, i) => value === b[i]);
        return (mse(a, b) === 0) === equal;
      }),
    );
  });

  it("leaves its inputs unchanged", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const target = Float64Array.from(a);
        const prediction = Float32Array.from(b);
        const targetCopy = target.slice();
        const predictionCopy = prediction.slice();
        mseWithGrad(target, prediction, { reduction: "none" });
        mse(target, prediction);
        expect(target).toEqual(targetCopy);
        expect(prediction).toEqual(predictionCopy);
      }),
    );
  });
});
