import { ZaeOptionError, ZaeShapeError, ZaeValueError, createRng, xavierUniform } from "@zae/tensor-utils";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss } from "../src/index.js";

function uniform(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => 2 * rng.next() - 1);
}

/** The bit pattern of each float64, so a comparison also distinguishes -0 from 0 and detects any last-bit change. */
function bits(values: Float64Array): bigint[] {
  return Array.from(new BigInt64Array(values.buffer, values.byteOffset, values.length));
}

describe("ArcFaceLoss weight", () => {
  it("seed gives Xavier-uniform weight", () => {
    const head = new ArcFaceLoss(5, 3, { seed: 7 });

    expect(head.weight.shape).toEqual([3, 5]);
    expect(Array.from(head.weight.data)).toEqual(Array.from(xavierUniform(3, 5, 7)));
    const bound = Math.sqrt(6 / (5 + 3));
    for (const value of head.weight.data) expect(Math.abs(value)).toBeLessThanOrEqual(bound);
  });

  it("default seed is zero", () => {
    expect(Array.from(new ArcFaceLoss(4, 2).weight.data)).toEqual(Array.from(new ArcFaceLoss(4, 2, { seed: 0 }).weight.data));
    expect(Array.from(new ArcFaceLoss(4, 2, { seed: 1 }).weight.data)).not.toEqual(Array.from(new ArcFaceLoss(4, 2).weight.data));
  });

  it("getter returns a copy", () => {
    const head = new ArcFaceLoss(2, 1, { weight: [[1, 2]] });
    const copy = head.weight;
    copy.data[0] = 99;

    expect(Array.from(head.weight.data)).toEqual([1, 2]);
    expect(head.weight.data).not.toBe(head.weight.data);
  });

  it("setWeight copies and takes effect", () => {
    const head = new ArcFaceLoss(2, 2, { weight: [[1, 0], [0, 1]], scale: 1, margin: 0 });
    const next = Float64Array.from([0, 1, 1, 0]);
    head.setWeight({ data: next, shape: [2, 2] });
    next[0] = 5;

    expect(Array.from(head.weight.data)).toEqual([0, 1, 1, 0]);
    // Feature [1, 0] is now aligned with class 1 and orthogonal to class 0.
    const logits = head.forward([[1, 0]], [0]).data;
    expect(logits[0]).toBeCloseTo(0, 12);
    expect(logits[1]).toBe(1);
  });

  it("constructor copies initial weight", () => {
    const initial = Float64Array.from([1, 2, 3, 4]);
    const head = new ArcFaceLoss(2, 2, { weight: { data: initial, shape: [2, 2] } });
    initial[0] = -1;

    expect(Array.from(head.weight.data)).toEqual([1, 2, 3, 4]);
  });
});

describe("ArcFaceLoss JSON", () => {
  it("round-trip is bit-exact", () => {
    const weight = uniform(4 * 6, 61).map((v) => v * 1e-3 + 1 / 3);
    weight[6] = 5e-324;
    weight[7] = -Number.MAX_VALUE;
    const head = new ArcFaceLoss(6, 4, { weight: { data: weight, shape: [4, 6] }, scale: 17.25, margin: 0.3, marginFallback: true, ignoreIndex: -100 });
    const restored = ArcFaceLoss.fromJSON(JSON.parse(JSON.stringify(head)));

    expect(bits(restored.weight.data)).toEqual(bits(head.weight.data));
    expect(restored.inFeatures).toBe(6);
    expect(restored.outFeatures).toBe(4);
    expect(restored.scale).toBe(17.25);
    expect(restored.margin).toBe(0.3);
    expect(restored.marginFallback).toBe(true);
    expect(restored.easyMargin).toBe(false);
    expect(restored.ignoreIndex).toBe(-100);
    const batch = { data: uniform(3 * 6, 62), shape: [3, 6] };
    expect(Array.from(restored.lossWithGrad(batch, [0, -100, 3]).gradWeight.data)).toEqual(
      Array.from(head.lossWithGrad(batch, [0, -100, 3]).gradWeight.data),
    );
  });

  it("negative zero comes back as zero", () => {
    // JSON.stringify writes -0 as 0; the two are equal in every product and sum the module computes.
    const head = new ArcFaceLoss(2, 1, { weight: [[-0, 1]] });
    const restored = ArcFaceLoss.fromJSON(JSON.parse(JSON.stringify(head)));

    expect(Object.is(restored.weight.data[0], 0)).toBe(true);
  });

  it("toJSON writes nested weight", () => {
    const json = new ArcFaceLoss(2, 3, { weight: [[1, 2], [3, 4], [5, 6]], easyMargin: true }).toJSON();

    expect(json).toEqual({
      format: "@zae/loss-arcface/ArcFaceLoss",
      version: 1,
      inFeatures: 2,
      outFeatures: 3,
      scale: 30,
      margin: 0.5,
      easyMargin: true,
      marginFallback: false,
      ignoreIndex: null,
      weight: [[1, 2], [3, 4], [5, 6]],
    });
    expect(ArcFaceLoss.fromJSON(json).ignoreIndex).toBeUndefined();
  });

  const valid = () => new ArcFaceLoss(2, 1, { weight: [[1, 2]] }).toJSON() as unknown as Record<string, unknown>;

  it("rejects unparsed text", () => {
    const text = JSON.stringify(valid());

    expect(() => ArcFaceLoss.fromJSON(text)).toThrow(ZaeValueError);
    expect(() => ArcFaceLoss.fromJSON(text)).toThrow(/^ArcFaceLoss.fromJSON: `json` must be an object returned by ArcFaceLoss.toJSON\(\) \(parse the text with JSON.parse first\)/);
  });

  it("rejects other format", () => {
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), format: "other" })).toThrow(
      'ArcFaceLoss.fromJSON: `json.format` must be "@zae/loss-arcface/ArcFaceLoss" with version 1, received format "other", version 1.',
    );
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), version: 2 })).toThrow(/received format "@zae\/loss-arcface\/ArcFaceLoss", version 2/);
  });

  it("rejects missing key", () => {
    const json = valid();
    delete json.weight;

    expect(() => ArcFaceLoss.fromJSON(json)).toThrow("ArcFaceLoss.fromJSON: `json.weight` must be present, received no such key.");
  });

  it("rejects unknown key", () => {
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), seed: 3 })).toThrow(/`json.seed` must be one of the saved keys/);
  });

  it("rejects weight of wrong shape", () => {
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), weight: [[1, 2, 3]] })).toThrow(ZaeShapeError);
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), weight: [[1, 2, 3]] })).toThrow(/^ArcFaceLoss.fromJSON: `json.weight` must be a \[outFeatures, inFeatures\] = \[1, 2\] matrix, received \[1, 3\]\.$/);
  });

  it("rejects invalid options", () => {
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), margin: -1 })).toThrow(ZaeOptionError);
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), margin: -1 })).toThrow(/^ArcFaceLoss.fromJSON: `json.margin`/);
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), inFeatures: 0 })).toThrow(/^ArcFaceLoss.fromJSON: `inFeatures` must be a positive integer/);
    expect(() => ArcFaceLoss.fromJSON({ ...valid(), ignoreIndex: "none" })).toThrow(/`json.ignoreIndex` must be an integer or undefined/);
  });
});
