import { setKernelMode, type KernelMode, type Tensor } from "@zae/tensor-utils";
import { expectAllClose, loadFixture } from "@zae/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { mse, mseWithGrad } from "../src/index.js";

interface MseCase {
  name: string;
  dtype: "float32" | "float64";
  reduction: "mean" | "sum" | "none";
  shape: number[];
  true: number[];
  predict: number[];
  value: number | number[];
}

const fixture = loadFixture<MseCase>(new URL("./fixtures/mse.json", import.meta.url));
const reducedCases = fixture.cases.filter((c) => c.reduction !== "none");

function tensorOf(values: number[], shape: number[], dtype: MseCase["dtype"]): Tensor {
  return { data: dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape };
}

afterEach(() => {
  setKernelMode("auto");
});

// "wasm" runs the WebAssembly SIMD sum even on these small fixtures, "js" the loop.
describe.each<KernelMode>(["wasm", "js"])("mse reductions with kernel mode %s", (mode) => {
  it.each(reducedCases.map((c) => [`${c.dtype} ${c.name}`, c] as const))("%s", (_, c) => {
    setKernelMode(mode);
    const target = tensorOf(c.true, c.shape, c.dtype);
    const prediction = tensorOf(c.predict, c.shape, c.dtype);
    const rtol = c.dtype === "float32" ? 1e-5 : 1e-10;

    const reduction = c.reduction as "mean" | "sum";

    expectAllClose(mse(target, prediction, { reduction }), c.value, rtol);
    expectAllClose(mseWithGrad(target, prediction, { reduction }).value, c.value, rtol);
  });

  it("gives the same mean on both paths for 10,001 float32 elements", () => {
    const target = Float32Array.from({ length: 10001 }, (_, i) => Math.sin(i));
    const prediction = Float32Array.from({ length: 10001 }, (_, i) => Math.cos(i));
    setKernelMode(mode);
    const value = mse(target, prediction);
    setKernelMode("js");
    expect(Math.abs(value - mse(target, prediction)) / value).toBeLessThan(1e-14);
  });
});
