/** Writes the transpose of the row-major `[rows, cols]` matrix `source` into `out` (`[cols, rows]`). */
export function transpose(source: ArrayLike<number>, rows: number, cols: number, out: Float64Array): Float64Array {
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = source[offset + c];
  }
  return out;
}
