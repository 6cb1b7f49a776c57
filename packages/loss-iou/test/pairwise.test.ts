import { describe, expect, it } from "vitest";
import { ZaeShapeError, ZaeValueError } from "@zae/tensor-utils";
import { expectAllClose, loadFixture } from "@zae/test-utils";
import { boxIoU, generalizedBoxIoU } from "../src/index.js";

interface PairwiseCase {
  name: string;
  dtype: "float32" | "float64";
  first_shape: number[];
  second_shape: number[];
  first: number[];
  second: number[];
  box_iou: number[];
  generalized_box_iou: number[];
}

const fixture = loadFixture<PairwiseCase>(new URL("./fixtures/pairwise.json", import.meta.url));

function tensorOf(values: number[], shape: number[], dtype: "float32" | "float64") {
  return { data: dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape };
}

describe("boxIoU and generalizedBoxIoU against torchvision", () => {
  for (const c of fixture.cases) {
    const rtol = c.dtype === "float64" ? 1e-10 : 1e-5;
    it(`${c.name} box_iou`, () => {
      const result = boxIoU(tensorOf(c.first, c.first_shape, c.dtype), tensorOf(c.second, c.second_shape, c.dtype));
      expect(result.shape).toEqual([c.first_shape[0], c.second_shape[0]]);
      expect(result.data).toBeInstanceOf(c.dtype === "float32" ? Float32Array : Float64Array);
      // IoU of disjoint pairs is exactly 0 on both sides, so an absolute floor of 1e-7 only matters for float32 rounding.
      expectAllClose(result.data, c.box_iou, rtol, c.dtype === "float32" ? 1e-7 : 0, c.name);
    });
    it(`${c.name} generalized_box_iou`, () => {
      const result = generalizedBoxIoU(tensorOf(c.first, c.first_shape, c.dtype), tensorOf(c.second, c.second_shape, c.dtype));
      expect(result.shape).toEqual([c.first_shape[0], c.second_shape[0]]);
      expectAllClose(result.data, c.generalized_box_iou, rtol, c.dtype === "float32" ? 1e-7 : 0, c.name);
    });
  }
});

describe("pairwise named cases", () => {
  it("documented examples hold", () => {
    expectAllClose(boxIoU([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2]]).data, [1 / 7, 1], 1e-15);
    expectAllClose(generalizedBoxIoU([[0, 2]], [[5, 7], [0, 2]]).data, [-3 / 7, 1], 1e-15);
  });

  it("diagonal equals per-pair losses", async () => {
    const { GIoU } = await import("../src/index.js");
    const a = [[0, 0, 2, 2], [1, 1, 4, 5], [3, 0, 4, 1]];
    const b = [[1, 1, 3, 3], [0, 2, 2, 6], [5, 5, 7, 8]];
    const matrix = generalizedBoxIoU(a, b);
    const losses = GIoU(b, a, { reduction: "none" });
    for (let i = 0; i < 3; i++) expect(matrix.data[i * 3 + i]).toBeCloseTo(1 - losses.data[i], 15);
  });

  it("empty sides give empty matrices", () => {
    expect(boxIoU({ data: new Float64Array(0), shape: [0, 4] }, [[0, 0, 1, 1]]).shape).toEqual([0, 1]);
    expect(generalizedBoxIoU([[0, 0, 1, 1]], { data: new Float64Array(0), shape: [0, 4] }).shape).toEqual([1, 0]);
  });

  it("zero-area pairs are finite", () => {
    // torchvision returns NaN here (0 / 0); identical boxes score 1, others 0.
    const result = boxIoU([[1, 1, 1, 1]], [[1, 1, 1, 1], [2, 2, 2, 2]]);
    expect(Array.from(result.data)).toEqual([1, 0]);
    const generalized = generalizedBoxIoU([[0, 0, 1, 0]], [[0, 0, 2, 0]]);
    expect(Array.from(generalized.data)).toEqual([0]);
  });

  it("intervals and 3-D boxes", () => {
    expectAllClose(boxIoU([[0, 4]], [[2, 6], [0, 4], [5, 6]]).data, [1 / 3, 1, 0], 1e-15);
    expectAllClose(boxIoU([[0, 0, 0, 2, 2, 2]], [[1, 1, 1, 3, 3, 3]]).data, [1 / 15], 1e-15);
  });
});

describe("pairwise input validation", () => {
  it("different box widths are rejected", () => {
    expect(() => boxIoU([[0, 0, 1, 1]], [[0, 1]])).toThrow(ZaeShapeError);
    expect(() => boxIoU([[0, 0, 1, 1]], [[0, 1]])).toThrow(/boxIoU: `boxes2` must be boxes with the same last axis/);
  });

  it("single box without rows is rejected", () => {
    expect(() => generalizedBoxIoU([0, 0, 1, 1], [[0, 0, 1, 1]])).toThrow(ZaeShapeError);
  });

  it("inverted box names its row", () => {
    expect(() => boxIoU([[0, 0, 1, 1]], [[0, 0, 1, 1], [3, 0, 1, 1]])).toThrow(ZaeValueError);
    expect(() => boxIoU([[0, 0, 1, 1]], [[0, 0, 1, 1], [3, 0, 1, 1]])).toThrow(/`boxes2 \(row 1\)`/);
  });
});
