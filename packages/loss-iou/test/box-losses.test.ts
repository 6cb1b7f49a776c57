import { describe, expect, it } from "vitest";
import { ZaeOptionError, ZaeShapeError, ZaeValueError, type FloatArray, type Tensor, type ValueAndGrad } from "@zae/tensor-utils";
import { expectAllClose, finiteDifferenceGrad, loadFixture } from "@zae/test-utils";
import {
  GIoU,
  GIoUWithGrad,
  IoU,
  IoUWithGrad,
  completeBoxIoULoss,
  completeBoxIoULossWithGrad,
  distanceBoxIoULoss,
  distanceBoxIoULossWithGrad,
} from "../src/index.js";

type Kind = "iou" | "giou" | "diou" | "ciou";
type Reduction = "mean" | "sum" | "none";

interface LossCase {
  name: string;
  kind: Kind;
  dtype: "float32" | "float64";
  reduction: Reduction;
  shape: number[];
  pred: number[];
  target: number[];
  value: number | number[];
  grad: number[];
  source: string;
  torchvision_value?: number | number[];
  torchvision_grad?: number[];
}

interface DifferenceCase {
  name: string;
  kind: "giou" | "diou" | "ciou";
  pred: number[];
  target: number[];
  torchvision_value: number;
  torchvision_grad?: number[];
}

const lossFixture = loadFixture<LossCase>(new URL("./fixtures/box-losses.json", import.meta.url));
const differenceFixture = loadFixture<DifferenceCase>(new URL("./fixtures/box-differences.json", import.meta.url));

type AnyBoxes = Tensor | number[] | number[][];

/** Calls each loss with the prediction first, whatever the public argument order. */
const LOSSES: Record<Kind, (pred: AnyBoxes, target: AnyBoxes, reduction: Reduction) => number | Tensor<FloatArray>> = {
  iou: (pred, target, reduction) => IoU(pred, target, { reduction }),
  giou: (pred, target, reduction) => GIoU(target, pred, { reduction }),
  diou: (pred, target, reduction) => distanceBoxIoULoss(pred, target, { reduction }),
  ciou: (pred, target, reduction) => completeBoxIoULoss(pred, target, { reduction }),
};

const LOSSES_WITH_GRAD: Record<Kind, (pred: AnyBoxes, target: AnyBoxes, reduction: Reduction) => ValueAndGrad> = {
  iou: (pred, target, reduction) => IoUWithGrad(pred, target, { reduction }),
  giou: (pred, target, reduction) => GIoUWithGrad(target, pred, { reduction }),
  diou: (pred, target, reduction) => distanceBoxIoULossWithGrad(pred, target, { reduction }),
  ciou: (pred, target, reduction) => completeBoxIoULossWithGrad(pred, target, { reduction }),
};

function tensorOf(values: number[], shape: number[], dtype: "float32" | "float64"): Tensor {
  return { data: dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape };
}

function valuesOf(value: number | Tensor<FloatArray>): number[] {
  return typeof value === "number" ? [value] : Array.from(value.data);
}

function scalarOf(value: number | Tensor<FloatArray>): number {
  return typeof value === "number" ? value : value.data[0];
}

/** float32 gradients are compared with an absolute floor of 1e-5 of their largest entry, because entries can cancel. */
function gradTolerance(grad: number[], dtype: "float32" | "float64"): [number, number] {
  const largest = Math.max(...grad.map(Math.abs));
  return dtype === "float64" ? [1e-10, 1e-12 * largest] : [1e-5, 1e-5 * largest];
}

