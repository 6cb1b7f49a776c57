import { expectAllClose, loadFixture, relativeError } from "@zae/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import {
  bceWithLogitsSum,
  createRng,
  giouLossSum,
  isZaeError,
  labelPairCounts,
  matmul,
  matmulTransposeB,
  setKernelMode,
  squaredErrorSum,
  wasmSimdSupported,
  type KernelMode,
} from "../src/index.js";

// Every kernel test runs once per implementation on the same inputs.
const MODES: readonly KernelMode[] = ["wasm", "js"];

afterEach(() => {
  setKernelMode("auto");
});

/** Uniform values in [-scale, scale), as float64 or rounded to float32. */
function randomArray(length: number, seed: number, scale = 1, float32 = false): Float64Array | Float32Array {
  const rng = createRng(seed);
  const values = Float64Array.from({ length }, () => scale * (2 * rng.next() - 1));
  return float32 ? Float32Array.from(values) : values;
}

/** Small integers: every product and every partial sum is exact in float64. */
function integerArray(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => Math.floor(17 * rng.next()) - 8);
}

/** C = A·Bᵀ by the definition, one float64 dot product per entry. */
function naiveTransposeB(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let p = 0; p < k; p++) dot += a[i * k + p] * b[j * k + p];
      out[i * n + j] = dot;
    }
  }
  return out;
}

function transpose(source: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = source[r * cols + c];
  return out;
}

// Sizes around the 4 x 2 blocks and the two-element lanes of the kernel.
const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1],
  [3, 1, 2],
  [4, 2, 2],
  [5, 3, 3],
  [7, 33, 5],
  [8, 64, 6],
  [9, 17, 11],
];

