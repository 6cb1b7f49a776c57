import type { FloatArray, Tensor } from "@zae/tensor-utils";

/** Gradients returned by {@link ArcFaceLoss.backward}. */
export interface ArcFaceGradients {
  /** dL/dfeatures, `[batch, inFeatures]`; Float32Array when the features were float32, else Float64Array. */
  readonly features: Tensor<FloatArray>;
  /** dL/dweight, `[outFeatures, inFeatures]`; always Float64Array, like the stored weight. */
  readonly weight: Tensor<Float64Array>;
}

/** Result of {@link ArcFaceLoss.lossWithGrad}. */
export interface ArcFaceLossWithGrad {
  /** Mean softmax cross-entropy over the rows whose label is not ignored (0 when there are none). */
  readonly value: number;
  /** The margin logits `[batch, outFeatures]`, as {@link ArcFaceLoss.forward} returns them. */
  readonly logits: Tensor<FloatArray>;
  /** dL/dfeatures, `[batch, inFeatures]`, in the features' dtype rule. */
  readonly gradFeatures: Tensor<FloatArray>;
  /** dL/dweight, `[outFeatures, inFeatures]`, Float64Array. */
  readonly gradWeight: Tensor<Float64Array>;
}