describe("box losses against PyTorch fixtures", () => {
  it("fixture records its generator", () => {
    expect(lossFixture.generator).toBe("tooling/reference/loss_iou.py");
    expect(lossFixture.cases.length).toBeGreaterThan(0);
  });

  for (const c of lossFixture.cases) {
    const rtol = c.dtype === "float64" ? 1e-10 : 1e-5;

    it(`${c.name} value (${c.source})`, () => {
      const pred = tensorOf(c.pred, c.shape, c.dtype);
      const target = tensorOf(c.target, c.shape, c.dtype);
      const value = LOSSES[c.kind](pred, target, c.reduction);
      expectAllClose(valuesOf(value), c.value, rtol, 0, c.name);
      if (c.reduction === "none") {
        const tensor = value as Tensor<FloatArray>;
        expect(tensor.shape).toEqual(c.shape.slice(0, -1));
        expect(tensor.data).toBeInstanceOf(c.dtype === "float32" ? Float32Array : Float64Array);
      }
    });

    it(`${c.name} gradient (${c.source})`, () => {
      const pred = tensorOf(c.pred, c.shape, c.dtype);
      const target = tensorOf(c.target, c.shape, c.dtype);
      const { value, grad } = LOSSES_WITH_GRAD[c.kind](pred, target, c.reduction);
      expectAllClose(valuesOf(value), c.value, rtol, 0, `${c.name} value`);
      const [gradRtol, gradAtol] = gradTolerance(c.grad, c.dtype);
      expectAllClose(grad.data, c.grad, gradRtol, gradAtol, `${c.name} grad`);
      expect(grad.shape).toEqual(c.shape);
      expect(grad.data).toBeInstanceOf(c.dtype === "float32" ? Float32Array : Float64Array);
    });

    if (c.torchvision_value !== undefined && c.torchvision_grad !== undefined) {
      const torchvisionValue = c.torchvision_value;
      const torchvisionGrad = c.torchvision_grad;
      it(`${c.name} within 1e-6 of torchvision (eps in alpha)`, () => {
        const pred = tensorOf(c.pred, c.shape, c.dtype);
        const target = tensorOf(c.target, c.shape, c.dtype);
        const { value, grad } = LOSSES_WITH_GRAD[c.kind](pred, target, c.reduction);
        expectAllClose(valuesOf(value), torchvisionValue, 1e-6, 1e-7, `${c.name} value`);
        expectAllClose(grad.data, torchvisionGrad, 1e-4, 1e-6 * Math.max(...torchvisionGrad.map(Math.abs)), `${c.name} grad`);
      });
    }
  }
});

describe("GIoU named cases", () => {
  it("[0, 4] vs [2, 6] gives GIoU 1/3", () => {
    expect(GIoU([[0, 4]], [[2, 6]])).toBeCloseTo(1 - 1 / 3, 15);
  });

  it("[0, 2] vs [5, 7] gives IoU 0, GIoU -3/7", () => {
    expect(IoU([[5, 7]], [[0, 2]])).toBe(1);
    expect(GIoU([[0, 2]], [[5, 7]])).toBeCloseTo(1 + 3 / 7, 15);
  });

  it("[2, 4] vs [0, 10] gives 0.2 both orders", () => {
    expect(1 - GIoU([[2, 4]], [[0, 10]])).toBeCloseTo(0.2, 15);
    expect(1 - GIoU([[0, 10]], [[2, 4]])).toBeCloseTo(0.2, 15);
    expect(1 - IoU([[2, 4]], [[0, 10]])).toBeCloseTo(0.2, 15);
  });

  it("single box [2k] gives scalar shape", () => {
    const value = GIoU([0, 0, 2, 2], [1, 1, 3, 3], { reduction: "none" });
    expect(value.shape).toEqual([]);
    // I = 1, U = 7, hull = 9: GIoU = 1/7 - 2/9.
    expect(value.data[0]).toBeCloseTo(1 - (1 / 7 - 2 / 9), 14);
  });

  it("3-D boxes use volumes", () => {
    // Cubes of side 2 offset by 1 on each axis: I = 1, U = 15, hull = 27.
    const value = GIoU([[0, 0, 0, 2, 2, 2]], [[1, 1, 1, 3, 3, 3]]);
    expect(value).toBeCloseTo(1 - (1 / 15 - 12 / 27), 14);
  });

  it("documented examples hold", () => {
    expect(IoU([[0, 4]], [[2, 6]])).toBeCloseTo(2 / 3, 15);
    const iou = IoUWithGrad([[0, 4]], [[2, 6]]);
    expectAllClose(iou.grad.data, [-2 / 36, -6 / 36], 1e-14);
    const giou = GIoUWithGrad([[0, 2]], [[5, 7]]);
    expect(giou.value).toBeCloseTo(10 / 7, 15);
    expectAllClose(giou.grad.data, [1 / 7, -3 / 49], 1e-14);
    const diou = distanceBoxIoULoss([[0, 0, 2, 2]], [[1, 0, 3, 2]], { reduction: "sum" });
    // Centres 1 apart, hull [0, 0, 3, 2] with squared diagonal 13.
    expect(diou).toBeCloseTo(1 - 1 / 3 + 1 / 13, 15);
  });
});

