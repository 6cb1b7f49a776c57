import { expectAllClose, loadFixture } from "@zae/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSigmoid, sigmoid, softplus } from "../src/index.js";

interface StableMathCase {
  name: "softplus" | "logSigmoid" | "sigmoid";
  x: number[];
  y: number[];
}

const fixture = loadFixture<StableMathCase>(new URL("./fixtures/stable-math.json", import.meta.url));
const functions = { softplus, logSigmoid, sigmoid };

describe("stable math against PyTorch float64", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expectAllClose(c.x.map(functions[c.name]), c.y, 1e-15, 0, c.name);
  });
});

describe("softplus", () => {
  it("keeps tiny values instead of flushing them to zero", () => {
    expect(softplus(-20)).toBeCloseTo(2.0611536e-9, 15);
    expect(softplus(-40) / 4.248354255291589e-18).toBeCloseTo(1, 14);
  });

  it("gives the limits at infinity", () => {
    expect(softplus(-Infinity)).toBe(0);
    expect(softplus(Infinity)).toBe(Infinity);
  });

  it("is finite and non-negative for every finite input", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Number.isFinite(softplus(x)) && softplus(x) >= 0));
  });
});

describe("sigmoid and logSigmoid", () => {
  it("never produce NaN at the extremes", () => {
    expect(sigmoid(-Infinity)).toBe(0);
    expect(sigmoid(Infinity)).toBe(1);
    expect(logSigmoid(-1e4)).toBe(-1e4);
    expect(logSigmoid(Infinity)).toBe(-0);
  });

  it("satisfy sigmoid(x) + sigmoid(-x) = 1", () => {
    fc.assert(fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => Math.abs(sigmoid(x) + sigmoid(-x) - 1) < 1e-15));
  });
});
