import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GIoU, IoU, boxIoU, completeBoxIoULossWithGrad, distanceBoxIoULoss, generalizedBoxIoU, GIoUWithGrad } from "../src/index.js";

/**
 * Random valid boxes: k minima in [-100, 100] and sides in [0, 50], both on a
 * grid of 1/1024 so that shifting and scaling cannot round two different
 * coordinates together. Zero sides are included.
 */
function boxes(k: number, rows: number): fc.Arbitrary<number[][]> {
  const coordinate = fc.integer({ min: -102400, max: 102400 }).map((value) => value / 1024);
  const side = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 51200 }).map((value) => value / 1024));
  const box = fc
    .tuple(fc.array(coordinate, { minLength: k, maxLength: k }), fc.array(side, { minLength: k, maxLength: k }))
    .map(([low, sides]) => [...low, ...low.map((value, axis) => value + sides[axis])]);
  return fc.array(box, { minLength: rows, maxLength: rows });
}

const pairs = fc.integer({ min: 1, max: 3 }).chain((k) => fc.tuple(boxes(k, 4), boxes(k, 4)));

describe("box properties", () => {
  it("IoU and GIoU are symmetric", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const iouAB = IoU(a, b, { reduction: "none" }).data;
        const iouBA = IoU(b, a, { reduction: "none" }).data;
        const giouAB = GIoU(a, b, { reduction: "none" }).data;
        const giouBA = GIoU(b, a, { reduction: "none" }).data;
        for (let i = 0; i < a.length; i++) {
          expect(iouAB[i]).toBe(iouBA[i]);
          expect(giouAB[i]).toBe(giouBA[i]);
        }
      }),
    );
  });

  it("IoU in [0, 1], GIoU in [-1, 1]", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const iou = boxIoU(a, b).data;
        const giou = generalizedBoxIoU(a, b).data;
        for (let i = 0; i < iou.length; i++) {
          expect(iou[i]).toBeGreaterThanOrEqual(0);
          expect(iou[i]).toBeLessThanOrEqual(1);
          expect(giou[i]).toBeGreaterThanOrEqual(-1);
          expect(giou[i]).toBeLessThanOrEqual(1 + 1e-15);
          expect(giou[i]).toBeLessThanOrEqual(iou[i] + 1e-15);
        }
      }),
    );
  });

  it("translation and positive scale invariant", () => {
    const setting = fc.tuple(pairs, fc.integer({ min: -5000, max: 5000 }).map((value) => value / 64), fc.constantFrom(0.01, 0.5, 3, 1000));
    fc.assert(
      fc.property(setting, ([[a, b], shift, scale]) => {
        const move = (rows: number[][]) => rows.map((row) => row.map((value) => (value + shift) * scale));
        const before = [IoU(a, b, { reduction: "none" }).data, GIoU(a, b, { reduction: "none" }).data, distanceBoxIoULoss(a, b).data];
        const after = [IoU(move(a), move(b), { reduction: "none" }).data, GIoU(move(a), move(b), { reduction: "none" }).data, distanceBoxIoULoss(move(a), move(b)).data];
        for (let loss = 0; loss < 3; loss++) {
          for (let i = 0; i < a.length; i++) {
            expect(Math.abs(after[loss][i] - before[loss][i])).toBeLessThan(1e-12);
          }
        }
      }),
    );
  });

  it("finite input gives finite gradients, inputs unchanged", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const aCopy = structuredClone(a);
        const bCopy = structuredClone(b);
        const giou = GIoUWithGrad(b, a);
        const ciou = completeBoxIoULossWithGrad(a, b, { reduction: "mean" });
        expect(Number.isFinite(giou.value)).toBe(true);
        expect(Number.isFinite(ciou.value)).toBe(true);
        expect(Array.from(giou.grad.data).every(Number.isFinite)).toBe(true);
        expect(Array.from(ciou.grad.data).every(Number.isFinite)).toBe(true);
        expect(a).toEqual(aCopy);
        expect(b).toEqual(bCopy);
      }),
    );
  });
});