describe("exact division versus torchvision eps", () => {
  for (const c of differenceFixture.cases.filter((item) => item.name.startsWith("identical tiny boxes"))) {
    it(`${c.name}: 0 here, not torchvision's`, () => {
      expect(c.torchvision_value).toBeGreaterThan(0.5);
      const value = LOSSES[c.kind]([c.pred], [c.target], "sum");
      expect(value).toBe(0);
    });
  }

  it("tiny boxes near-identical stay accurate", () => {
    // Side 1e-4, shifted by 1e-5 on x: I = 0.9e-8, U = 1.1e-8.
    const pred = [[0.5 + 1e-5, 0.5, 0.5001 + 1e-5, 0.5001]];
    const target = [[0.5, 0.5, 0.5001, 0.5001]];
    expect(IoU(pred, target)).toBeCloseTo(1 - 0.9 / 1.1, 6);
  });

  it("identical zero-area boxes give IoU 1", () => {
    expect(IoU([[1, 1, 1, 1]], [[1, 1, 1, 1]])).toBe(0);
    expect(GIoU([[1, 1, 1, 1]], [[1, 1, 1, 1]])).toBe(0);
    expect(distanceBoxIoULoss([[1, 1, 1, 1]], [[1, 1, 1, 1]], { reduction: "sum" })).toBe(0);
    expect(completeBoxIoULoss([[1, 1, 1, 1]], [[1, 1, 1, 1]], { reduction: "sum" })).toBe(0);
  });

  it("different zero-area boxes give IoU 0", () => {
    // Two segments on the line y = 0: union 0, hull 0, so no GIoU penalty.
    expect(IoU([[0, 0, 1, 0]], [[0, 0, 2, 0]])).toBe(1);
    expect(GIoU([[0, 0, 1, 0]], [[0, 0, 2, 0]])).toBe(1);
  });

  it("tiny boxes keep finite gradients", () => {
    // Sides of 1e-100: U ≈ 1e-200 would underflow to 0 if squared, so the gradient uses IoU / U.
    const pred = [[0, 0, 1e-100, 1e-100]];
    const target = [[5e-101, 0, 1.5e-100, 1e-100]];
    for (const kind of ["iou", "giou", "diou", "ciou"] as const) {
      const { value, grad } = LOSSES_WITH_GRAD[kind](pred, target, "sum");
      expect(Number.isFinite(value), kind).toBe(true);
      expect(Array.from(grad.data).every(Number.isFinite), kind).toBe(true);
    }
    expect(IoU(pred, target)).toBeCloseTo(1 - 1 / 3, 12);
  });

  it("zero-area gradients are finite", () => {
    for (const kind of ["iou", "giou", "diou", "ciou"] as const) {
      const { grad } = LOSSES_WITH_GRAD[kind]([[1, 1, 1, 1], [0, 0, 1, 0]], [[1, 1, 1, 1], [0, 0, 2, 0]], "sum");
      expect(Array.from(grad.data).every(Number.isFinite), kind).toBe(true);
    }
  });
});

describe("CIoU atan2 versus torchvision atan", () => {
  const zeroHeight = differenceFixture.cases.find((item) => item.name === "zero-height box ciou");

  it("zero-height box: same value, finite gradient", () => {
    expect(zeroHeight).toBeDefined();
    const c = zeroHeight as DifferenceCase;
    expect((c.torchvision_grad ?? []).some(Number.isNaN)).toBe(true);
    const { value, grad } = completeBoxIoULossWithGrad([c.pred], [c.target], { reduction: "sum" });
    expectAllClose(value, c.torchvision_value, 1e-6);
    expect(Array.from(grad.data).every(Number.isFinite)).toBe(true);
  });

  it("zero-width and zero-size boxes finite", () => {
    const { grad } = completeBoxIoULossWithGrad([[1, 0, 1, 3], [2, 2, 2, 2]], [[0, 0, 2, 4], [0, 0, 2, 4]]);
    expect(Array.from(grad.data).every(Number.isFinite)).toBe(true);
  });

  it("k = 1 CIoU equals DIoU", () => {
    const pred = [[0, 3], [1, 5], [10, 12]];
    const target = [[1, 4], [0, 2], [0, 1]];
    expectAllClose(completeBoxIoULoss(pred, target).data, distanceBoxIoULoss(pred, target).data, 1e-15);
  });
});

