import { ZaeValueError } from "./errors.js";

/** Bounds for {@link checkLabels}. */
export interface LabelBounds {
  /** Labels must be below this (exclusive); omit for no upper bound. */
  readonly numClasses?: number;
  /** A label equal to this is allowed whatever the bounds (PyTorch's `ignore_index`). */
  readonly ignoreIndex?: number;
}

/**
 * Throws unless every element of `labels` is a non-negative integer below
 * `bounds.numClasses` (or equal to `bounds.ignoreIndex`). The error names the
 * first bad position and its value. Float arrays holding integers pass.
 */
export function checkLabels(
  labels: ArrayLike<number>,
  parameterName: string,
  functionName: string,
  bounds: LabelBounds = {},
): void {
  const { numClasses = Infinity, ignoreIndex } = bounds;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === ignoreIndex) continue;
    if (Number.isInteger(label) && label >= 0 && label < numClasses) continue;
    const range = numClasses === Infinity ? "a non-negative integer" : `an integer in [0, ${numClasses - 1}]`;
    throw new ZaeValueError({
      functionName,
      parameter: `${parameterName} (flat index ${i})`,
      expected: ignoreIndex === undefined ? range : `${range} or the ignore index ${ignoreIndex}`,
      value: label,
    });
  }
}
