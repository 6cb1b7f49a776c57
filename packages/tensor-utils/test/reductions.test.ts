import { describe, expect, it } from "vitest";
import { checkOptions, reduceSum, reductionScale, resolveReduction, ZaeOptionError } from "../src/index.js";

describe("resolveReduction", () => {
  it("returns the fallback for undefined", () => {
    expect(resolveReduction(undefined, "f")).toBe("mean");
    expect(resolveReduction(undefined, "f", "sum")).toBe("sum");
  });

  it("accepts each reduction", () => {
    for (const reduction of ["mean", "sum", "none"]) expect(resolveReduction(reduction, "f")).toBe(reduction);
  });

  it("rejects an unknown reduction and lists the allowed values", () => {
    expect(() => resolveReduction("avg", "mse")).toThrow(ZaeOptionError);
    expect(() => resolveReduction("avg", "mse")).toThrow('mse: `options.reduction` must be one of "mean", "sum", "none", received "avg".');
  });
});

describe("reduceSum and reductionScale", () => {
  it("divides by the count for mean", () => {
    expect(reduceSum(6, 4, "mean")).toBe(1.5);
    expect(reduceSum(6, 4, "sum")).toBe(6);
    expect(reductionScale(4, "mean")).toBe(0.25);
    expect(reductionScale(4, "sum")).toBe(1);
    expect(reductionScale(4, "none")).toBe(1);
  });

  it("returns 0 over zero elements, never NaN", () => {
    expect(reduceSum(0, 0, "mean")).toBe(0);
    expect(reduceSum(0, 0, "sum")).toBe(0);
    expect(reductionScale(0, "mean")).toBe(0);
  });
});

describe("checkOptions", () => {
  it("accepts undefined and known keys", () => {
    expect(checkOptions(undefined, ["reduction"], "f")).toEqual({});
    expect(checkOptions({ reduction: "sum" }, ["reduction"], "f")).toEqual({ reduction: "sum" });
  });

  it("rejects unknown keys and non-objects", () => {
    expect(() => checkOptions({ reduce: 1 }, ["reduction"], "mse")).toThrow(/mse: `options.reduce`.*unknown option "reduce"/);
    expect(() => checkOptions(3, ["reduction"], "mse")).toThrow(ZaeOptionError);
    expect(() => checkOptions([], ["reduction"], "mse")).toThrow(ZaeOptionError);
  });
});
