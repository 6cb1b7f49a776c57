import type { FloatArray, TensorData } from "./tensor.js";

/**
 * Allocates the array for an unreduced result or a gradient: a Float32Array
 * when `like` is float32, otherwise a Float64Array (integer inputs are
 * computed as float64).
 */
export function createOutput(like: TensorData, length: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}
