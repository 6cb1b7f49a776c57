import {
  ZaeShapeError,
  createOutput,
  formatShape,
  toTensor,
  type FloatArray,
  type Tensor,
  type TensorLike,
} from "@zae/tensor-utils";
import { AngularMargin } from "./angular-margin.js";
import { backpropagateArcFace, type ArcFaceForwardState } from "./arc-face-backward-pass.js";
import { ARC_FACE_JSON_FORMAT, readArcFaceJson, type ArcFaceLossJSON } from "./arc-face-loss-json.js";
import type { ArcFaceLossOptions } from "./arc-face-loss-options.js";
import type { ArcFaceGradients, ArcFaceLossWithGrad } from "./arc-face-loss-results.js";
import { ArcFaceWorkspace } from "./arc-face-workspace.js";
import { crossEntropyRows } from "./cross-entropy-rows.js";
import { computeLabelCosines, computeMarginLogits } from "./margin-logits.js";
import { normalizeRows } from "./normalize-rows.js";
import { prepareArcFaceBatch } from "./prepare-arc-face-batch.js";
import { copyWeight, resolveArcFaceConfig } from "./resolve-arc-face-config.js";

/**
 * ArcFace (additive angular margin, Deng et al., CVPR 2019) with a trainable
 * class-weight matrix `W: [outFeatures, inFeatures]`, as zae-engine's
 * `ArcFaceLoss` module, plus the loss and exact gradients needed to train it.
 *
 * For features `x: [batch, inFeatures]` and labels `y: [batch]`, with
 * `cos_ij = x̂_i · Ŵ_j` between rows L2-normalised as `F.normalize` does
 * (norms clamped at 1e-12), the logits are `s * cos_ij` for `j != y_i` and
 * `s * cos(theta + m)` at `j = y_i`, where `theta = acos(clamp(cos, -1 + 1e-7,
 * 1 - 1e-7))`. The loss is the mean softmax cross-entropy of those logits.
 *
 * - Labels are integers in `[0, outFeatures)` or `options.ignoreIndex`; rows
 *   with the ignore index get no margin and add nothing to the loss or its
 *   gradients. The mean divides by the number of counted rows. With no
 *   counted row (an empty batch, or every row ignored) the loss is 0 and the
 *   gradients are zero, where PyTorch returns NaN.
 * - Every gradient matches PyTorch autograd, including where a clamp is
 *   active: a label cosine outside `[-1 + 1e-7, 1 - 1e-7]` passes no gradient
 *   through the margin, and a feature or weight row of norm below 1e-12 gets
 *   `g / 1e-12`.
 * - Computation is in float64. Logits and feature gradients are Float32Array
 *   when the features are float32, else Float64Array. The weight and its
 *   gradient are Float64Array.
 * - The instance keeps its large scratch matrices between calls. Every
 *   returned array is newly allocated, so results stay valid after later calls.
 *
 * @example
 * const head = new ArcFaceLoss(128, 10, { seed: 7 });
 * const { value, gradWeight } = head.lossWithGrad(embeddings, labels);
 */
export class ArcFaceLoss {
  /** Width of a feature row. */
  readonly inFeatures: number;
  /** Number of classes: rows of the weight and columns of the logits. */
  readonly outFeatures: number;
  /** The scale `s`. */
  readonly scale: number;
  /** The angular margin `m` in radians. */
  readonly margin: number;
  /** Whether the easy-margin variant is on. */
  readonly easyMargin: boolean;
  /** Whether the insightface fallback is on. */
  readonly marginFallback: boolean;
  /** The ignored label value, or undefined when every label counts. */
  readonly ignoreIndex: number | undefined;

  readonly #angularMargin: AngularMargin;
  readonly #workspace = new ArcFaceWorkspace();
  #weight: Float64Array;
  /** Normalised weight rows and unclamped norms, computed again after `setWeight`. */
  #unitWeight: { readonly rows: Float64Array; readonly norms: Float64Array } | undefined;

