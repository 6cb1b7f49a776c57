import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ZaeOptionError, ZaeShapeError, ZaeValueError } from "@zae/tensor-utils";
import { expectAllClose, loadFixture } from "@zae/test-utils";
import { ConfusionMatrix, createConfusionMatrix } from "../src/index.js";

interface MIoUCase {
  name: string;
  shape: number[];
  pred: number[];
  target: number[];
  num_classes: number;
  ignore_index: number | null;
  per_class_iou: number[];
  dataset_miou: number;
}

const fixture = loadFixture<MIoUCase>(new URL("./fixtures/miou.json", import.meta.url));

describe("confusion matrix against the NumPy reference", () => {
  for (const c of fixture.cases) {
    it(`${c.name} per-class and dataset IoU`, () => {
      const options = c.ignore_index === null ? undefined : { ignoreIndex: c.ignore_index };
      const matrix = createConfusionMatrix(c.num_classes, options);
      // Two updates of the halves count the same positions as one of the whole.
      const half = Math.floor(c.pred.length / 2);
      matrix.update(c.pred.slice(0, half), c.target.slice(0, half));
      matrix.update(Int32Array.from(c.pred.slice(half)), Int32Array.from(c.target.slice(half)));
      const { perClassIoU, meanIoU } = matrix.compute();
      expectAllClose(perClassIoU, c.per_class_iou, 1e-12, 0, c.name);
      expectAllClose(meanIoU, c.dataset_miou, 1e-12, 0, c.name);
    });
  }
});