describe("kernel mode", () => {
  it("has WebAssembly SIMD in Node", () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it("returns the previous mode", () => {
    expect(setKernelMode("js")).toBe("auto");
    expect(setKernelMode("wasm")).toBe("js");
  });

  it("rejects an unknown mode", () => {
    let caught: unknown;
    try {
      setKernelMode("gpu" as KernelMode);
    } catch (error) {
      caught = error;
    }
    expect(isZaeError(caught)).toBe(true);
    expect((caught as Error).message).toContain("setKernelMode: `mode` must be one of");
  });
});

describe.each(MODES)("matmulTransposeB (%s)", (mode) => {
  it.each(SHAPES)("is exact on integers for [%i, %i] x [%i, k]ᵀ", (m, k, n) => {
    setKernelMode(mode);
    const a = integerArray(m * k, m + 10 * k);
    const b = integerArray(n * k, n + 100 * k);
    expect(Array.from(matmulTransposeB(a, b, m, k, n))).toEqual(Array.from(naiveTransposeB(a, b, m, k, n)));
  });

  it("matches the definition on float32 inputs", () => {
    setKernelMode(mode);
    const a = randomArray(37 * 129, 1, 1, true);
    const b = randomArray(23 * 129, 2, 1, true);
    expectAllClose(matmulTransposeB(a, b, 37, 129, 23), naiveTransposeB(a, b, 37, 129, 23), 1e-13, 1e-15, "C");
  });

  it("gives a symmetric Gram matrix when a and b are the same array", () => {
    setKernelMode(mode);
    const x = randomArray(13 * 20, 3);
    const gram = matmulTransposeB(x, x, 13, 20, 13);
    expectAllClose(gram, naiveTransposeB(x, x, 13, 20, 13), 1e-14, 1e-15, "gram");
    for (let i = 0; i < 13; i++) {
      for (let j = 0; j < i; j++) expect(gram[i * 13 + j]).toBe(gram[j * 13 + i]);
    }
  });

  it("writes into out and leaves the inputs unchanged", () => {
    setKernelMode(mode);
    const a = randomArray(6 * 5, 4);
    const b = randomArray(3 * 5, 5);
    const aCopy = Float64Array.from(a);
    const bCopy = Float64Array.from(b);
    const out = new Float64Array(18).fill(Number.NaN);
    expect(matmulTransposeB(a, b, 6, 5, 3, out)).toBe(out);
    expectAllClose(out, naiveTransposeB(a, b, 6, 5, 3), 1e-14, 1e-15, "out");
    expect(a).toEqual(aCopy);
    expect(b).toEqual(bCopy);
  });

  it("accepts plain arrays", () => {
    setKernelMode(mode);
    expect(Array.from(matmulTransposeB([1, 2, 3, 4], [5, 6], 2, 2, 1))).toEqual([17, 39]);
  });

  it("rounds each entry once into a float32 out", () => {
    setKernelMode(mode);
    const a = randomArray(11 * 40, 25);
    const b = randomArray(7 * 40, 26);
    const out = matmulTransposeB(a, b, 11, 40, 7, new Float32Array(77));
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual(Array.from(matmulTransposeB(a, b, 11, 40, 7), Math.fround));
  });

  it("sums long rows in chunks with the same bits as the JavaScript loop", () => {
    const a = randomArray(5 * 2051, 28, 1, true);
    const b = randomArray(3 * 2051, 29, 1, true);
    setKernelMode(mode);
    const product = matmulTransposeB(a, b, 5, 2051, 3);
    setKernelMode("js");
    expect(Array.from(product)).toEqual(Array.from(matmulTransposeB(a, b, 5, 2051, 3)));
    expectAllClose(product, naiveTransposeB(a, b, 5, 2051, 3), 1e-13, 1e-15, "C");
  });

  it("mirrors a symmetric product across several 16 x 16 tiles", () => {
    setKernelMode(mode);
    const x = randomArray(37 * 9, 27);
    const gram = matmulTransposeB(x, x, 37, 9, 37);
    expectAllClose(gram, naiveTransposeB(x, x, 37, 9, 37), 1e-14, 1e-15, "gram");
    for (let i = 0; i < 37; i++) {
      for (let j = 0; j < i; j++) expect(gram[i * 37 + j]).toBe(gram[j * 37 + i]);
    }
  });

  it("reuses its memory for a smaller product after a larger one", () => {
    setKernelMode(mode);
    const big = randomArray(64 * 64, 6);
    matmulTransposeB(big, big, 64, 64, 64);
    const a = integerArray(5 * 3, 7);
    const b = integerArray(2 * 3, 8);
    expect(Array.from(matmulTransposeB(a, b, 5, 3, 2))).toEqual(Array.from(naiveTransposeB(a, b, 5, 3, 2)));
  });
});

describe("matmulTransposeB paths", () => {
  it("give identical bits in WebAssembly and JavaScript", () => {
    const a = randomArray(9 * 77, 17, 3, true);
    const b = randomArray(10 * 77, 18, 3, true);
    setKernelMode("wasm");
    const wasm = matmulTransposeB(a, b, 9, 77, 10);
    setKernelMode("js");
    const js = matmulTransposeB(a, b, 9, 77, 10);
    expect(Array.from(wasm)).toEqual(Array.from(js));
  });

  it("give a row's dot product the same bits alone and inside a larger product", () => {
    const a = randomArray(8 * 64, 19);
    const b = randomArray(6 * 64, 20);
    setKernelMode("wasm");
    const full = matmulTransposeB(a, b, 8, 64, 6);
    setKernelMode("auto");
    const single = matmulTransposeB(a.subarray(3 * 64, 4 * 64), b.subarray(5 * 64, 6 * 64), 1, 64, 1);
    expect(single[0]).toBe(full[3 * 6 + 5]);
  });
});

describe.each(MODES)("matmul (%s)", (mode) => {
  it.each(SHAPES)("is exact on integers for [%i, %i] x [k, %i]", (m, k, n) => {
    setKernelMode(mode);
    const a = integerArray(m * k, 3 * m + k);
    const b = integerArray(k * n, 5 * n + k);
    const expected = naiveTransposeB(a, transpose(b, k, n), m, k, n);
    expect(Array.from(matmul(a, b, m, k, n))).toEqual(Array.from(expected));
  });

  it("matches the definition on float32 inputs", () => {
    setKernelMode(mode);
    const a = randomArray(19 * 70, 9, 1, true);
    const b = randomArray(70 * 41, 10, 1, true);
    expectAllClose(matmul(a, b, 19, 70, 41), naiveTransposeB(a, transpose(b, 70, 41), 19, 70, 41), 1e-13, 1e-15, "C");
  });
});

interface StableMathCase {
  name: "softplus" | "logSigmoid" | "sigmoid";
  x: number[];
  y: number[];
}

const stableMath = loadFixture<StableMathCase>(new URL("./fixtures/stable-math.json", import.meta.url));
const softplusCase = stableMath.cases.find((c) => c.name === "softplus")!;

/** Sums the loss terms max(x, 0) - x·y + log1p(exp(-|x|)) with Neumaier's compensation. */
function referenceBceSum(logits: ArrayLike<number>, targets: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    const term = Math.max(x, 0) - x * targets[i] + Math.log1p(Math.exp(-Math.abs(x)));
    const next = total + term;
    compensation += Math.abs(total) >= Math.abs(term) ? total - next + term : term - next + total;
    total = next;
  }
  return total + compensation;
}

