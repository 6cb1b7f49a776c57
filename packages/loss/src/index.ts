// Every public export of the @zae loss packages, listed by name so that
// `import { crossEntropy, ArcFaceLoss, mIoU } from "@zae/loss"` mirrors
// `from zae_engine.loss import ...`. A bundler keeps only what an application
// imports, because every package here is free of side effects.

// @zae/loss-core
export { computeGramMatrix, computeGramMatrixWithGrad, crossEntropy, crossEntropyWithGrad } from "@zae/loss-core";
export type { CrossEntropyOptions } from "@zae/loss-core";

// @zae/loss-regression
export { mse, mseWithGrad } from "@zae/loss-regression";
export type { MseOptions } from "@zae/loss-regression";

// @zae/loss-iou
export {
  boxIoU,
  completeBoxIoULoss,
  completeBoxIoULossWithGrad,
  ConfusionMatrix,
  createConfusionMatrix,
  distanceBoxIoULoss,
  distanceBoxIoULossWithGrad,
  generalizedBoxIoU,
  GIoU,
  GIoUWithGrad,
  IoU,
  IoUWithGrad,
  mIoU,
} from "@zae/loss-iou";
export type { BoxLossOptions, ConfusionMatrixJSON, ConfusionMatrixOptions, ConfusionMatrixScores, MIoUOptions } from "@zae/loss-iou";

// @zae/loss-arcface
export { ArcFaceLoss } from "@zae/loss-arcface";
export type { ArcFaceGradients, ArcFaceLossJSON, ArcFaceLossOptions, ArcFaceLossWithGrad } from "@zae/loss-arcface";

// The tensor types and error classes of @zae/tensor-utils that appear in the
// signatures above. Its helpers (matmul, toTensor, ...) stay in that package.
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
export { isZaeError, ZaeError, ZaeOptionError, ZaeShapeError, ZaeValueError } from "@zae/tensor-utils";
