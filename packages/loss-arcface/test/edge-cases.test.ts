import { createRng } from "@zae/tensor-utils";
import { expectAllClose } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss, type ArcFaceLossOptions } from "../src/index.js";

function uniform(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => 2 * rng.next() - 1);
}

function expectAllFinite(values: ArrayLike<number>, label: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) expect.fail(`${label}[${i}] is ${values[i]}`);
  }
}

describe("ArcFaceLoss empty batch", () => {
  const head = new ArcFaceLoss(3, 4, { seed: 2 });
  const empty = { data: new Float64Array(0), shape: [0, 3] };

  it("forward returns [0, outFeatures]", () => {
    const logits = head.forward(empty, []);

    expect(logits.shape).toEqual([0, 4]);
    expect(logits.data.length).toBe(0);
  });

  it("loss is zero", () => {
    expect(head.loss(empty, [])).toBe(0);
  });

  it("lossWithGrad gives zero gradients", () => {
    const result = head.lossWithGrad(empty, []);

    expect(result.value).toBe(0);
    expect(result.gradFeatures.shape).toEqual([0, 3]);
    expect(result.gradFeatures.data.length).toBe(0);
    expect(result.gradWeight.shape).toEqual([4, 3]);
    expect(Array.from(result.gradWeight.data)).toEqual(new Array(12).fill(0));
  });

  it("backward accepts [0, outFeatures]", () => {
    const grads = head.backward(empty, [], { data: new Float64Array(0), shape: [0, 4] });

    expect(grads.features.shape).toEqual([0, 3]);
    expect(Array.from(grads.weight.data)).toEqual(new Array(12).fill(0));
  });
});

describe("ArcFaceLoss ignoreIndex", () => {
  const features = uniform(6 * 5, 31);
  const weight = { data: uniform(4 * 5, 32), shape: [4, 5] };
  const labels = [1, -1, 3, -1, 0, 2];
  const keptRows = [0, 2, 4, 5];
  const keptFeatures = Float64Array.from(keptRows.flatMap((row) => Array.from(features.subarray(row * 5, row * 5 + 5))));

  it("loss equals loss of kept rows", () => {
    const ignoring = new ArcFaceLoss(5, 4, { weight, ignoreIndex: -1 });
    const plain = new ArcFaceLoss(5, 4, { weight });

    const full = ignoring.lossWithGrad({ data: features, shape: [6, 5] }, labels);
    const subset = plain.lossWithGrad({ data: keptFeatures, shape: [4, 5] }, keptRows.map((row) => labels[row]));

    expectAllClose(full.value, subset.value, 1e-15, 0, "loss");
    expectAllClose(full.gradWeight.data, subset.gradWeight.data, 1e-13, 1e-16, "gradWeight");
    for (const [position, row] of keptRows.entries()) {
      const fullRow = full.gradFeatures.data.subarray(row * 5, row * 5 + 5);
      expectAllClose(fullRow, subset.gradFeatures.data.subarray(position * 5, position * 5 + 5), 1e-13, 1e-16, `row ${row}`);
    }
    expect(Array.from(full.gradFeatures.data.subarray(5, 10))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(full.gradFeatures.data.subarray(15, 20))).toEqual([0, 0, 0, 0, 0]);
  });

  it("ignored rows get no margin", () => {
    const ignoring = new ArcFaceLoss(5, 4, { weight, ignoreIndex: -1, scale: 1 });
    const noMargin = new ArcFaceLoss(5, 4, { weight, margin: 0, scale: 1 });
    const logits = ignoring.forward({ data: features, shape: [6, 5] }, labels).data;
    const cosines = noMargin.forward({ data: features, shape: [6, 5] }, [0, 0, 0, 0, 0, 0]).data;

    // With margin 0 the label column is cos(acos(c)), equal to c up to rounding.
    expectAllClose(logits.subarray(4, 8), cosines.subarray(4, 8), 1e-12, 1e-15, "row 1");
    expectAllClose(logits.subarray(12, 16), cosines.subarray(12, 16), 1e-12, 1e-15, "row 3");
  });

  it("all rows ignored gives zero", () => {
    const ignoring = new ArcFaceLoss(5, 4, { weight, ignoreIndex: 2 });
    const result = ignoring.lossWithGrad({ data: features.subarray(0, 10), shape: [2, 5] }, [2, 2]);

    expect(result.value).toBe(0);
    expect(Array.from(result.gradFeatures.data)).toEqual(new Array(10).fill(0));
    expect(Array.from(result.gradWeight.data)).toEqual(new Array(20).fill(0));
  });

  it("ignore index may be a class", () => {
    const ignoring = new ArcFaceLoss(5, 4, { weight, ignoreIndex: 3 });
    const value = ignoring.loss({ data: features, shape: [6, 5] }, [3, 3, 3, 3, 3, 0]);
    const single = new ArcFaceLoss(5, 4, { weight }).loss({ data: features.subarray(25, 30), shape: [1, 5] }, [0]);

    expectAllClose(value, single, 1e-15, 0, "loss");
  });
});

