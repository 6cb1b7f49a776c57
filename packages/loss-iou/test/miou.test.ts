import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ZaeOptionError, ZaeShapeError, ZaeValueError } from "@zae/tensor-utils";
import { expectAllClose, loadFixture } from "@zae/test-utils";
import { createConfusionMatrix, mIoU } from "../src/index.js";

interface MIoUCase {
  name: string;
  shape: number[];
  pred: number[];
  target: number[];
  num_classes: number;
  ignore_index: number | null;
  miou: number;
  per_class_iou: number[];
  dataset_miou: number;
}

const fixture = loadFixture<MIoUCase>(new URL("./fixtures/miou.json", import.meta.url));

describe("mIoU against the NumPy reference", () => {
  it("fixture records its generator", () => {
    expect(fixture.generator).toBe("tooling/reference/loss_iou_miou.py");
  });

  for (const c of fixture.cases) {
    const ignore = c.ignore_index === null ? {} : { ignoreIndex: c.ignore_index };
    it(`${c.name} without numClasses`, () => {
      const value = mIoU({ data: Float64Array.from(c.pred), shape: c.shape }, { data: Float64Array.from(c.target), shape: c.shape }, ignore);
      expectAllClose(value, c.miou, 1e-12, 0, c.name);
    });
    it(`${c.name} with numClasses, Int32Array`, () => {
      // Targets may contain 255 as the ignore index, which is above numClasses.
      const value = mIoU(
        { data: Int32Array.from(c.pred), shape: c.shape },
        { data: Int32Array.from(c.target), shape: c.shape },
        { ...ignore, numClasses: c.num_classes },
      );
      expectAllClose(value, c.miou, 1e-12, 0, c.name);
    });
  }
});

describe("mIoU fixed cases", () => {
  it("highest label counts", () => {
    // Classes 0, 1, 2: IoU 1, 2/3, 1/2.
    expect(mIoU([0, 1, 1, 2, 2], [0, 1, 1, 2, 1])).toBeCloseTo(0.722222, 6);
    expect(mIoU([0, 1, 1, 2, 2], [0, 1, 1, 2, 1])).toBeCloseTo((1 + 2 / 3 + 1 / 2) / 3, 15);
  });

  it("absent classes are skipped", () => {
    // numClasses 10 leaves classes 2..9 absent from both maps. They do not pull the mean to 0.
    expect(mIoU([0, 1, 1], [0, 1, 1], { numClasses: 10 })).toBe(1);
    expect(mIoU([0, 5, 5], [0, 5, 0])).toBeCloseTo((1 / 2 + 1 / 2) / 2, 15);
  });

  it("both maps empty gives 1", () => {
    expect(mIoU([], [])).toBe(1);
    expect(mIoU([1, 2, 3], [255, 255, 255], { ignoreIndex: 255 })).toBe(1);
    expect(mIoU({ data: new Float64Array(0), shape: [3, 0] }, { data: new Float64Array(0), shape: [3, 0] })).toBe(1);
  });

  it("zero samples gives 0", () => {
    expect(mIoU({ data: new Float64Array(0), shape: [0, 4] }, { data: new Float64Array(0), shape: [0, 4] })).toBe(0);
  });

  it("255 is a class unless ignored", () => {
    // Without ignoreIndex: classes 0 (IoU 1/2) and 255 (IoU 1/2). With it: positions 1 and 2 are dropped, and class 0 scores 1.
    expect(mIoU([0, 0, 255], [0, 255, 255])).toBeCloseTo(0.5, 15);
    expect(mIoU(Uint8Array.from([0, 0, 255]), Uint8Array.from([0, 255, 255]))).toBeCloseTo(0.5, 15);
    expect(mIoU([0, 0, 255], [0, 255, 255], { ignoreIndex: 255 })).toBe(1);
  });

  it("ignored class not averaged from pred", () => {
    // Position 1: target 1, pred 255 (the ignore index). Class 1 scores 1/2, class 255 is not averaged.
    expect(mIoU([1, 255], [1, 1], { ignoreIndex: 255 })).toBeCloseTo(0.5, 15);
  });

  it("first axis is the sample axis", () => {
    const pred = [[0, 1], [1, 1]];
    const target = [[0, 1], [0, 1]];
    // Sample 0 is perfect (1). Sample 1 has class 0 with IoU 0 and class 1 with IoU 1/2.
    expect(mIoU(pred, target)).toBeCloseTo((1 + 0.25) / 2, 15);
  });

  it("float labels with integers accepted", () => {
    expect(mIoU(Float32Array.from([0, 1, 1]), Float32Array.from([0, 1, 0]))).toBeCloseTo((1 / 2 + 1 / 2) / 2, 15);
  });

  it("sparse large labels are counted", () => {
    expect(mIoU([1e9, 3, 3], [1e9, 3, 7])).toBeCloseTo((1 + 1 / 2 + 0) / 3, 15);
    expect(mIoU([1e9, 0, 0], [1e9, 1e9, 0], { ignoreIndex: 0 })).toBeCloseTo(1 / 2, 15);
  });

  it("single sample matches the accumulator", () => {
    const labels = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 60 });
    fc.assert(
      fc.property(labels, (pairs) => {
        const pred = pairs.map(([p]) => p);
        const target = pairs.map(([, t]) => t);
        const matrix = createConfusionMatrix(6, { ignoreIndex: 5 }).update(pred, target);
        expect(matrix.compute().meanIoU).toBeCloseTo(mIoU(pred, target, { ignoreIndex: 5 }), 14);
      }),
    );
  });

  it("inputs are not mutated", () => {
    const pred = Int32Array.from([0, 1, 2, 255]);
    const target = Int32Array.from([0, 2, 2, 255]);
    mIoU(pred, target, { ignoreIndex: 255 });
    expect(Array.from(pred)).toEqual([0, 1, 2, 255]);
    expect(Array.from(target)).toEqual([0, 2, 2, 255]);
  });
});

describe("mIoU input validation", () => {
  it("negative label is rejected", () => {
    expect(() => mIoU([0, -1], [0, 1])).toThrow(ZaeValueError);
    expect(() => mIoU([0, -1], [0, 1])).toThrow(/mIoU: `pred \(flat index 1\)` must be a non-negative integer label/);
  });

  it("non-integer and NaN rejected", () => {
    expect(() => mIoU([0, 1], [0, 1.5])).toThrow(/`true \(flat index 1\)`/);
    expect(() => mIoU([NaN, 1], [0, 1])).toThrow(ZaeValueError);
  });

  it("label at numClasses is rejected", () => {
    expect(() => mIoU([0, 3], [0, 1], { numClasses: 3 })).toThrow(/an integer label in \[0, 2\]/);
    expect(() => mIoU([0, 1], [0, 3], { numClasses: 3, ignoreIndex: 255 })).toThrow(/or the ignore index 255/);
  });

  it("shape mismatch and scalars rejected", () => {
    expect(() => mIoU([0, 1], [0, 1, 1])).toThrow(ZaeShapeError);
    expect(() => mIoU(1, 1)).toThrow(ZaeShapeError);
  });

  it("bad options are rejected", () => {
    expect(() => mIoU([0], [0], { numClasses: 0 })).toThrow(ZaeOptionError);
    expect(() => mIoU([0], [0], { numClasses: 2.5 })).toThrow(ZaeOptionError);
    expect(() => mIoU([0], [0], { ignoreIndex: 0.5 })).toThrow(ZaeOptionError);
    expect(() => mIoU([0], [0], { ignore_index: 255 } as never)).toThrow(/unknown option "ignore_index"/);
  });
});
