import { expectAllClose, loadFixture } from "@zae/test-utils";
import { expect } from "vitest";
import { ArcFaceLoss } from "../src/index.js";

/** Outputs of one PyTorch run. */
export interface ArcFaceOutputs {
  readonly logits: number[][];
  readonly loss: number;
  readonly grad_features: number[][];
  readonly grad_weight: number[][];
  readonly backward_features: number[][];
  readonly backward_weight: number[][];
}

/** One case of fixtures/arcface.json, written by tooling/reference/loss_arcface.py. */
export interface ArcFaceCase extends ArcFaceOutputs {
  readonly name: string;
  readonly dtype: "float32" | "float64";
  readonly scale: number;
  readonly margin: number;
  readonly ignore_index: number | null;
  readonly easy_margin: boolean;
  readonly margin_fallback: boolean;
  readonly features: number[][];
  readonly weight: number[][];
  readonly labels: number[];
  readonly grad_logits: number[][];
  /** For a float32 case: the outputs of PyTorch float64 on the same float32-rounded inputs; null otherwise. */
  readonly float64: ArcFaceOutputs | null;
}

export const fixture = loadFixture<ArcFaceCase>(new URL("./fixtures/arcface.json", import.meta.url));

/** Flattens a nested fixture matrix into the dtype of the case. */
export function matrixOf(rows: number[][], dtype: ArcFaceCase["dtype"], width: number): { data: Float32Array | Float64Array; shape: number[] } {
  const flat = rows.flat();
  const data = dtype === "float32" ? Float32Array.from(flat) : Float64Array.from(flat);
  return { data, shape: [rows.length, width] };
}

/** Builds the module of a case with the case's weight and options. */
export function headOf(testCase: ArcFaceCase): ArcFaceLoss {
  const outFeatures = testCase.weight.length;
  const inFeatures = testCase.weight[0].length;
  return new ArcFaceLoss(inFeatures, outFeatures, {
    scale: testCase.scale,
    margin: testCase.margin,
    weight: testCase.weight,
    ignoreIndex: testCase.ignore_index ?? undefined,
    easyMargin: testCase.easy_margin,
    marginFallback: testCase.margin_fallback,
  });
}

/**
 * Asserts that each row of `actual` (row-major, `expected[0].length` wide) is
 * close to the same row of `expected`: within `rtol` relative error, or within
 * `rtol` times the row's largest |expected| value. The absolute part covers
 * entries that cancel to near zero, which keep an error of a few ulps of the
 * row's largest term. It is per row because one row can be 1e12 times larger
 * than the others (the gradient of a zero-norm row).
 */
export function expectRowsClose(actual: ArrayLike<number>, expected: number[][], rtol: number, label: string): void {
  const width = expected.length === 0 ? 0 : expected[0].length;
  expect(actual.length, `${label}: length`).toBe(expected.length * width);
  for (let r = 0; r < expected.length; r++) {
    const row = expected[r];
    const scale = Math.max(...row.map(Math.abs));
    const values = Array.from(actual).slice(r * width, (r + 1) * width);
    expectAllClose(values, row, rtol, rtol * scale, `${label} row ${r}`);
  }
}
