import { createRng, setKernelMode, type KernelMode } from "@zae/tensor-utils";
import { loadFixture } from "@zae/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { computeGramMatrix, computeGramMatrixWithGrad, crossEntropy } from "../src/index.js";
import { toTyped, type DtypeName, type FlatTensor } from "./fixture-tensors.js";

interface CrossEntropyCase {
  readonly name: string;
  readonly dtype: DtypeName;
  readonly logit: FlatTensor;
  readonly target: FlatTensor;
  readonly weight: FlatTensor | null;
  readonly pos_weight: FlatTensor | null;
}

const fixture = loadFixture<CrossEntropyCase>(new URL("./fixtures/cross-entropy.json", import.meta.url));
const unweighted = fixture.cases.filter((c) => c.weight === null && c.pos_weight === null);

afterEach(() => {
  setKernelMode("auto");
});

/** Evaluates `compute` with the WebAssembly kernels forced on, then with the JavaScript loops. */
function onBothPaths<T>(compute: () => T): { wasm: T; js: T } {
  setKernelMode("wasm");
  const wasm = compute();
  setKernelMode("js");
  return { wasm, js: compute() };
}

function relativeGap(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
}

describe("crossEntropy kernel paths", () => {
  it.each(unweighted.map((c) => [`${c.dtype} ${c.name}`, c] as const))("agree on %s", (_, c) => {
    for (const reduction of ["mean", "sum"] as const) {
      const { wasm, js } = onBothPaths(() => crossEntropy(toTyped(c.logit, c.dtype), toTyped(c.target, c.dtype), null, { reduction }));
      expect(relativeGap(wasm, js), reduction).toBeLessThan(1e-14);
    }
  });

  it("agree on 30,001 random float32 logits", () => {
    const rng = createRng(5);
    const logit = Float32Array.from({ length: 30001 }, () => 40 * (rng.next() - 0.5));
    const target = Float32Array.from({ length: 30001 }, () => rng.next());
    const { wasm, js } = onBothPaths(() => crossEntropy(logit, target));
    expect(relativeGap(wasm, js)).toBeLessThan(1e-13);
  });

  it("give the limits for infinite logits on the kernel path", () => {
    // +∞ with target 1 and -∞ with target 0 are certain and right (loss 0); the
    // other pairs are certain and wrong (loss ∞). In three of the four the
    // kernel meets ∞·0 or ∞ - ∞ and returns NaN, so crossEntropy falls back to
    // the loop.
    const cases: [number, number, number][] = [
      [Infinity, 1, 0],
      [-Infinity, 0, 0],
      [Infinity, 0, Infinity],
      [-Infinity, 1, Infinity],
    ];
    for (const [x, y, expected] of cases) {
      const logit = new Float64Array(600).fill(0.5);
      const target = new Float64Array(600).fill(1);
      logit[599] = x;
      target[599] = y;
      const { wasm, js } = onBothPaths(() => crossEntropy(logit, target, null, { reduction: "sum" }));
      const finitePart = 599 * Math.log1p(Math.exp(-0.5));
      expect(wasm, `x ${x}, y ${y}`).toBe(js);
      expect(wasm, `x ${x}, y ${y}`).toBeCloseTo(finitePart + expected, 10);
    }
  });

  it("propagate a NaN logit", () => {
    const logit = new Float64Array(600).fill(1);
    logit[300] = Number.NaN;
    const { wasm } = onBothPaths(() => crossEntropy(logit, new Float64Array(600)));
    expect(wasm).toBeNaN();
  });
});

describe("computeGramMatrix kernel paths", () => {
  const rng = createRng(9);
  const batch = { data: Float32Array.from({ length: 70 * 33 }, () => rng.next() - 0.5), shape: [70, 33] };

  it("round the float64 cosines once into the float32 matrix", () => {
    for (const mode of ["wasm", "js"] satisfies KernelMode[]) {
      setKernelMode(mode);
      const matrix = computeGramMatrix(batch, false);
      const reference = computeGramMatrixWithGrad(batch, false).value;
      expect(matrix.data, mode).toBeInstanceOf(Float32Array);
      expect(Array.from(matrix.data), mode).toEqual(Array.from(reference.data));
    }
  });

  it("give the same matrix on both paths", () => {
    const { wasm, js } = onBothPaths(() => computeGramMatrix(batch, false));
    expect(Array.from(wasm.data)).toEqual(Array.from(js.data));
    for (let i = 0; i < 70; i++) expect(wasm.data[i * 70 + i]).toBeLessThanOrEqual(1);
  });
});
