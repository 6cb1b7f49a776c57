import { ZaeShapeError, ZaeValueError, formatShape, toTensor, type TensorData, type TensorLike } from "@zae/tensor-utils";

/** Validated boxes: `rows` boxes of `2 * k` coordinates each, row-major in `data`. */
export interface Boxes {
  readonly data: TensorData;
  readonly shape: readonly number[];
  readonly rows: number;
  /** Number of axes per box: 1 for intervals, 2 for rectangles, 3 for cuboids. */
  readonly k: number;
}

/**
 * Converts `value` to boxes `[N, 2k]` (or one box `[2k]` when `allowSingle`)
 * and rejects non-finite coordinates and boxes whose maximum is below their
 * minimum on any axis. Zero-extent boxes pass. Internal to this package.
 */
export function toBoxes(value: TensorLike, parameter: string, functionName: string, allowSingle = true): Boxes {
  const tensor = toTensor(value, parameter, functionName);
  const { data, shape } = tensor;
  const rank = shape.length;
  const width = rank === 0 ? 0 : shape[rank - 1];
  const rankOk = rank === 2 || (allowSingle && rank === 1);
  if (!rankOk || width === 0 || width % 2 !== 0) {
    throw new ZaeShapeError({
      functionName,
      parameter,
      expected: allowSingle ? "boxes of shape [N, 2k] or one box [2k], with k ≥ 1" : "boxes of shape [N, 2k] with k ≥ 1",
      value,
      received: `shape ${formatShape(shape)}`,
      hint: "Each row holds k minimum coordinates, then k maximum coordinates, e.g. [x1, y1, x2, y2].",
    });
  }

  const k = width / 2;
  const rows = data.length / width;
  for (let row = 0; row < rows; row++) {
    const base = row * width;
    for (let axis = 0; axis < k; axis++) {
      const low = data[base + axis];
      const high = data[base + k + axis];
      if (!Number.isFinite(low) || !Number.isFinite(high)) {
        throw new ZaeValueError({
          functionName,
          parameter: `${parameter} (row ${row})`,
          expected: "a box of finite coordinates",
          value: Array.from(data.subarray(base, base + width)),
        });
      }
      if (high < low) {
        throw new ZaeValueError({
          functionName,
          parameter: `${parameter} (row ${row})`,
          expected: `a box whose maximum is at least its minimum on every axis (axis ${axis}: ${high} < ${low})`,
          value: Array.from(data.subarray(base, base + width)),
          hint: "Boxes are [min_1, …, min_k, max_1, …, max_k], not [x, y, width, height].",
        });
      }
    }
  }
  return { data, shape, rows, k };
}
