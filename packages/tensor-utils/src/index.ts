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
} from "./tensor.js";
export { ZaeError, ZaeOptionError, ZaeShapeError, ZaeValueError, isZaeError } from "./errors.js";
export type { ZaeErrorDetails, ZaeErrorKind } from "./errors.js";
export { assertSameShape } from "./assert-same-shape.js";
export { bceWithLogitsSum } from "./bce-with-logits-sum.js";
export { broadcastTo } from "./broadcast-to.js";
export { checkLabels } from "./check-labels.js";
export type { LabelBounds } from "./check-labels.js";
export { checkOptions } from "./check-options.js";
export { CompensatedSum } from "./compensated-sum.js";
export { createOutput } from "./create-output.js";
export { createRng } from "./create-rng.js";
export type { Rng } from "./create-rng.js";
export { formatShape } from "./format-shape.js";
export { formatValue } from "./format-value.js";
export { giouLossSum } from "./giou-loss-sum.js";
export { labelPairCounts } from "./label-pair-counts.js";
export { logSigmoid } from "./log-sigmoid.js";
export { matmul } from "./matmul.js";
export { matmulTransposeB } from "./matmul-transpose-b.js";
export { reduceSum } from "./reduce-sum.js";
export { reductionScale } from "./reduction-scale.js";
export { resolveReduction } from "./resolve-reduction.js";
export { rowL2Norms } from "./row-l2-norms.js";
export { setKernelMode } from "./set-kernel-mode.js";
export type { KernelMode } from "./set-kernel-mode.js";
export { shapeSize } from "./shape-size.js";
export { sigmoid } from "./sigmoid.js";
export { softplus } from "./softplus.js";
export { squaredErrorSum } from "./squared-error-sum.js";
export { sumFloat64 } from "./sum-float64.js";
export { toTensor } from "./to-tensor.js";
export { wasmSimdSupported } from "./wasm-simd-supported.js";
export { xavierUniform } from "./xavier-uniform.js";