/** Calls bceWithLogitsSum on valid targets, where it must return a number. */
function bceSum(logits: ArrayLike<number>, targets: ArrayLike<number>): number {
  const sum = bceWithLogitsSum(logits, targets);
  if (sum === undefined) throw new Error("bceWithLogitsSum rejected valid targets");
  return sum;
}

describe.each(MODES)("bceWithLogitsSum (%s)", (mode) => {
  it("equals PyTorch's softplus for target 0, one element at a time", () => {
    setKernelMode(mode);
    const values = softplusCase.x.map((x) => bceSum(Float64Array.of(x), Float64Array.of(0)));
    expectAllClose(values, softplusCase.y, 1e-14, 0, "softplus");
  });

  it("handles every lane and block remainder", () => {
    setKernelMode(mode);
    for (const length of [1, 2, 3, 8191, 8192, 8193, 20001]) {
      const logits = randomArray(length, length, 12);
      const targets = randomArray(length, length + 1).map(Math.abs);
      expect(relativeError(bceSum(logits, targets), referenceBceSum(logits, targets)), `length ${length}`).toBeLessThan(1e-13);
    }
  });

  it("reads float32 inputs as their exact float64 values", () => {
    setKernelMode(mode);
    const logits = randomArray(4099, 11, 20, true);
    const targets = Float32Array.from(randomArray(4099, 12), (v) => (v > 0 ? 1 : 0));
    expect(relativeError(bceSum(logits, targets), referenceBceSum(logits, targets))).toBeLessThan(1e-13);
  });

  it("accepts mixed array types", () => {
    setKernelMode(mode);
    const logits = randomArray(1001, 13, 5, true);
    const targets = Array.from(randomArray(1001, 14), Math.abs);
    expect(relativeError(bceSum(logits, targets), referenceBceSum(logits, targets))).toBeLessThan(1e-13);
  });

  it("stays accurate across the exp and log1p ranges", () => {
    setKernelMode(mode);
    const xs = [0, 1e-12, 1e-3, 0.3, 0.4142, 0.4143, 0.88, 1, 2.5, 20, 36, 100, 700, 708, 709, 745, 800, 1e4];
    for (const x of [...xs, ...xs.map((v) => -v)]) {
      for (const y of [0, 1, 0.25]) {
        const expected = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
        const actual = bceSum([x], [y]);
        // Terms below 3.4e-308 may be returned as 0, an absolute error under 1e-307.
        expect(relativeError(actual, expected) < 1e-14 || Math.abs(actual - expected) < 1e-307, `x ${x}, y ${y}: ${actual} vs ${expected}`).toBe(true);
      }
    }
  });

  it("is finite for finite logits of any size", () => {
    setKernelMode(mode);
    expect(Number.isFinite(bceSum([1e30, -1e30, 3.4e38, -3.4e38], [0, 1, 0.5, 0.5]))).toBe(true);
  });

  it("propagates NaN and infinite terms", () => {
    setKernelMode(mode);
    expect(bceSum([1, Number.NaN, 2], [0, 0, 0])).toBeNaN();
    // The formula's x·y is ∞·0 = NaN for an infinite logit with target 0.
    expect(bceSum([Infinity], [0])).toBeNaN();
    expect(bceSum([-Infinity], [1])).toBe(Infinity);
  });

  it.each([
    ["below 0", -0.5],
    ["above 1", 1.5],
    ["NaN", Number.NaN],
  ])("returns undefined for a target %s", (_, bad) => {
    setKernelMode(mode);
    for (const index of [0, 2999, 3000]) {
      const logits = randomArray(3001, 41, 4);
      const targets = randomArray(3001, 42).map(Math.abs);
      targets[index] = bad;
      expect(bceWithLogitsSum(logits, targets), `index ${index}`).toBeUndefined();
      expect(bceWithLogitsSum(Float32Array.from(logits), Float32Array.from(targets)), `float32, index ${index}`).toBeUndefined();
    }
  });

  it("returns 0 for empty input", () => {
    setKernelMode(mode);
    expect(bceSum(new Float32Array(0), new Float32Array(0))).toBe(0);
  });

  it("leaves the inputs unchanged", () => {
    setKernelMode(mode);
    const logits = randomArray(3000, 15, 4);
    const targets = randomArray(3000, 16).map(Math.abs);
    const logitsCopy = Float64Array.from(logits);
    const targetsCopy = Float64Array.from(targets);
    bceSum(logits, targets);
    expect(logits).toEqual(logitsCopy);
    expect(targets).toEqual(targetsCopy);
  });
});

