import { expectAllClose } from "@zae/test-utils";
import { setKernelMode, type KernelMode } from "@zae/tensor-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRowsClose, fixture, headOf, matrixOf, type ArcFaceCase, type ArcFaceOutputs } from "./fixture-case.js";

/**
 * Checks one module against one set of PyTorch outputs. `rtol` applies to the
 * logits and the loss; `gradRtol` to the gradients.
 */
function checkAgainst(testCase: ArcFaceCase, expected: ArcFaceOutputs, rtol: number, gradRtol: number): void {
  const inFeatures = testCase.weight[0].length;
  const outFeatures = testCase.weight.length;
  const features = () => matrixOf(testCase.features, testCase.dtype, inFeatures);

  it("forward matches logits", () => {
    const logits = headOf(testCase).forward(features(), testCase.labels);

    expect(logits.shape).toEqual([testCase.features.length, outFeatures]);
    expect(logits.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
    expectRowsClose(logits.data, expected.logits, rtol, "logits");
  });

  it("loss matches cross_entropy", () => {
    expectAllClose(headOf(testCase).loss(features(), testCase.labels), expected.loss, rtol, 0, "loss");
  });

  it("lossWithGrad matches autograd", () => {
    const result = headOf(testCase).lossWithGrad(features(), testCase.labels);

    expectAllClose(result.value, expected.loss, rtol, 0, "value");
    expectRowsClose(result.logits.data, expected.logits, rtol, "logits");
    expect(result.gradFeatures.shape).toEqual([testCase.features.length, inFeatures]);
    expect(result.gradFeatures.data).toBeInstanceOf(testCase.dtype === "float32" ? Float32Array : Float64Array);
    expect(result.gradWeight.shape).toEqual([outFeatures, inFeatures]);
    expect(result.gradWeight.data).toBeInstanceOf(Float64Array);
    expectRowsClose(result.gradFeatures.data, expected.grad_features, gradRtol, "gradFeatures");
    expectRowsClose(result.gradWeight.data, expected.grad_weight, gradRtol, "gradWeight");
  });

  it("backward matches autograd", () => {
    const upstream = matrixOf(testCase.grad_logits, testCase.dtype, outFeatures);
    const grads = headOf(testCase).backward(features(), testCase.labels, upstream);

    expectRowsClose(grads.features.data, expected.backward_features, gradRtol, "features");
    expectRowsClose(grads.weight.data, expected.backward_weight, gradRtol, "weight");
  });
}

describe("ArcFaceLoss fixture", () => {
  it("records its generator", () => {
    expect(fixture.generator).toBe("tooling/reference/loss_arcface.py");
    expect(fixture.cases.length).toBeGreaterThanOrEqual(15);
  });
});

// Every case runs with the JavaScript matrix products and with the
// WebAssembly SIMD ones of tensor-utils, which sum in a different order.
const KERNEL_MODES: KernelMode[] = ["js", "wasm"];

for (const mode of KERNEL_MODES) {
  describe(`ArcFaceLoss against PyTorch (${mode} kernels)`, () => {
    let previous: KernelMode = "auto";
    beforeAll(() => {
      previous = setKernelMode(mode);
    });
    afterAll(() => {
      setKernelMode(previous);
    });

    for (const testCase of fixture.cases) {
      if (testCase.dtype === "float64") {
        describe(`${testCase.name} (float64, rtol 1e-10)`, () => checkAgainst(testCase, testCase, 1e-10, 1e-10));
        continue;
      }

      // The package computes in float64 and rounds logits and feature gradients
      // to float32 at the end (relative error <= 6e-8), so it tracks PyTorch
      // float64 on the same float32 inputs closely.
      const exact = testCase.float64;
      if (exact === null) throw new Error(`${testCase.name}: float32 case without float64 outputs`);
      describe(`${testCase.name} (float32 vs float64 run, rtol 1e-6)`, () => checkAgainst(testCase, exact, 1e-6, 1e-6));

      // PyTorch float32 rounds the label cosine c to float32 before the margin's
      // slope sin(theta + m) / sqrt(1 - c^2), which amplifies that rounding by
      // about 1 / (1 - c^2): 50x at c = 0.99. Its gradients are therefore only
      // matched to 1e-4; its logits and loss are matched to 1e-5.
      describe(`${testCase.name} (float32 vs float32 run, rtol 1e-5)`, () => checkAgainst(testCase, testCase, 1e-5, 1e-4));
    }
  });
}
