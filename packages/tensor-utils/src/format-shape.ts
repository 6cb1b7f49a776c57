/** Formats a shape as `[2, 3]` for messages; a scalar is `[]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
