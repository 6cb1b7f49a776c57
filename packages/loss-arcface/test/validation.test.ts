import { ZaeOptionError, ZaeShapeError, ZaeValueError, isZaeError } from "@zae/tensor-utils";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss, type ArcFaceLossOptions } from "../src/index.js";

/** Calls `action` and returns what it threw, failing the test when it returns normally. */
function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    expect(isZaeError(error), "a ZaeError").toBe(true);
    return error as Error;
  }
  return expect.fail("expected an error");
}

const features = [
  [1, 0, 0],
  [0, 1, 0],
];

describe("ArcFaceLoss constructor validation", () => {
  const badSizes: [string, unknown, unknown][] = [
    ["zero inFeatures", 0, 4],
    ["fractional inFeatures", 1.5, 4],
    ["string inFeatures", "3", 4],
    ["NaN outFeatures", 3, NaN],
    ["negative outFeatures", 3, -1],
  ];
  for (const [name, inFeatures, outFeatures] of badSizes) {
    it(`rejects ${name}`, () => {
      const error = thrown(() => new ArcFaceLoss(inFeatures as number, outFeatures as number));

      expect(error).toBeInstanceOf(ZaeOptionError);
      expect(error.message).toMatch(/^ArcFaceLoss: `(inFeatures|outFeatures)` must be a positive integer, received /);
    });
  }

  const badOptions: [string, ArcFaceLossOptions, RegExp][] = [
    ["zero scale", { scale: 0 }, /`options.scale` must be a finite number greater than 0, received 0/],
    ["negative scale", { scale: -30 }, /`options.scale`.*received -30/],
    ["infinite scale", { scale: Infinity }, /`options.scale`.*received Infinity/],
    ["string scale", { scale: "30" as unknown as number }, /`options.scale`.*received "30"/],
    ["negative margin", { margin: -0.1 }, /`options.margin` must be an angle in radians in \[0, pi\), received -0.1/],
    ["margin of pi", { margin: Math.PI }, /`options.margin`.*received 3.14159/],
    ["NaN margin", { margin: NaN }, /`options.margin`.*received NaN/],
    ["non-boolean easyMargin", { easyMargin: 1 as unknown as boolean }, /`options.easyMargin` must be a boolean, received 1/],
    ["both margin variants", { easyMargin: true, marginFallback: true }, /`options.marginFallback` must be false when easyMargin is true/],
    ["fractional ignoreIndex", { ignoreIndex: 0.5 }, /`options.ignoreIndex` must be an integer or undefined, received 0.5/],
    ["seed with weight", { seed: 1, weight: [[1, 0, 0]] }, /`options.seed` must be undefined when a weight is given/],
    ["fractional seed", { seed: 1.5 }, /`options.seed` must be an integer in \[0, 2\^32\), received 1.5/],
    ["seed of 2^32", { seed: 2 ** 32 }, /`options.seed`.*received 4294967296/],
    ["unknown option", { s: 30 } as ArcFaceLossOptions, /`options.s` must be one of the known options/],
  ];
  for (const [name, options, message] of badOptions) {
    it(`rejects ${name}`, () => {
      const error = thrown(() => new ArcFaceLoss(3, 1, options));

      expect(error).toBeInstanceOf(ZaeOptionError);
      expect(error.message).toMatch(message);
    });
  }

  it("rejects weight of wrong shape", () => {
    const error = thrown(() => new ArcFaceLoss(3, 2, { weight: [[1, 2, 3]] }));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toBe(
      "ArcFaceLoss: `options.weight` must be a [outFeatures, inFeatures] = [2, 3] matrix, received [1, 3].",
    );
  });

  it("rejects non-finite weight", () => {
    const error = thrown(() => new ArcFaceLoss(2, 2, { weight: [[1, 2], [3, NaN]] }));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toBe("ArcFaceLoss: `options.weight (row 1, column 1)` must be a finite number, received NaN.");
  });

  it("accepts margin of zero", () => {
    expect(new ArcFaceLoss(3, 2, { margin: 0 }).margin).toBe(0);
  });
});

