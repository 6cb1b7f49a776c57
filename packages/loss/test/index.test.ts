import * as arcface from "@zae/loss-arcface";
import * as core from "@zae/loss-core";
import * as iou from "@zae/loss-iou";
import * as regression from "@zae/loss-regression";
import * as tensorUtils from "@zae/tensor-utils";
import { describe, expect, it } from "vitest";
import * as umbrella from "../src/index.js";

const LOSS_PACKAGES = {
  "@zae/loss-core": core,
  "@zae/loss-regression": regression,
  "@zae/loss-iou": iou,
  "@zae/loss-arcface": arcface,
} as const;

const ERROR_EXPORTS = ["ZaeError", "ZaeOptionError", "ZaeShapeError", "ZaeValueError", "isZaeError"] as const;

describe("@zae/loss", () => {
  for (const [packageName, namespace] of Object.entries(LOSS_PACKAGES)) {
    it(`re-exports every runtime export of ${packageName}`, () => {
      const umbrellaExports = umbrella as Record<string, unknown>;
      for (const [name, value] of Object.entries(namespace)) {
        expect(umbrellaExports[name], name).toBe(value);
      }
    });
  }

  it("re-exports the tensor-utils error classes", () => {
    const umbrellaExports = umbrella as Record<string, unknown>;
    const utilsExports = tensorUtils as Record<string, unknown>;
    for (const name of ERROR_EXPORTS) {
      expect(umbrellaExports[name], name).toBe(utilsExports[name]);
    }
  });

  it("exports nothing beyond the loss packages and error classes", () => {
    const expected = new Set<string>(ERROR_EXPORTS);
    for (const namespace of Object.values(LOSS_PACKAGES)) {
      for (const name of Object.keys(namespace)) expected.add(name);
    }
    expect(Object.keys(umbrella).sort()).toEqual([...expected].sort());
  });

  it("keeps the tensor-utils helpers out", () => {
    const umbrellaExports = umbrella as Record<string, unknown>;
    expect(umbrellaExports.matmul).toBeUndefined();
    expect(umbrellaExports.toTensor).toBeUndefined();
  });

  it("computes mse through the umbrella", () => {
    // (1 - 1)² + (2 - 2)² + (5 - 3)² = 4 over 3 elements.
    expect(umbrella.mse([1, 2, 3], [1, 2, 5])).toBeCloseTo(4 / 3, 15);
  });

  it("throws the shared error class through the umbrella", () => {
    let caught: unknown;
    try {
      umbrella.mse([1, 2, 3], [1, 2]);
    } catch (error) {
      caught = error;
    }
    expect(umbrella.isZaeError(caught)).toBe(true);
    expect(caught).toBeInstanceOf(umbrella.ZaeShapeError);
    expect((caught as umbrella.ZaeError).functionName).toBe("mse");
  });
});