describe("box loss gradients by finite differences", () => {
  const pred = [
    [0.3, 0.1, 2.2, 1.9],
    [5.0, 5.5, 6.1, 7.3],
    [0.5, 0.4, 1.5, 1.2],
  ];
  const target = [
    [0.0, 0.0, 2.0, 2.0],
    [1.0, 1.0, 2.5, 3.1],
    [0.0, 0.0, 3.0, 2.0],
  ];
  for (const kind of ["iou", "giou", "diou"] as const) {
    for (const reduction of ["mean", "sum", "none"] as const) {
      it(`${kind} ${reduction} matches central differences`, () => {
        const loss = (x: Float64Array): number =>
          valuesOf(LOSSES[kind]({ data: x, shape: [3, 4] }, target, reduction)).reduce((a, b) => a + b, 0);
        const expected = finiteDifferenceGrad(loss, pred.flat());
        const { grad } = LOSSES_WITH_GRAD[kind](pred, target, reduction);
        expectAllClose(grad.data, expected, 1e-6, 1e-8, `${kind} ${reduction}`);
      });
    }
  }

  it("ciou with alpha frozen matches differences", () => {
    // The gradient keeps α constant: dCIoU = dDIoU + α dv. The test recovers v(x) from
    // the public functions: αv = CIoU - DIoU = v² / (L + v) with L the IoU loss, so
    // v is the positive root of v² - αv·v - αv·L = 0, and dv comes from differences.
    const p = [0.2, 0.1, 2.5, 1.4];
    const t = [0.0, 0.0, 2.0, 2.0];
    const aspect = (x: Float64Array): number =>
      scalarOf(completeBoxIoULoss([Array.from(x)], [t], { reduction: "sum" })) -
      scalarOf(distanceBoxIoULoss([Array.from(x)], [t], { reduction: "sum" }));
    const iouLoss = (x: Float64Array): number => scalarOf(IoU([Array.from(x)], [t], { reduction: "sum" }));
    const vOf = (x: Float64Array): number => {
      const av = aspect(x);
      const l = iouLoss(x);
      return (av + Math.sqrt(av * av + 4 * av * l)) / 2;
    };
    const point = Float64Array.from(p);
    const v = vOf(point);
    const alpha = v / (iouLoss(point) + v);
    const dv = finiteDifferenceGrad(vOf, p);
    const diouGrad = distanceBoxIoULossWithGrad([p], [t], { reduction: "sum" }).grad.data;
    const expected = Array.from(diouGrad, (g, i) => g + alpha * dv[i]);
    const { grad } = completeBoxIoULossWithGrad([p], [t], { reduction: "sum" });
    expectAllClose(grad.data, expected, 1e-6, 1e-9);
  });

  it("disjoint boxes: IoU grad 0, GIoU grad not", () => {
    const iou = IoUWithGrad([[5, 7]], [[0, 2]]);
    expect(Array.from(iou.grad.data).every((g) => g === 0)).toBe(true);
    const giou = GIoUWithGrad([[0, 2]], [[5, 7]]);
    expect(Array.from(giou.grad.data).some((g) => g !== 0)).toBe(true);
  });

  it("tied coordinates use half subgradient", () => {
    // pred max equals target max on both axes: torch.minimum/maximum give 1/2 to each side.
    const pred = [[0.5, 0.5, 2, 2]];
    const target = [[0, 0, 2, 2]];
    const { grad } = IoUWithGrad(pred, target, { reduction: "sum" });
    const central = finiteDifferenceGrad((x) => IoU([Array.from(x)], target, { reduction: "sum" }), pred.flat());
    // One-sided slopes at the tie: below it the intersection moves, above it only the union.
    const h = 1e-7;
    const below = (IoU([[0.5, 0.5, 2, 2]], target) - IoU([[0.5, 0.5, 2 - h, 2]], target)) / h;
    const above = (IoU([[0.5, 0.5, 2 + h, 2]], target) - IoU([[0.5, 0.5, 2, 2]], target)) / h;
    expect(grad.data[2]).toBeCloseTo((below + above) / 2, 5);
    expect(grad.data[0]).toBeCloseTo(central[0], 6);
  });
});

