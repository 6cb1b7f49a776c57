import { describe, expect, it } from "vitest";
import { isZaeError, ZaeError, ZaeOptionError, ZaeShapeError, ZaeValueError } from "../src/index.js";

const details = { functionName: "mse", parameter: "predict", expected: "a number", value: "x" };

describe("ZaeError", () => {
  it("names the function, parameter, expected and received value", () => {
    const error = new ZaeShapeError({ ...details, hint: "Pass a number." });
    expect(error.message).toBe('mse: `predict` must be a number, received "x". Pass a number.');
    expect(error).toMatchObject({ functionName: "mse", parameter: "predict", expected: "a number", value: "x" });
    expect(error.name).toBe("ZaeShapeError");
  });

  it("supports instanceof for each kind", () => {
    const shape = new ZaeShapeError(details);
    expect(shape).toBeInstanceOf(Error);
    expect(shape).toBeInstanceOf(ZaeError);
    expect(shape).toBeInstanceOf(ZaeShapeError);
    expect(shape).not.toBeInstanceOf(ZaeValueError);
    expect(new ZaeValueError(details)).toBeInstanceOf(ZaeValueError);
    expect(new ZaeOptionError(details)).not.toBeInstanceOf(ZaeShapeError);
  });

  it("is recognised across duplicate copies of the package", () => {
    // A second copy has its own classes but the same Symbol.for marker.
    const foreign = Object.assign(new Error("copy"), { [Symbol.for("@zae/tensor-utils/error")]: "shape" });
    expect(isZaeError(foreign)).toBe(true);
    expect(foreign instanceof ZaeError).toBe(true);
    expect(foreign instanceof ZaeShapeError).toBe(true);
    expect(foreign instanceof ZaeOptionError).toBe(false);
    expect(isZaeError(new Error("plain"))).toBe(false);
    expect(isZaeError(null)).toBe(false);
  });

  it("summarises long arrays in the message", () => {
    const error = new ZaeValueError({ ...details, value: Float32Array.from({ length: 100 }, (_, i) => i) });
    expect(error.message).toContain("Float32Array [0, 1, 2, 3, 4, 5, … (100 items)]");
  });
});
