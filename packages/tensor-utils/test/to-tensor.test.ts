import { describe, expect, it } from "vitest";
import { toTensor, ZaeShapeError, ZaeValueError } from "../src/index.js";

describe("toTensor", () => {
  it("converts numbers and booleans to scalars", () => {
    expect(toTensor(2.5, "x")).toEqual({ data: Float64Array.of(2.5), shape: [] });
    expect(toTensor(true, "x")).toEqual({ data: Float64Array.of(1), shape: [] });
  });

  it("flattens rectangular nested arrays in row-major order", () => {
    const tensor = toTensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], "x");
    expect(tensor.shape).toEqual([2, 2, 2]);
    expect(Array.from(tensor.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(toTensor([[true, false]], "x").data).toEqual(Float64Array.of(1, 0));
  });

  it("reads empty arrays", () => {
    expect(toTensor([], "x")).toEqual({ data: new Float64Array(0), shape: [0] });
    expect(toTensor([[], []], "x")).toEqual({ data: new Float64Array(0), shape: [2, 0] });
  });

  it("rejects a ragged array naming the first bad index", () => {
    expect(() => toTensor([[1, 2], [3]], "logit", "crossEntropy")).toThrow(ZaeShapeError);
    expect(() => toTensor([[1, 2], [3]], "logit", "crossEntropy")).toThrow(/crossEntropy: `logit\[1\]` must be an array of length 2/);
    expect(() => toTensor([[1, 2], [3, [4]]], "x")).toThrow(/`x\[1\]\[1\]` must be a number/);
    expect(() => toTensor([1, [2]], "x")).toThrow(/`x\[1\]`/);
  });

  it("reports a wrong element type as a value error", () => {
    expect(() => toTensor(["1"] as never, "true", "mse")).toThrow(ZaeValueError);
    expect(() => toTensor([null] as never, "true", "mse")).toThrow('mse: `true[0]` must be a number or a boolean, received null.');
  });

  it("names an invalid shape field", () => {
    expect(() => toTensor({ data: new Float64Array(2), shape: [-2] }, "true", "mse")).toThrow(ZaeShapeError);
    expect(() => toTensor({ data: new Float64Array(2), shape: [-2] }, "true", "mse")).toThrow(/`true.shape` must be an array of non-negative integers/);
    expect(() => toTensor({ dims: [1.5], data: new Float32Array(1) }, "x")).toThrow(/`x.dims`/);
  });

  it("rejects strings and other values", () => {
    expect(() => toTensor("1" as never, "x")).toThrow(ZaeValueError);
    expect(() => toTensor([["a"]] as never, "x")).toThrow(/`x\[0\]\[0\]` must be a number/);
    expect(() => toTensor(null as never, "x")).toThrow(/received null/);
    expect(() => toTensor({ shape: [2] } as never, "x")).toThrow(ZaeValueError);
  });

  it("uses the supported typed arrays without copying", () => {
    for (const data of [new Float32Array(3), new Float64Array(3), new Int32Array(3), new Uint8Array(3)]) {
      const tensor = toTensor(data, "x");
      expect(tensor.data).toBe(data);
      expect(tensor.shape).toEqual([3]);
    }
  });

  it("copies other typed arrays to float64", () => {
    const tensor = toTensor(Int16Array.of(-2, 5), "x");
    expect(tensor.data).toEqual(Float64Array.of(-2, 5));
  });

  it("accepts a { data, shape } tensor and checks its size", () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    const tensor = toTensor({ data, shape: [2, 3] }, "x");
    expect(tensor.data).toBe(data);
    expect(tensor.shape).toEqual([2, 3]);
    expect(() => toTensor({ data, shape: [4, 2] }, "x", "mse")).toThrow(/mse: `x` must be data of 8 elements for shape \[4, 2\], received 6 elements/);
  });

  it("reads TensorFlow.js-like tensors through dataSync", () => {
    const data = Float32Array.of(1, 2, 3, 4);
    const tfjsLike = { shape: [2, 2], dtype: "float32", dataSync: () => data };
    const tensor = toTensor(tfjsLike, "x");
    expect(tensor.data).toBe(data);
    expect(tensor.shape).toEqual([2, 2]);
  });

  it("reads ONNX Runtime-like tensors, converting int64 data", () => {
    const tensor = toTensor({ dims: [3], data: BigInt64Array.of(1n, -2n, 3n) }, "labels");
    expect(tensor.data).toEqual(Float64Array.of(1, -2, 3));
    expect(() => toTensor({ dims: [1], data: BigInt64Array.of(2n ** 60n) }, "labels")).toThrow(ZaeValueError);
  });

  it("never mutates the input", () => {
    const nested = [[1, 2], [3, 4]];
    const tensor = toTensor(nested, "x");
    tensor.data[0] = 99;
    expect(nested).toEqual([[1, 2], [3, 4]]);
    const shape = [2, 2];
    const source = { data: new Float64Array(4), shape };
    const converted = toTensor(source, "x");
    expect(converted.shape).not.toBe(shape);
  });
});
