/** Element storage of a {@link Tensor}. */
export type TensorData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Floating-point storage used for results and gradients. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A dense row-major tensor: `data[i]` is the element whose multi-index is the
 * i-th in row-major order over `shape`. A scalar has `shape` `[]` and one element.
 */
export interface Tensor<D extends TensorData = TensorData> {
  readonly data: D;
  readonly shape: readonly number[];
}

/** A TensorFlow.js tensor, recognised by duck typing. */
export interface TfjsTensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number> | Uint8Array;
}

/** An ONNX Runtime tensor, recognised by duck typing. */
export interface OnnxTensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number> | ArrayLike<bigint>;
}

/** A nested array of numbers or booleans, any depth, rectangular. */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * Anything the loss functions accept as a tensor: a number, a boolean, a
 * rectangular nested array, a typed array (1-D), a {@link Tensor}, or a
 * framework tensor (TensorFlow.js or ONNX Runtime).
 */
export type TensorLike =
  | NestedArray
  | ArrayLike<number>
  | Tensor
  | TfjsTensorLike
  | OnnxTensorLike;

/** Reduction applied to per-element losses. */
export type Reduction = "mean" | "sum" | "none";

/** Result of a value-and-gradient function. */
export interface ValueAndGrad<V = number | Tensor<FloatArray>> {
  /** The loss, as the plain function returns it. */
  readonly value: V;
  /** Gradient of the loss with respect to the prediction, same shape as the prediction. */
  readonly grad: Tensor<FloatArray>;
}