  /**
   * @param inFeatures - width of a feature row, a positive integer.
   * @param outFeatures - number of classes, a positive integer.
   * @param options - `scale` (30), `margin` (0.5), `weight` or `seed` (0),
   *   `ignoreIndex`, `easyMargin` (false), `marginFallback` (false).
   * @throws {ZaeOptionError} for invalid sizes, an unknown option, a scale
   *   that is not a finite positive number, a margin outside `[0, pi)`, a
   *   seed together with a weight, or both margin variants at once.
   * @throws {ZaeShapeError} when `options.weight` is not `[outFeatures, inFeatures]`.
   * @throws {ZaeValueError} when `options.weight` contains a non-finite value.
   */
  constructor(inFeatures: number, outFeatures: number, options?: ArcFaceLossOptions) {
    const config = resolveArcFaceConfig(inFeatures, outFeatures, options, "ArcFaceLoss");
    this.inFeatures = config.inFeatures;
    this.outFeatures = config.outFeatures;
    this.scale = config.scale;
    this.margin = config.margin;
    this.easyMargin = config.easyMargin;
    this.marginFallback = config.marginFallback;
    this.ignoreIndex = config.ignoreIndex;
    this.#angularMargin = new AngularMargin(config.margin, config.variant);
    this.#weight = config.weight;
  }

