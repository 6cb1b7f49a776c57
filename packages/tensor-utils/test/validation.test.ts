import { describe, expect, it } from "vitest";
import { assertSameShape, broadcastTo, checkLabels, ZaeShapeError, ZaeValueError } from "../src/index.js";

const tensor = (shape: number[]) => ({ data: new Float64Array(shape.reduce((a, b) => a * b, 1)), shape });

describe("assertSameShape", () => {
  it("accepts equal shapes and rejects any difference", () => {
    expect(() => assertSameShape(tensor([2, 3]), "a", tensor([2, 3]), "b", "f")).not.toThrow();
    expect(() => assertSameShape(tensor([3]), "true", tensor([3, 1]), "predict", "mse")).toThrow(ZaeShapeError);
    expect(() => assertSameShape(tensor([]), "a", tensor([1]), "b", "f")).toThrow(/received \[1\]/);
  });
});

describe("broadcastTo", () => {
  it("repeats a [C] vector over the last axis", () => {
    const out = broadcastTo({ data: Float64Array.of(1, 2, 3), shape: [3] }, [2, 3], "w", "f");
    expect(Array.from(out)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it("repeats a [C, 1] column over the last axis of [N, C, L]", () => {
    const out = broadcastTo({ data: Float64Array.of(10, 20), shape: [2, 1] }, [2, 2, 3], "w", "f");
    expect(Array.from(out)).toEqual([10, 10, 10, 20, 20, 20, 10, 10, 10, 20, 20, 20]);
  });

  it("handles scalars, full shapes and empty targets", () => {
    expect(Array.from(broadcastTo({ data: Float64Array.of(7), shape: [] }, [2], "w", "f"))).toEqual([7, 7]);
    const full = Float64Array.of(1, 2, 3, 4);
    expect(broadcastTo({ data: full, shape: [2, 2] }, [2, 2], "w", "f")).toEqual(full);
    expect(broadcastTo({ data: Float64Array.of(1, 2), shape: [2] }, [0, 2], "w", "f").length).toBe(0);
  });

  it("names both shapes when broadcasting is impossible", () => {
    expect(() => broadcastTo({ data: new Float64Array(3), shape: [3] }, [3, 2], "classWeights", "crossEntropy")).toThrow(
      "crossEntropy: `classWeights` must be a shape that broadcasts to [3, 2] (trailing axes equal or 1), received [3].",
    );
    expect(() => broadcastTo({ data: new Float64Array(4), shape: [2, 2] }, [2], "w", "f")).toThrow(ZaeShapeError);
  });
});

describe("checkLabels", () => {
  it("accepts integers in range, as floats too", () => {
    expect(() => checkLabels(Float32Array.of(0, 1, 2), "labels", "f", { numClasses: 3 })).not.toThrow();
    expect(() => checkLabels([0, 255], "labels", "f")).not.toThrow();
  });

  it("names the first bad position and value", () => {
    expect(() => checkLabels([0, 1.5, -1], "labels", "mIoU")).toThrow("mIoU: `labels (flat index 1)` must be a non-negative integer, received 1.5.");
    expect(() => checkLabels([0, 3], "labels", "f", { numClasses: 3 })).toThrow(/an integer in \[0, 2\], received 3/);
    expect(() => checkLabels([NaN], "labels", "f")).toThrow(ZaeValueError);
  });

  it("lets the ignore index through", () => {
    expect(() => checkLabels([0, -100, 1], "labels", "f", { numClasses: 2, ignoreIndex: -100 })).not.toThrow();
    expect(() => checkLabels([5], "labels", "f", { numClasses: 2, ignoreIndex: -100 })).toThrow(/or the ignore index -100/);
  });
});
