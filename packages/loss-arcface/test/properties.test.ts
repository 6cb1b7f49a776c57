import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArcFaceLoss } from "../src/index.js";

/**
 * Replaces each row of a row-major matrix whose norm is below 1e-3 by the
 * unit row `[1, 0, ...]`, so every direction is well defined and far from the
 * 1e-12 clamp of the normalisation. Mapping instead of filtering keeps the
 * generator free of rejected samples.
 */
function withRowNorms(values: number[], width: number): number[] {
  const out = values.slice();
  for (let offset = 0; offset < out.length; offset += width) {
    let squared = 0;
    for (let c = 0; c < width; c++) squared += out[offset + c] ** 2;
    if (squared >= 1e-6) continue;
    for (let c = 0; c < width; c++) out[offset + c] = c === 0 ? 1 : 0;
  }
  return out;
}

/** A random problem: sizes, features and weight whose rows have norm >= 1e-3, labels, options and a row factor. */
const problem = fc
  .record({
    rows: fc.integer({ min: 1, max: 4 }),
    inFeatures: fc.integer({ min: 1, max: 5 }),
    outFeatures: fc.integer({ min: 1, max: 5 }),
    scale: fc.double({ min: 0.5, max: 100, noNaN: true }),
    margin: fc.double({ min: 0, max: 3, maxExcluded: true, noNaN: true }),
    variant: fc.constantFrom("plain", "easy", "fallback"),
  })
  .chain((sizes) =>
    fc.record({
      sizes: fc.constant(sizes),
      features: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
        minLength: sizes.rows * sizes.inFeatures,
        maxLength: sizes.rows * sizes.inFeatures,
      }),
      weight: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
        minLength: sizes.outFeatures * sizes.inFeatures,
        maxLength: sizes.outFeatures * sizes.inFeatures,
      }),
      labels: fc.array(fc.integer({ min: 0, max: sizes.outFeatures - 1 }), { minLength: sizes.rows, maxLength: sizes.rows }),
      factor: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    }),
  )
  .map((sample) => ({
    ...sample,
    features: withRowNorms(sample.features, sample.sizes.inFeatures),
    weight: withRowNorms(sample.weight, sample.sizes.inFeatures),
  }));

type Problem = typeof problem extends fc.Arbitrary<infer T> ? T : never;

function headOf({ sizes, weight }: Problem): ArcFaceLoss {
  return new ArcFaceLoss(sizes.inFeatures, sizes.outFeatures, {
    scale: sizes.scale,
    margin: sizes.margin,
    easyMargin: sizes.variant === "easy",
    marginFallback: sizes.variant === "fallback",
    weight: { data: Float64Array.from(weight), shape: [sizes.outFeatures, sizes.inFeatures] },
  });
}

function batchOf({ sizes, features }: Problem): { data: Float64Array; shape: number[] } {
  return { data: Float64Array.from(features), shape: [sizes.rows, sizes.inFeatures] };
}

// Each property runs 100 generated problems. That can take several seconds
// when every package's checks run in parallel on a few cores, so the timeout
// is 60 s instead of vitest's default 5 s.
describe("ArcFaceLoss properties", { timeout: 60_000 }, () => {
  it("logits bounded by scale", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const logits = headOf(p).forward(batchOf(p), p.labels).data;
        // Cosines of unit vectors are within [-1, 1] up to rounding. The
        // fallback's label logit reaches down to s (-1 - m sin m).
        const reach = p.sizes.variant === "fallback" ? 1 + p.sizes.margin * Math.sin(p.sizes.margin) : 1;
        const bound = p.sizes.scale * reach * (1 + 1e-12);
        for (const value of logits) expect(Math.abs(value)).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it("positive row scaling keeps logits", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const head = headOf(p);
        const batch = batchOf(p);
        const scaled = batchOf(p);
        for (let c = 0; c < p.sizes.inFeatures; c++) scaled.data[c] *= p.factor;

        const before = head.lossWithGrad(batch, p.labels);
        const after = head.lossWithGrad(scaled, p.labels);

        // The logits depend only on the direction of a row; the row's gradient
        // shrinks by the factor because d(x / |x|)/dx does.
        for (let i = 0; i < before.logits.data.length; i++) {
          expect(Math.abs(after.logits.data[i] - before.logits.data[i])).toBeLessThanOrEqual(1e-9 * p.sizes.scale);
        }
        // Tolerance: 1e-7 of the row's largest entry, plus the rounding left
        // when the projection (g - x̂ (x̂ · g)) / |x| cancels g almost fully,
        // about ulp(1) · s · 2 · 2236 / |x| (2236 bounds the margin's slope
        // within the clamp), written as 1e-12 · s / |x|.
        let rowScale = 0;
        let squaredNorm = 0;
        for (let c = 0; c < p.sizes.inFeatures; c++) {
          rowScale = Math.max(rowScale, Math.abs(before.gradFeatures.data[c]));
          squaredNorm += batch.data[c] ** 2;
        }
        const tolerance = (1e-7 * rowScale + (1e-12 * p.sizes.scale) / Math.sqrt(squaredNorm)) / p.factor;
        for (let c = 0; c < p.sizes.inFeatures; c++) {
          const expected = before.gradFeatures.data[c] / p.factor;
          expect(Math.abs(after.gradFeatures.data[c] - expected)).toBeLessThanOrEqual(tolerance);
        }
      }),
    );
  });

  it("inputs are never mutated", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const weight = Float64Array.from(p.weight);
        const features = Float64Array.from(p.features);
        const labels = Int32Array.from(p.labels);
        const upstream = new Float64Array(p.sizes.rows * p.sizes.outFeatures).fill(0.25);
        const head = new ArcFaceLoss(p.sizes.inFeatures, p.sizes.outFeatures, {
          weight: { data: weight, shape: [p.sizes.outFeatures, p.sizes.inFeatures] },
        });
        const batch = { data: features, shape: [p.sizes.rows, p.sizes.inFeatures] };

        head.forward(batch, labels);
        head.loss(batch, labels);
        head.lossWithGrad(batch, labels);
        head.backward(batch, labels, { data: upstream, shape: [p.sizes.rows, p.sizes.outFeatures] });

        expect(Array.from(weight)).toEqual(p.weight);
        expect(Array.from(features)).toEqual(p.features);
        expect(Array.from(labels)).toEqual(p.labels);
        expect(upstream.every((value) => value === 0.25)).toBe(true);
      }),
    );
  });

  it("finite input gives finite output", () => {
    const anyRows = fc.record({
      features: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }),
      weight: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 9, maxLength: 9 }),
      labels: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }),
      scale: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(anyRows, ({ features, weight, labels, scale }) => {
        const head = new ArcFaceLoss(3, 3, { scale, weight: { data: Float64Array.from(weight), shape: [3, 3] } });
        const result = head.lossWithGrad({ data: Float64Array.from(features), shape: [2, 3] }, labels);

        expect(Number.isFinite(result.value)).toBe(true);
        for (const value of result.logits.data) expect(Number.isFinite(value)).toBe(true);
        for (const value of result.gradFeatures.data) expect(Number.isFinite(value)).toBe(true);
        for (const value of result.gradWeight.data) expect(Number.isFinite(value)).toBe(true);
      }),
    );
  });
});