describe("ArcFaceLoss input validation", () => {
  const head = new ArcFaceLoss(3, 4, { seed: 1 });

  it("rejects 1-D features", () => {
    const error = thrown(() => head.forward([1, 0, 0], [0]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toBe("ArcFaceLoss.forward: `features` must be a [batch, 3] matrix (inFeatures = 3), received [3].");
  });

  it("rejects features of wrong width", () => {
    const error = thrown(() => head.loss([[1, 0]], [0]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toMatch(/^ArcFaceLoss.loss: `features` must be a \[batch, 3\] matrix.*received \[1, 2\]\.$/);
  });

  it("rejects labels of wrong length", () => {
    const error = thrown(() => head.lossWithGrad(features, [0, 1, 2]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toBe(
      "ArcFaceLoss.lossWithGrad: `labels` must be a vector of 2 class indices, one per feature row (shape [2]), received [3].",
    );
  });

  it("rejects 2-D labels", () => {
    const error = thrown(() => head.forward(features, [[0], [1]]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toMatch(/`labels`.*received \[2, 1\]/);
  });

  it("rejects out-of-range label", () => {
    const error = thrown(() => head.forward(features, [0, 4]));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toBe("ArcFaceLoss.forward: `labels (flat index 1)` must be an integer in [0, 3], received 4.");
  });

  it("rejects fractional label", () => {
    const error = thrown(() => head.loss(features, [0.5, 1]));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toMatch(/`labels \(flat index 0\)`.*received 0.5/);
  });

  it("rejects -100 without ignoreIndex", () => {
    const error = thrown(() => head.loss(features, [-100, 1]));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toMatch(/`labels \(flat index 0\)` must be an integer in \[0, 3\], received -100/);
  });

  it("names ignore index in label error", () => {
    const ignoring = new ArcFaceLoss(3, 4, { ignoreIndex: -100 });
    const error = thrown(() => ignoring.loss(features, [-100, -1]));

    expect(error.message).toMatch(/`labels \(flat index 1\)` must be an integer in \[0, 3\] or the ignore index -100, received -1/);
  });

  it("rejects gradLogits of wrong shape", () => {
    const error = thrown(() => head.backward(features, [0, 1], [[1, 2, 3, 4]]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toBe("ArcFaceLoss.backward: `gradLogits` must be the shape of the logits, [2, 4], received [1, 4].");
  });

  it("rejects a string as features", () => {
    const error = thrown(() => head.forward("features" as never, [0]));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toMatch(/^ArcFaceLoss.forward: `features` must be a number, a nested array/);
  });

  it("rejects ragged features", () => {
    const error = thrown(() => head.forward([[1, 0, 0], [1, 0]], [0, 1]));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toMatch(/`features\[1\]` must be an array of length 3/);
  });
});

describe("ArcFaceLoss.setWeight validation", () => {
  it("rejects wrong shape", () => {
    const head = new ArcFaceLoss(2, 3);
    const error = thrown(() => head.setWeight({ data: new Float64Array(6), shape: [2, 3] }));

    expect(error).toBeInstanceOf(ZaeShapeError);
    expect(error.message).toBe(
      "ArcFaceLoss.setWeight: `weight` must be a [outFeatures, inFeatures] = [3, 2] matrix, received [2, 3].",
    );
  });

  it("rejects infinite value", () => {
    const head = new ArcFaceLoss(2, 1);
    const error = thrown(() => head.setWeight([[Infinity, 0]]));

    expect(error).toBeInstanceOf(ZaeValueError);
    expect(error.message).toMatch(/`weight \(row 0, column 0\)` must be a finite number, received Infinity/);
  });

  it("keeps old weight after rejection", () => {
    const head = new ArcFaceLoss(2, 1, { weight: [[1, 2]] });
    thrown(() => head.setWeight([[NaN, 0]]));

    expect(Array.from(head.weight.data)).toEqual([1, 2]);
  });
});
