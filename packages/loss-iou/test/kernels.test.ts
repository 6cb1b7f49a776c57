import { createRng, setKernelMode, ZaeValueError, type KernelMode } from "@zae/tensor-utils";
import { expectAllClose, loadFixture } from "@zae/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { GIoU, mIoU } from "../src/index.js";

interface LossCase {
  name: string;
  kind: "iou" | "giou" | "diou" | "ciou";
  dtype: "float32" | "float64";
  reduction: "mean" | "sum" | "none";
  shape: number[];
  pred: number[];
  target: number[];
  value: number | number[];
}

const fixture = loadFixture<LossCase>(new URL("./fixtures/box-losses.json", import.meta.url));
// The one-pass GIoU sum covers reduced losses of [N, 4] boxes.
const reducedBoxCases = fixture.cases.filter((c) => c.kind === "giou" && c.reduction !== "none" && c.shape.length === 2 && c.shape[1] === 4);
const MODES: readonly KernelMode[] = ["wasm", "js"];

afterEach(() => {
  setKernelMode("auto");
});

function tensorOf(values: number[], shape: number[], dtype: LossCase["dtype"]) {
  return { data: dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape };
}

/** Random boxes [count, 4]; the predictions overlap their targets in most pairs. */
function boxPairs(count: number, seed: number): { target: Float32Array; pred: Float32Array } {
  const rng = createRng(seed);
  const target = new Float32Array(4 * count);
  const pred = new Float32Array(4 * count);
  for (let i = 0; i < count; i++) {
    const x = 100 * rng.next();
    const y = 100 * rng.next();
    target.set([x, y, x + 1 + 40 * rng.next(), y + 1 + 40 * rng.next()], 4 * i);
    const dx = 20 * (rng.next() - 0.5);
    const dy = 20 * (rng.next() - 0.5);
    pred.set([x + dx, y + dy, x + dx + 1 + 40 * rng.next(), y + dy + 1 + 40 * rng.next()], 4 * i);
  }
  return { target, pred };
}

describe.each(MODES)("GIoU with kernel mode %s", (mode) => {
  it("has reduced [N, 4] fixture cases to check", () => {
    expect(reducedBoxCases.length).toBeGreaterThan(0);
  });

  it.each(reducedBoxCases.map((c) => [c.name, c] as const))("matches the fixture: %s", (_, c) => {
    setKernelMode(mode);
    const value = GIoU(tensorOf(c.target, c.shape, c.dtype), tensorOf(c.pred, c.shape, c.dtype), { reduction: c.reduction as "mean" | "sum" });
    expectAllClose(value, c.value, c.dtype === "float32" ? 1e-5 : 1e-10);
  });

  it("equals the mean of the per-pair losses for 3001 pairs", () => {
    setKernelMode(mode);
    const { target, pred } = boxPairs(3001, 11);
    const shape = [3001, 4];
    const perPair = GIoU({ data: target, shape }, { data: pred, shape }, { reduction: "none" }).data;
    const mean = Array.from(perPair).reduce((a, b) => a + b, 0) / 3001;
    expect(Math.abs(GIoU({ data: target, shape }, { data: pred, shape }) - mean) / mean).toBeLessThan(1e-6);
  });

  it("still reports an inverted box with its row", () => {
    setKernelMode(mode);
    const { target, pred } = boxPairs(2000, 12);
    pred.set([5, 5, 4, 6], 4 * 1500);
    expect(() => GIoU({ data: target, shape: [2000, 4] }, { data: pred, shape: [2000, 4] })).toThrow(ZaeValueError);
    expect(() => GIoU({ data: target, shape: [2000, 4] }, { data: pred, shape: [2000, 4] })).toThrow("predBoxes (row 1500)");
  });
});

describe.each(MODES)("mIoU with kernel mode %s", (mode) => {
  const rng = createRng(13);
  const target = Int32Array.from({ length: 3 * 4096 }, () => Math.floor(7 * rng.next()));
  const pred = target.map((label) => (rng.next() < 0.3 ? Math.floor(7 * rng.next()) : label));

  it("gives the same score with numClasses as the general count", () => {
    setKernelMode(mode);
    const shape = [3, 64, 64];
    // Without numClasses mIoU counts three histograms per sample; with it, one joint histogram.
    expect(mIoU({ data: pred, shape }, { data: target, shape }, { numClasses: 7 })).toBe(mIoU({ data: pred, shape }, { data: target, shape }));
  });

  it("still reports a label at numClasses with its flat index", () => {
    setKernelMode(mode);
    const bad = target.slice();
    bad[5000] = 7;
    expect(() => mIoU(pred, bad, { numClasses: 7 })).toThrow("true (flat index 5000)");
  });
});
