import type { FloatArray, Tensor } from "@zae/tensor-utils";

/** A tensor as the fixture generator stores it: row-major flat data and the shape. */
export interface FlatTensor {
  readonly data: number[];
  readonly shape: number[];
}

/** Element type a fixture case was computed in by PyTorch. */
export type DtypeName = "float32" | "float64";

/** Builds a tensor of the fixture's dtype, so float32 cases run through the float32 path. */
export function toTyped(tensor: FlatTensor, dtype: DtypeName): Tensor<FloatArray> {
  const data = dtype === "float32" ? Float32Array.from(tensor.data) : Float64Array.from(tensor.data);
  return { data, shape: tensor.shape };
}

/** Copies a tensor's data and shape, to check later that a function left its input unchanged. */
export function snapshot(tensor: Tensor): { data: number[]; shape: number[] } {
  return { data: Array.from(tensor.data), shape: [...tensor.shape] };
}