/** Sums (p - t)² with Neumaier's compensation. */
function referenceSquaredErrorSum(target: ArrayLike<number>, prediction: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < target.length; i++) {
    const d = prediction[i] - target[i];
    const term = d * d;
    const next = total + term;
    compensation += Math.abs(total) >= Math.abs(term) ? total - next + term : term - next + total;
    total = next;
  }
  return total + compensation;
}

describe.each(MODES)("squaredErrorSum (%s)", (mode) => {
  it("handles every lane and block remainder", () => {
    setKernelMode(mode);
    for (const length of [1, 2, 3, 4, 5, 4095, 4096, 4097, 32767, 32768, 32769, 70003]) {
      const target = randomArray(length, 2 * length);
      const prediction = randomArray(length, 2 * length + 1);
      expect(relativeError(squaredErrorSum(target, prediction), referenceSquaredErrorSum(target, prediction)), `length ${length}`).toBeLessThan(1e-14);
    }
  });

  it("is exact on float32 inputs with integer values", () => {
    setKernelMode(mode);
    const target = integerArray(4099, 21);
    const prediction = integerArray(4099, 22);
    let expected = 0;
    for (let i = 0; i < target.length; i++) expected += (prediction[i] - target[i]) ** 2;
    expect(squaredErrorSum(target, prediction)).toBe(expected);
  });

  it("keeps float32 differences exact", () => {
    setKernelMode(mode);
    // 1 + 2^-23 and 1 differ by 2^-23 in float32; the square is 2^-46 per element.
    const target = new Float32Array(6).fill(1);
    const prediction = new Float32Array(6).fill(1 + 2 ** -23);
    expect(squaredErrorSum(target, prediction)).toBe(6 * 2 ** -46);
  });

  it("accepts mixed array types", () => {
    setKernelMode(mode);
    const target = Array.from(randomArray(999, 23));
    const prediction = randomArray(999, 24, 1, true);
    expect(relativeError(squaredErrorSum(target, prediction), referenceSquaredErrorSum(target, prediction))).toBeLessThan(1e-14);
  });

  it("propagates NaN and Infinity", () => {
    setKernelMode(mode);
    expect(squaredErrorSum([0, 0, 0, 0, 0], [1, 2, Number.NaN, 3, 4])).toBeNaN();
    expect(squaredErrorSum([0, 0, 0, 0, 0], [1, 2, Infinity, 3, 4])).toBe(Infinity);
  });

  it("returns 0 for empty input", () => {
    setKernelMode(mode);
    expect(squaredErrorSum(new Float32Array(0), new Float32Array(0))).toBe(0);
  });
});