describe("ArcFaceLoss extreme inputs", () => {
  const weightRows = uniform(3 * 4, 41);
  weightRows.fill(0, 8, 12);
  const weight = { data: weightRows, shape: [3, 4] };
  const features = Float64Array.from([
    ...weightRows.subarray(0, 4),
    ...weightRows.subarray(4, 8).map((v) => -v),
    0, 0, 0, 0,
    1e-300, 0, 0, 0,
    1e200, -1e200, 1e200, 0,
    5, 5, 5, 5,
  ]);
  const labels = [0, 1, 2, 0, 1, 2];
  const variants: [string, ArcFaceLossOptions][] = [
    ["plain", {}],
    ["easy margin", { easyMargin: true }],
    ["fallback", { marginFallback: true }],
  ];

  for (const [name, options] of variants) {
    for (const scale of [1, 30, 1e4]) {
      it(`${name} at scale ${scale} stays finite`, () => {
        const head = new ArcFaceLoss(4, 3, { ...options, scale, weight });
        const result = head.lossWithGrad({ data: features, shape: [6, 4] }, labels);

        expect(Number.isFinite(result.value)).toBe(true);
        expectAllFinite(result.logits.data, "logits");
        expectAllFinite(result.gradFeatures.data, "gradFeatures");
        expectAllFinite(result.gradWeight.data, "gradWeight");
      });
    }
  }

  it("float32 features at scale 1e4 stay finite", () => {
    const head = new ArcFaceLoss(4, 3, { scale: 1e4, weight });
    const result = head.lossWithGrad({ data: Float32Array.from(features.subarray(0, 16)), shape: [4, 4] }, [0, 1, 2, 0]);

    expect(result.gradFeatures.data).toBeInstanceOf(Float32Array);
    expectAllFinite(result.gradFeatures.data, "gradFeatures");
  });
});

describe("ArcFaceLoss input forms", () => {
  const head = new ArcFaceLoss(3, 2, { seed: 9 });
  const rows = [
    [0.5, -1, 2],
    [1, 1, 0],
  ];
  const expected = head.forward(rows, [1, 0]);

  it("accepts framework tensors", () => {
    const tfjsLike = { shape: [2, 3], dataSync: () => Float32Array.from(rows.flat()) };
    const onnxLike = { dims: [2], data: BigInt64Array.from([1n, 0n]) };
    const logits = head.forward(tfjsLike, onnxLike);

    expect(logits.data).toBeInstanceOf(Float32Array);
    expectAllClose(logits.data, expected.data, 1e-6, 0, "logits");
  });

  it("accepts typed-array labels", () => {
    const logits = head.forward({ data: Float64Array.from(rows.flat()), shape: [2, 3] }, Int32Array.from([1, 0]));

    expect(Array.from(logits.data)).toEqual(Array.from(expected.data));
  });
});

describe("ArcFaceLoss scratch reuse", () => {
  it("results independent of earlier calls", () => {
    const weight = { data: uniform(5 * 3, 51), shape: [5, 3] };
    const large = { data: uniform(7 * 3, 52), shape: [7, 3] };
    const small = { data: uniform(2 * 3, 53), shape: [2, 3] };
    const largeLabels = [0, 1, 2, 3, 4, 0, 1];
    const reused = new ArcFaceLoss(3, 5, { weight });

    const first = reused.lossWithGrad(large, largeLabels);
    const firstLogits = Array.from(first.logits.data);
    reused.lossWithGrad(small, [4, 2]);
    reused.backward(small, [4, 2], { data: uniform(10, 54), shape: [2, 5] });
    const again = reused.lossWithGrad(large, largeLabels);
    const fresh = new ArcFaceLoss(3, 5, { weight }).lossWithGrad(large, largeLabels);

    expect(Array.from(first.logits.data)).toEqual(firstLogits);
    expect(again.value).toBe(fresh.value);
    expect(Array.from(again.gradFeatures.data)).toEqual(Array.from(fresh.gradFeatures.data));
    expect(Array.from(again.gradWeight.data)).toEqual(Array.from(fresh.gradWeight.data));
  });
});