describe("confusion matrix counting", () => {
  it("counts at true * numClasses + pred", () => {
    const matrix = createConfusionMatrix(3).update([0, 1, 1, 2, 2], [0, 1, 1, 2, 1]);
    expect(matrix.toJSON().counts).toEqual([1, 0, 0, 0, 2, 1, 0, 0, 1]);
    expect(matrix.compute().meanIoU).toBeCloseTo((1 + 2 / 3 + 1 / 2) / 3, 15);
  });

  it("ignored targets are not counted", () => {
    const matrix = createConfusionMatrix(3, { ignoreIndex: 255 }).update([0, 2, 1], [0, 255, 1]);
    expect(matrix.toJSON().counts).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(Number.isNaN(matrix.compute().perClassIoU[2])).toBe(true);
  });

  it("ignored class inside range not averaged", () => {
    // ignoreIndex 0 is also a valid prediction: position 1 predicts 0 for target 1.
    const matrix = createConfusionMatrix(2, { ignoreIndex: 0 }).update([1, 0, 1], [1, 1, 0]);
    const { perClassIoU, meanIoU } = matrix.compute();
    expect(Number.isNaN(perClassIoU[0])).toBe(true);
    expect(perClassIoU[1]).toBe(1 / 2);
    expect(meanIoU).toBe(1 / 2);
  });

  it("empty accumulator gives mean 1", () => {
    const { perClassIoU, meanIoU } = createConfusionMatrix(4).compute();
    expect(meanIoU).toBe(1);
    expect(Array.from(perClassIoU).every(Number.isNaN)).toBe(true);
  });

  it("invalid label leaves counts unchanged", () => {
    const matrix = createConfusionMatrix(3).update([0, 1], [0, 1]);
    expect(() => matrix.update([0, 1, 3], [0, 1, 1])).toThrow(ZaeValueError);
    expect(() => matrix.update([0, 1, 1], [0, 1, 1.5])).toThrow(/ConfusionMatrix.update: `true \(flat index 2\)`/);
    expect(() => matrix.update([0, NaN], [0, 1])).toThrow(/`pred \(flat index 1\)`/);
    expect(() => matrix.update([0, 1], [-1, 1])).toThrow(ZaeValueError);
    expect(matrix.toJSON().counts).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it("shape mismatch is rejected", () => {
    expect(() => createConfusionMatrix(3).update([0, 1], [[0, 1]])).toThrow(ZaeShapeError);
  });
});

describe("confusion matrix merge and JSON", () => {
  const batches = fc.array(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(255))), { maxLength: 40 }),
    { minLength: 1, maxLength: 6 },
  );

  it("merge equals a single pass", () => {
    fc.assert(
      fc.property(batches, (parts) => {
        const single = createConfusionMatrix(5, { ignoreIndex: 255 });
        const all = parts.flat();
        single.update(all.map(([p]) => p), all.map(([, t]) => t));
        const merged = createConfusionMatrix(5, { ignoreIndex: 255 });
        for (const part of parts) {
          const worker = createConfusionMatrix(5, { ignoreIndex: 255 }).update(part.map(([p]) => p), part.map(([, t]) => t));
          merged.merge(ConfusionMatrix.fromJSON(JSON.parse(JSON.stringify(worker))));
        }
        expect(merged.toJSON()).toEqual(single.toJSON());
        expect(merged.compute().meanIoU).toBe(single.compute().meanIoU);
      }),
    );
  });

  it("JSON round trip keeps settings", () => {
    const matrix = createConfusionMatrix(3, { ignoreIndex: 255 }).update([0, 2], [0, 1]);
    const copy = ConfusionMatrix.fromJSON(JSON.parse(JSON.stringify(matrix.toJSON())));
    expect(copy.numClasses).toBe(3);
    expect(copy.ignoreIndex).toBe(255);
    expect(copy.toJSON()).toEqual(matrix.toJSON());
    expect(ConfusionMatrix.fromJSON(createConfusionMatrix(2).toJSON()).ignoreIndex).toBeUndefined();
  });

  it("merge with itself doubles counts", () => {
    const matrix = createConfusionMatrix(2).update([0, 1], [0, 0]);
    matrix.merge(matrix);
    expect(matrix.toJSON().counts).toEqual([2, 2, 0, 0]);
  });

  it("merge rejects different settings", () => {
    const matrix = createConfusionMatrix(3);
    expect(() => matrix.merge(createConfusionMatrix(4))).toThrow(ZaeOptionError);
    expect(() => matrix.merge(createConfusionMatrix(3, { ignoreIndex: 0 }))).toThrow(/numClasses 3 and ignoreIndex 0/);
    expect(() => matrix.merge({} as ConfusionMatrix)).toThrow(ZaeOptionError);
  });

  it("fromJSON rejects malformed input", () => {
    expect(() => ConfusionMatrix.fromJSON(null)).toThrow(ZaeValueError);
    expect(() => ConfusionMatrix.fromJSON({ numClasses: 0, ignoreIndex: null, counts: [] })).toThrow(/json.numClasses/);
    expect(() => ConfusionMatrix.fromJSON({ numClasses: 2, ignoreIndex: "x", counts: [0, 0, 0, 0] })).toThrow(/json.ignoreIndex/);
    expect(() => ConfusionMatrix.fromJSON({ numClasses: 2, ignoreIndex: null, counts: [0, 0, 0] })).toThrow(/an array of 4 counts/);
    expect(() => ConfusionMatrix.fromJSON({ numClasses: 2, ignoreIndex: null, counts: [0, -1, 0, 0] })).toThrow(/json.counts\[1\]/);
    expect(() => ConfusionMatrix.fromJSON({ numClasses: 2, ignoreIndex: null, counts: [0, 0.5, 0, 0] })).toThrow(ZaeValueError);
  });

  it("constructor rejects bad settings", () => {
    expect(() => createConfusionMatrix(0)).toThrow(ZaeOptionError);
    expect(() => createConfusionMatrix(2.5)).toThrow(/ConfusionMatrix: `numClasses` must be a positive integer/);
    expect(() => createConfusionMatrix(3, { ignore: 1 } as never)).toThrow(ZaeOptionError);
    // 1e6² = 1e12 cells exceed the maximum typed-array length, so allocation fails at once.
    expect(() => createConfusionMatrix(1e6)).toThrow(/`numClasses` must be small enough for a numClasses × numClasses count matrix/);
  });
});