/** The joint histogram by the definition. */
function referencePairCounts(pred: ArrayLike<number>, target: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses * numClasses).fill(0);
  for (let i = 0; i < pred.length; i++) counts[pred[i] * numClasses + target[i]] += 1;
  return counts;
}

function randomLabels(length: number, numClasses: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length }, () => Math.floor(numClasses * rng.next()));
}

describe.each(MODES)("labelPairCounts (%s)", (mode) => {
  it("counts every block and remainder", () => {
    setKernelMode(mode);
    for (const length of [1, 3, 4, 5, 7, 8, 9, 65535, 65536, 65537, 131075]) {
      const pred = randomLabels(length, 21, length);
      const target = randomLabels(length, 21, length + 1);
      expect(Array.from(labelPairCounts(pred, target, 21)!), `length ${length}`).toEqual(referencePairCounts(pred, target, 21));
    }
  });

  it("counts runs of one pair", () => {
    setKernelMode(mode);
    const pred = new Int32Array(10001).fill(2);
    const target = new Int32Array(10001).fill(1);
    const counts = labelPairCounts(pred, target, 3)!;
    expect(counts[2 * 3 + 1]).toBe(10001);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10001);
  });

  it("accepts float and plain arrays of integer labels", () => {
    setKernelMode(mode);
    expect(Array.from(labelPairCounts(Float32Array.of(0, 1, 1), [1, 1, 0], 2)!)).toEqual([0, 1, 1, 1]);
  });

  it.each([
    ["a label equal to numClasses", 5],
    ["a negative label", -1],
    ["a huge label", 2 ** 31 - 1],
  ])("returns undefined for %s", (_, bad) => {
    setKernelMode(mode);
    const pred = randomLabels(9000, 5, 31);
    const target = randomLabels(9000, 5, 32);
    pred[8999] = bad;
    expect(labelPairCounts(pred, target, 5)).toBeUndefined();
    target[8999] = bad;
    pred[8999] = 0;
    expect(labelPairCounts(pred, target, 5)).toBeUndefined();
  });

  it("returns undefined for fractional and NaN labels", () => {
    setKernelMode(mode);
    expect(labelPairCounts([0, 1.5], [0, 1], 3)).toBeUndefined();
    expect(labelPairCounts([0, 1], [Number.NaN, 1], 3)).toBeUndefined();
  });

  it("leaves the inputs unchanged", () => {
    setKernelMode(mode);
    const pred = randomLabels(20000, 7, 33);
    const target = randomLabels(20000, 7, 34);
    const predCopy = pred.slice();
    const targetCopy = target.slice();
    labelPairCounts(pred, target, 7);
    expect(pred).toEqual(predCopy);
    expect(target).toEqual(targetCopy);
  });
});

