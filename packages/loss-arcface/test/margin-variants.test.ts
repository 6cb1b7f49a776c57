import { expectAllClose } from "@zae/test-utils";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss, type ArcFaceLossOptions } from "../src/index.js";

/**
 * Returns the label logit for a 2-D feature at angle `theta` from class 0's
 * weight `[1, 0]`, with scale 1 so the logit is the target cosine itself.
 */
function targetAt(theta: number, options: ArcFaceLossOptions = {}): number {
  const head = new ArcFaceLoss(2, 2, { ...options, scale: 1, weight: [[1, 0], [0, 1]] });
  return head.forward([[Math.cos(theta), Math.sin(theta)]], [0]).data[0];
}

describe("ArcFaceLoss margin variants", () => {
  // Worked example with m = 0.5 and theta = 2.9 rad: theta + m = 3.4 > pi.
  // cos(2.9) = -0.97096 and cos(3.4) = -0.96680, so the plain margin raises
  // the target logit; m sin m = 0.23971 and cos(pi - m) = -0.87758.
  it("plain margin past pi is a bonus", () => {
    const target = targetAt(2.9);

    expectAllClose(target, Math.cos(3.4), 1e-12, 0, "target");
    expect(target).toBeGreaterThan(Math.cos(2.9));
  });

  it("easy margin keeps cosine below zero", () => {
    expectAllClose(targetAt(2.9, { easyMargin: true }), Math.cos(2.9), 1e-12, 0, "target");
  });

  it("fallback subtracts m sin m", () => {
    const target = targetAt(2.9, { marginFallback: true });

    expectAllClose(target, Math.cos(2.9) - 0.5 * Math.sin(0.5), 1e-12, 0, "target");
    expect(target).toBeLessThan(Math.cos(2.9));
  });

  it("variants agree below threshold", () => {
    // theta = 1: cos theta = 0.540 > 0 and > cos(pi - 0.5), so every variant uses cos(theta + m).
    for (const options of [{}, { easyMargin: true }, { marginFallback: true }]) {
      expectAllClose(targetAt(1, options), Math.cos(1.5), 1e-12, 0, JSON.stringify(options));
    }
  });

  it("fallback switches at pi minus m", () => {
    // Just inside the threshold cos(theta + m) is close to cos(pi) = -1; just
    // past it the fallback gives -cos(m) - m sin(m) = -1.11730: the insightface
    // fallback is not continuous there.
    const below = targetAt(Math.PI - 0.5 - 1e-6, { marginFallback: true });
    const above = targetAt(Math.PI - 0.5 + 1e-6, { marginFallback: true });

    expectAllClose(below, -1, 1e-9, 0, "below");
    expectAllClose(above, -Math.cos(0.5) - 0.5 * Math.sin(0.5), 1e-6, 0, "above");
  });

  it("margin penalises angles below pi minus m", () => {
    for (const theta of [0.1, 0.5, 1, 2, 2.6]) {
      expect(targetAt(theta), `theta ${theta}`).toBeLessThan(Math.cos(theta));
    }
  });

  it("scale multiplies every logit", () => {
    const weight = [[1, 0], [0, 1]];
    const feature = [[Math.cos(0.7), Math.sin(0.7)]];
    const unscaled = new ArcFaceLoss(2, 2, { scale: 1, weight }).forward(feature, [1]).data;
    const scaled = new ArcFaceLoss(2, 2, { scale: 64, weight }).forward(feature, [1]).data;

    expectAllClose(scaled, Array.from(unscaled, (value) => 64 * value), 1e-14, 0, "logits");
    // Column 0 is not the label: it is the plain cosine.
    expectAllClose(unscaled[0], Math.cos(0.7), 1e-14, 0, "other class");
    expectAllClose(unscaled[1], Math.cos(Math.PI / 2 - 0.7 + 0.5), 1e-12, 0, "label");
  });

  it("clamp zeroes margin gradient when aligned", () => {
    // Feature equal to class 0's weight: cos = 1 is clamped to 1 - 1e-7, so
    // the label column passes no gradient; only class 1's cosine moves it.
    const head = new ArcFaceLoss(2, 2, { weight: [[1, 0], [0, 1]] });
    const gradFeatures = head.backward([[1, 0]], [0], [[1, 0]]).features;

    expect(Array.from(gradFeatures.data)).toEqual([0, 0]);
    const other = head.backward([[1, 0]], [0], [[0, 1]]).features.data;
    expectAllClose(other, [0, 30], 1e-15, 0, "other class");
  });
});
