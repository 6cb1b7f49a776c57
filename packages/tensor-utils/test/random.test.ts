import { describe, expect, it } from "vitest";
import { createRng, xavierUniform } from "../src/index.js";

describe("createRng", () => {
  it("repeats the same sequence for a seed", () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(createRng(43).next()).not.toBe(first[0]);
  });

  it("produces this exact sequence for seed 1 in every engine", () => {
    // 32-bit integer arithmetic only, so these values are the same in Node and browsers.
    const rng = createRng(1);
    const values = Array.from({ length: 3 }, () => rng.next());
    expect(values).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it("stays in [0, 1) with a mean near 1/2", () => {
    const rng = createRng(9);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = rng.next();
      if (!(value >= 0 && value < 1)) outside++;
      sum += value;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});

describe("xavierUniform", () => {
  it("draws from U(-a, a) with a = sqrt(6 / (fanIn + fanOut))", () => {
    const weights = xavierUniform(64, 32, 7);
    const bound = Math.sqrt(6 / 96);
    expect(weights.length).toBe(64 * 32);
    let sumSquares = 0;
    let outside = 0;
    for (const w of weights) {
      if (!(Math.abs(w) < bound)) outside++;
      sumSquares += w * w;
    }
    expect(outside).toBe(0);
    // The variance of U(-a, a) is a² / 3.
    expect(sumSquares / weights.length / (bound * bound / 3)).toBeCloseTo(1, 1);
  });

  it("is deterministic for a seed", () => {
    expect(xavierUniform(3, 4, 5)).toEqual(xavierUniform(3, 4, 5));
    expect(xavierUniform(3, 4, createRng(5))).toEqual(xavierUniform(3, 4, 5));
  });
});
