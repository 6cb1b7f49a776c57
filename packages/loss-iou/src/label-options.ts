import { ZaeOptionError, ZaeValueError } from "@zae/tensor-utils";

/**
 * Throws the error for an invalid label at flat `index` of `parameter`. A
 * valid label is an integer in [0, numClasses), and for the target also the
 * ignore index. Internal to this package.
 */
export function rejectLabel(
  functionName: string,
  parameter: string,
  index: number,
  value: number,
  numClasses: number,
  ignoreIndex: number | undefined,
): never {
  const range = numClasses === Infinity ? "a non-negative integer label" : `an integer label in [0, ${numClasses - 1}]`;
  throw new ZaeValueError({
    functionName,
    parameter: `${parameter} (flat index ${index})`,
    expected: ignoreIndex === undefined ? range : `${range} or the ignore index ${ignoreIndex}`,
    value,
    hint: numClasses === Infinity ? undefined : "Raise `numClasses` if the label is a real class.",
  });
}

/** Checks `numClasses`: a positive integer, or undefined when `optional`. Internal to this package. */
export function checkNumClasses(value: unknown, parameter: string, functionName: string, optional: boolean): number | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new ZaeOptionError({ functionName, parameter, expected: "a positive integer", value });
}

/** Checks `ignoreIndex`: an integer or undefined. Internal to this package. */
export function checkIgnoreIndex(value: unknown, parameter: string, functionName: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw new ZaeOptionError({ functionName, parameter, expected: "an integer or undefined", value });
}
