/** Copies the rows of a row-major `[*, width]` matrix at `indices` into a new `[indices.length, width]` matrix. */
export function gatherRows(matrix: Float64Array, width: number, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i] * width;
    out.set(matrix.subarray(source, source + width), i * width);
  }
  return out;
}

/** Returns the entries of `values` at `indices`. */
export function gatherLabels(values: Int32Array, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}
