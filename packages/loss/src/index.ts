// The umbrella package: every public export of the @zae loss packages, so that
// `import { crossEntropy, ArcFaceLoss, mIoU } from "@zae/loss"` mirrors
// `from zae_engine.loss import ...`. Each package is re-exported whole, so a new
// export there appears here without an edit; a bundler still keeps only what
// the application imports because every package is free of side effects.
export * from "@zae/loss-core";
export * from "@zae/loss-regression";
export * from "@zae/loss-iou";
export * from "@zae/loss-arcface";

// The tensor types and error classes that appear in the signatures above. The
// helpers of @zae/tensor-utils (matmul, toTensor, ...) stay in that package.
export type {
  FloatArray,
  NestedArray,
  OnnxTensorLike,
  Reduction,
  Tensor,
  TensorData,
  TensorLike,
  TfjsTensorLike,
  ValueAndGrad,
  ZaeErrorDetails,
  ZaeErrorKind,
} from "@zae/tensor-utils";
export { ZaeError, ZaeOptionError, ZaeShapeError, ZaeValueError, isZaeError } from "@zae/tensor-utils";
