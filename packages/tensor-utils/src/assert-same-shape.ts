import { ZaeShapeError } from "./errors.js";
import { formatShape } from "./format-shape.js";
import type { Tensor } from "./tensor.js";

/**
 * Throws unless `actual` has exactly the shape of `reference`. There is no
 * broadcasting: `[3, 1]` against `[3]` is rejected, because a silent broadcast
 * there turns an element-wise loss into an outer product.
 */
export function assertSameShape(
  reference: Tensor,
  referenceName: string,
  actual: Tensor,
  actualName: string,
  functionName: string,
): void {
  const a = reference.shape;
  const b = actual.shape;
  if (a.length === b.length && a.every((extent, axis) => extent === b[axis])) return;
  throw new ZaeShapeError({
    functionName,
    parameter: actualName,
    expected: `the same shape as \`${referenceName}\` (${formatShape(a)})`,
    value: b,
    received: formatShape(b),
    hint: "Shapes must match exactly; reshape one of the inputs.",
  });
}