  /**
   * A copy of the class weight `[outFeatures, inFeatures]`. Writing to it
   * does not change the module; pass the edited tensor to {@link setWeight}.
   */
  get weight(): Tensor<Float64Array> {
    return { data: this.#weight.slice(), shape: [this.outFeatures, this.inFeatures] };
  }

  /**
   * Replaces the class weight with a copy of `weight`.
   * @throws {ZaeShapeError} unless the shape is `[outFeatures, inFeatures]`.
   * @throws {ZaeValueError} when a value is NaN or infinite (the error names its row and column).
   */
  setWeight(weight: TensorLike): void {
    this.#weight = copyWeight(weight, this.outFeatures, this.inFeatures, "weight", "ArcFaceLoss.setWeight");
    this.#unitWeight = undefined;
  }

  /**
   * Returns the margin logits `[batch, outFeatures]`, zae-engine's forward.
   * An empty batch gives logits of shape `[0, outFeatures]`.
   * @throws {ZaeShapeError} unless `features` is `[batch, inFeatures]` and `labels` is `[batch]`.
   * @throws {ZaeValueError} for a label that is not an integer in `[0, outFeatures)` or the ignore index.
   */
  forward(features: TensorLike, labels: TensorLike): Tensor<FloatArray> {
    const state = this.#forwardPass(features, labels, "ArcFaceLoss.forward");
    return this.#logitsTensor(state);
  }

  /** Returns the mean softmax cross-entropy of the margin logits. Throws as {@link forward} does. */
  loss(features: TensorLike, labels: TensorLike): number {
    const state = this.#forwardPass(features, labels, "ArcFaceLoss.loss");
    const logits = this.#workspace.matrix(state.rows * this.outFeatures);
    return crossEntropyRows(logits, state.labels, this.ignoreIndex, state.rows, this.outFeatures);
  }

  /**
   * Returns the loss, the logits and the gradients of the loss with respect
   * to the features and the weight, from one forward and one backward pass.
   * Throws as {@link forward} does.
   */
  lossWithGrad(features: TensorLike, labels: TensorLike): ArcFaceLossWithGrad {
    const state = this.#forwardPass(features, labels, "ArcFaceLoss.lossWithGrad");
    const logitsTensor = this.#logitsTensor(state);

    const matrix = this.#workspace.matrix(state.rows * this.outFeatures);
    const value = crossEntropyRows(matrix, state.labels, this.ignoreIndex, state.rows, this.outFeatures, matrix);
    const gradients = backpropagateArcFace(state, matrix, this.#workspace);

    return {
      value,
      logits: logitsTensor,
      gradFeatures: { data: gradients.features, shape: [state.rows, this.inFeatures] },
      gradWeight: { data: gradients.weight, shape: [this.outFeatures, this.inFeatures] },
    };
  }

  /**
   * Backpropagates `gradLogits` (dL/dlogits for any loss the caller applies
   * to the output of {@link forward}) to the features and the weight.
   * Rows with the ignore index are not skipped here: their logits are plain
   * scaled cosines, and their gradient flows through those.
   * @throws {ZaeShapeError} unless `gradLogits` is `[batch, outFeatures]`, and otherwise as {@link forward} does.
   */
  backward(features: TensorLike, labels: TensorLike, gradLogits: TensorLike): ArcFaceGradients {
    const functionName = "ArcFaceLoss.backward";
    const state = this.#forwardPass(features, labels, functionName, false);
    const upstream = toTensor(gradLogits, "gradLogits", functionName);
    const expectedShape = [state.rows, this.outFeatures];
    if (upstream.shape.length !== 2 || upstream.shape[0] !== state.rows || upstream.shape[1] !== this.outFeatures) {
      throw new ZaeShapeError({
        functionName,
        parameter: "gradLogits",
        expected: `the shape of the logits, ${formatShape(expectedShape)}`,
        value: upstream.shape,
        received: formatShape(upstream.shape),
      });
    }

    const matrix = this.#workspace.matrix(state.rows * this.outFeatures);
    matrix.set(upstream.data);
    const gradients = backpropagateArcFace(state, matrix, this.#workspace);

    return {
      features: { data: gradients.features, shape: [state.rows, this.inFeatures] },
      weight: { data: gradients.weight, shape: [this.outFeatures, this.inFeatures] },
    };
  }

  /**
   * Returns the sizes, options and a copy of the weight as plain JSON values;
   * `JSON.stringify(head)` calls it. {@link ArcFaceLoss.fromJSON} restores the
   * module with a bit-identical weight (except -0, which JSON writes as 0).
   */
  toJSON(): ArcFaceLossJSON {
    const weight: number[][] = [];
    for (let r = 0; r < this.outFeatures; r++) {
      weight.push(Array.from(this.#weight.subarray(r * this.inFeatures, (r + 1) * this.inFeatures)));
    }
    return {
      format: ARC_FACE_JSON_FORMAT,
      version: 1,
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      scale: this.scale,
      margin: this.margin,
      easyMargin: this.easyMargin,
      marginFallback: this.marginFallback,
      ignoreIndex: this.ignoreIndex ?? null,
      weight,
    };
  }

  /**
   * Restores a module saved with {@link toJSON}, from the object (parse JSON
   * text with `JSON.parse` first).
   * @throws {ZaeValueError} for a value that is not such an object (wrong
   *   `format` or `version`, a missing or unknown key) or a non-finite weight.
   * @throws {ZaeOptionError} or {ZaeShapeError} for invalid sizes, options or
   *   weight shape, as the constructor does.
   * @example
   * const copy = ArcFaceLoss.fromJSON(JSON.parse(JSON.stringify(head)));
   */
  static fromJSON(json: unknown): ArcFaceLoss {
    const functionName = "ArcFaceLoss.fromJSON";
    const { inFeatures, outFeatures, options } = readArcFaceJson(json, functionName);
    resolveArcFaceConfig(inFeatures, outFeatures, options, functionName, "json");
    return new ArcFaceLoss(inFeatures as number, outFeatures as number, options);
  }

  /**
   * Validates the batch, normalises its rows and, when `withLogits` is true,
   * writes the margin logits into the workspace matrix. `backward` needs only
   * the label-column cosines, so it skips the `[batch, outFeatures]` product.
   */
  #forwardPass(features: TensorLike, labels: TensorLike, functionName: string, withLogits = true): ArcFaceForwardState {
    const { inFeatures, outFeatures } = this;
    const batch = prepareArcFaceBatch(features, labels, inFeatures, outFeatures, this.ignoreIndex, functionName);
    const { rows } = batch;

    const unitFeatures = this.#workspace.unitFeatures(rows * inFeatures);
    const featureNorms = normalizeRows(batch.features.data, rows, inFeatures, unitFeatures);
    const unitWeight = this.#normalizedWeight();
    const input = {
      rows,
      inFeatures,
      outFeatures,
      labels: batch.labels,
      ignoreIndex: this.ignoreIndex,
      scale: this.scale,
      margin: this.#angularMargin,
    };
    const labelCosines = withLogits
      ? computeMarginLogits(input, unitFeatures, unitWeight.rows, this.#workspace.matrix(rows * outFeatures))
      : computeLabelCosines(input, unitFeatures, unitWeight.rows);

    return {
      ...input,
      labelCosines,
      unitFeatures,
      featureNorms,
      unitWeight: unitWeight.rows,
      weightNorms: unitWeight.norms,
      featureData: batch.features.data,
    };
  }

  #normalizedWeight(): { readonly rows: Float64Array; readonly norms: Float64Array } {
    if (this.#unitWeight === undefined) {
      const rows = new Float64Array(this.#weight.length);
      const norms = normalizeRows(this.#weight, this.outFeatures, this.inFeatures, rows);
      this.#unitWeight = { rows, norms };
    }
    return this.#unitWeight;
  }

  #logitsTensor(state: ArcFaceForwardState): Tensor<FloatArray> {
    const size = state.rows * this.outFeatures;
    const data = createOutput(state.featureData, size);
    data.set(this.#workspace.matrix(size));
    return { data, shape: [state.rows, this.outFeatures] };
  }
}
