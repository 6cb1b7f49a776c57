import { ZaeShapeError } from "./errors.js";
import { formatShape } from "./format-shape.js";
import { shapeSize } from "./shape-size.js";
import type { Tensor } from "./tensor.js";

/**
 * Expands `source` to `targetShape` by NumPy/PyTorch broadcasting (shapes are
 * aligned at their trailing axes; each source extent must equal the target's
 * or be 1; missing leading axes count as 1) and returns a Float64Array of
 * `shapeSize(targetShape)` elements. The source is never mutated. The result
 * must have the target's shape: a source that would enlarge the target is an error.
 */
export function broadcastTo(
  source: Tensor,
  targetShape: readonly number[],
  parameterName: string,
  functionName: string,
): Float64Array {
  const rank = targetShape.length;
  const fits =
    source.shape.length <= rank &&
    source.shape.every((extent, axis) => {
      const target = targetShape[rank - source.shape.length + axis];
      return extent === target || extent === 1;
    });
  if (!fits) {
    throw new ZaeShapeError({
      functionName,
      parameter: parameterName,
      expected: `a shape that broadcasts to ${formatShape(targetShape)} (trailing axes equal or 1)`,
      value: source.shape,
      received: formatShape(source.shape),
    });
  }
  const size = shapeSize(targetShape);
  const out = new Float64Array(size);
  // Source strides aligned to the target's axes; 0 where the source broadcasts.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let axis = source.shape.length - 1; axis >= 0; axis--) {
    const targetAxis = rank - source.shape.length + axis;
    strides[targetAxis] = source.shape[axis] === 1 ? 0 : stride;
    stride *= source.shape[axis];
  }
  const index = new Array<number>(rank).fill(0);
  let sourceOffset = 0;
  for (let flat = 0; flat < size; flat++) {
    out[flat] = source.data[sourceOffset];
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      sourceOffset += strides[axis];
      if (index[axis] < targetShape[axis]) break;
      sourceOffset -= strides[axis] * index[axis];
      index[axis] = 0;
    }
  }
  return out;
}