describe("box loss reductions and empty batches", () => {
  it("default reductions follow the sources", () => {
    expect(typeof IoU([[0, 1]], [[0, 2]])).toBe("number");
    expect(typeof GIoU([[0, 1]], [[0, 2]])).toBe("number");
    expect(distanceBoxIoULoss([[0, 1]], [[0, 2]]).shape).toEqual([1]);
    expect(completeBoxIoULoss([[0, 1]], [[0, 2]]).shape).toEqual([1]);
  });

  it("empty batch gives 0 and empty gradient", () => {
    const empty = { data: new Float64Array(0), shape: [0, 4] };
    for (const kind of ["iou", "giou", "diou", "ciou"] as const) {
      expect(LOSSES[kind](empty, empty, "mean"), kind).toBe(0);
      expect(LOSSES[kind](empty, empty, "sum"), kind).toBe(0);
      const none = LOSSES[kind](empty, empty, "none") as Tensor<FloatArray>;
      expect(none.shape).toEqual([0]);
      const { value, grad } = LOSSES_WITH_GRAD[kind](empty, empty, "mean");
      expect(value).toBe(0);
      expect(grad.shape).toEqual([0, 4]);
      expect(grad.data.length).toBe(0);
    }
  });

  it("framework tensors are accepted", () => {
    // A TensorFlow.js-like tensor (shape and dataSync) and an ONNX Runtime-like one (dims and data).
    const tfjs = { shape: [1, 4], dataSync: () => Float32Array.of(0, 0, 2, 2) };
    const onnx = { dims: [1, 4], data: Float32Array.of(1, 1, 3, 3) };
    expect(IoU(tfjs, onnx)).toBeCloseTo(1 - 1 / 7, 7);
    expect(GIoUWithGrad(onnx, tfjs).grad.data).toBeInstanceOf(Float32Array);
  });

  it("inputs are not mutated", () => {
    const pred = Float64Array.from([0, 0, 2, 2, 1, 1, 4, 3]);
    const target = Float64Array.from([1, 0, 3, 2, 0, 1, 2, 2]);
    const predCopy = pred.slice();
    const targetCopy = target.slice();
    for (const kind of ["iou", "giou", "diou", "ciou"] as const) {
      LOSSES_WITH_GRAD[kind]({ data: pred, shape: [2, 4] }, { data: target, shape: [2, 4] }, "mean");
    }
    expect(pred).toEqual(predCopy);
    expect(target).toEqual(targetCopy);
  });
});

describe("box loss input validation", () => {
  it("inverted box names argument and row", () => {
    expect(() => IoU([[0, 0, 1, 1], [2, 0, 1, 1]], [[0, 0, 1, 1], [0, 0, 1, 1]])).toThrow(ZaeValueError);
    expect(() => IoU([[0, 0, 1, 1], [2, 0, 1, 1]], [[0, 0, 1, 1], [0, 0, 1, 1]])).toThrow(/IoU: `pred \(row 1\)`/);
    expect(() => GIoU([[0, 0, 1, 1], [0, 3, 1, 1]], [[0, 0, 1, 1], [0, 0, 1, 1]])).toThrow(/GIoU: `trueBoxes \(row 1\)`.*axis 1/);
  });

  it("non-finite coordinate is rejected", () => {
    expect(() => distanceBoxIoULoss([[0, 0, NaN, 1]], [[0, 0, 1, 1]])).toThrow(ZaeValueError);
    expect(() => completeBoxIoULoss([[0, 0, 1, 1]], [[0, 0, Infinity, 1]])).toThrow(/`target \(row 0\)` must be a box of finite coordinates/);
  });

  it("odd last axis is rejected", () => {
    expect(() => IoU([[0, 1, 2]], [[0, 1, 2]])).toThrow(ZaeShapeError);
    expect(() => IoU([[0, 1, 2]], [[0, 1, 2]])).toThrow(/\[N, 2k\]/);
  });

  it("rank 3 and scalars are rejected", () => {
    expect(() => GIoU([[[0, 1]]], [[[0, 1]]])).toThrow(ZaeShapeError);
    expect(() => GIoU(1, 2)).toThrow(ZaeShapeError);
  });

  it("GIoU validates target first", () => {
    expect(() => GIoU([[1, 0]], [[1, 0]])).toThrow(/GIoU: `trueBoxes \(row 0\)`/);
    expect(() => GIoU([[0, 1]], [[0, 1], [0, 1]])).toThrow(/`predBoxes` must be the same shape as `trueBoxes`/);
  });

  it("mismatched shapes are rejected", () => {
    expect(() => IoU([[0, 1], [0, 1]], [[0, 1]])).toThrow(ZaeShapeError);
    expect(() => IoU([0, 0, 1, 1], [[0, 0, 1, 1]])).toThrow(ZaeShapeError);
  });

  it("unknown option and reduction rejected", () => {
    expect(() => IoU([[0, 1]], [[0, 1]], { eps: 1e-7 } as never)).toThrow(ZaeOptionError);
    expect(() => GIoUWithGrad([[0, 1]], [[0, 1]], { reduction: "avg" } as never)).toThrow(/"mean", "sum", "none"/);
  });
});