/** 1 - GIoU per pair by the definition, summed with Neumaier's compensation. */
function referenceGiouSum(t: ArrayLike<number>, p: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let o = 0; o < t.length; o += 4) {
    const width = Math.max(0, Math.min(t[o + 2], p[o + 2]) - Math.max(t[o], p[o]));
    const height = Math.max(0, Math.min(t[o + 3], p[o + 3]) - Math.max(t[o + 1], p[o + 1]));
    const intersection = width * height;
    const union = (t[o + 2] - t[o]) * (t[o + 3] - t[o + 1]) + (p[o + 2] - p[o]) * (p[o + 3] - p[o + 1]) - intersection;
    const hull = (Math.max(t[o + 2], p[o + 2]) - Math.min(t[o], p[o])) * (Math.max(t[o + 3], p[o + 3]) - Math.min(t[o + 1], p[o + 1]));
    const identical = t[o] === p[o] && t[o + 1] === p[o + 1] && t[o + 2] === p[o + 2] && t[o + 3] === p[o + 3];
    const iou = union > 0 ? intersection / union : identical ? 1 : 0;
    const term = 1 - iou + (hull > 0 ? (hull - union) / hull : 0);
    const next = total + term;
    compensation += Math.abs(total) >= Math.abs(term) ? total - next + term : term - next + total;
    total = next;
  }
  return total + compensation;
}

/** Random boxes [count, 4]; the second set overlaps the first in most pairs. */
function randomBoxPairs(count: number, seed: number, float32: boolean): [Float32Array | Float64Array, Float32Array | Float64Array] {
  const rng = createRng(seed);
  const first = new Float64Array(4 * count);
  const second = new Float64Array(4 * count);
  for (let i = 0; i < count; i++) {
    const x = 100 * rng.next();
    const y = 100 * rng.next();
    first.set([x, y, x + 50 * rng.next(), y + 50 * rng.next()], 4 * i);
    const dx = 30 * (rng.next() - 0.5);
    const dy = 30 * (rng.next() - 0.5);
    second.set([x + dx, y + dy, x + dx + 50 * rng.next(), y + dy + 50 * rng.next()], 4 * i);
  }
  return float32 ? [Float32Array.from(first), Float32Array.from(second)] : [first, second];
}

describe.each(MODES)("giouLossSum (%s)", (mode) => {
  it.each([false, true])("matches the definition for every remainder (float32 %s)", (float32) => {
    setKernelMode(mode);
    for (const count of [1, 2, 3, 2047, 2048, 2049, 5001]) {
      const [target, pred] = randomBoxPairs(count, count, float32);
      expect(relativeError(giouLossSum(target, pred)!, referenceGiouSum(target, pred)), `${count} pairs`).toBeLessThan(1e-14);
    }
  });

  it("covers disjoint, nested, identical and degenerate pairs", () => {
    setKernelMode(mode);
    const target = [0, 0, 2, 2, 0, 0, 4, 4, 1, 1, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 2];
    const pred = [5, 5, 7, 7, 1, 1, 2, 2, 1, 1, 3, 3, 5, 5, 5, 5, 6, 6, 6, 6, 0, 1, 0, 3];
    // Per pair: disjoint 1 + (49 - 8)/49, nested 1 - 1/16, identical 0, the same point 0,
    // two points 1 + 1 (hull 1, union 0), collinear segments with a zero hull 1.
    const expected = 1 + 41 / 49 + (1 - 1 / 16) + 0 + 0 + 2 + 1;
    expect(giouLossSum(target, pred)).toBeCloseTo(expected, 14);
    expect(referenceGiouSum(target, pred)).toBeCloseTo(expected, 14);
  });

  it.each([
    ["x2 below x1", [3, 0, 1, 2]],
    ["y2 below y1", [0, 3, 2, 1]],
    ["a NaN coordinate", [0, Number.NaN, 2, 2]],
    ["an infinite coordinate", [0, 0, Infinity, 2]],
  ])("returns undefined for %s", (_, badBox) => {
    setKernelMode(mode);
    const [target, pred] = randomBoxPairs(3001, 40, false);
    const badTarget = Float64Array.from(target);
    badTarget.set(badBox, 4 * 3000);
    expect(giouLossSum(badTarget, pred)).toBeUndefined();
    const badPred = Float64Array.from(pred);
    badPred.set(badBox, 4 * 1234);
    expect(giouLossSum(target, badPred)).toBeUndefined();
  });

  it("returns 0 for no pairs", () => {
    setKernelMode(mode);
    expect(giouLossSum(new Float32Array(0), new Float32Array(0))).toBe(0);
  });
});
