import {
  ZaeOptionError,
  ZaeShapeError,
  ZaeValueError,
  checkOptions,
  formatShape,
  toTensor,
  xavierUniform,
  type TensorLike,
} from "@zae/tensor-utils";
import type { MarginVariant } from "./angular-margin.js";
import type { ArcFaceLossOptions } from "./arc-face-loss-options.js";

const OPTION_KEYS = ["scale", "margin", "weight", "seed", "ignoreIndex", "easyMargin", "marginFallback"] as const;

/** Validated sizes, options and initial weight of an {@link ArcFaceLoss}; internal to this package. */
export interface ArcFaceConfig {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly scale: number;
  readonly margin: number;
  readonly ignoreIndex: number | undefined;
  readonly easyMargin: boolean;
  readonly marginFallback: boolean;
  readonly variant: MarginVariant;
  /** A fresh `[outFeatures, inFeatures]` matrix owned by the caller. */
  readonly weight: Float64Array;
}

/**
 * Validates the constructor arguments and builds the initial weight.
 * `prefix` names the options object in messages (`"options"`, or `"json"` for
 * `fromJSON`).
 */
export function resolveArcFaceConfig(
  inFeatures: unknown,
  outFeatures: unknown,
  options: ArcFaceLossOptions | undefined,
  functionName: string,
  prefix = "options",
): ArcFaceConfig {
  const checked = checkOptions(options, OPTION_KEYS, functionName);
  const inSize = checkSize(inFeatures, "inFeatures", functionName);
  const outSize = checkSize(outFeatures, "outFeatures", functionName);
  const scale = checkScale(checked.scale, `${prefix}.scale`, functionName);
  const margin = checkMargin(checked.margin, `${prefix}.margin`, functionName);
  const easyMargin = checkFlag(checked.easyMargin, `${prefix}.easyMargin`, functionName);
  const marginFallback = checkFlag(checked.marginFallback, `${prefix}.marginFallback`, functionName);
  if (easyMargin && marginFallback) {
    throw new ZaeOptionError({
      functionName,
      parameter: `${prefix}.marginFallback`,
      expected: "false when easyMargin is true",
      value: marginFallback,
      hint: "The two variants replace the same branch of the margin; enable at most one.",
    });
  }
  const ignoreIndex = checkIgnoreIndex(checked.ignoreIndex, `${prefix}.ignoreIndex`, functionName);
  const weight = initialWeight(checked.weight, checked.seed, outSize, inSize, prefix, functionName);

  const variant: MarginVariant = easyMargin ? "easy" : marginFallback ? "fallback" : "plain";
  return { inFeatures: inSize, outFeatures: outSize, scale, margin, ignoreIndex, easyMargin, marginFallback, variant, weight };
}

/**
 * Copies `weight` into a new Float64Array after checking its shape
 * `[outFeatures, inFeatures]` and that every value is finite.
 */
export function copyWeight(
  weight: TensorLike,
  outFeatures: number,
  inFeatures: number,
  parameterName: string,
  functionName: string,
): Float64Array {
  const tensor = toTensor(weight, parameterName, functionName);
  const { shape } = tensor;
  if (shape.length !== 2 || shape[0] !== outFeatures || shape[1] !== inFeatures) {
    throw new ZaeShapeError({
      functionName,
      parameter: parameterName,
      expected: `a [outFeatures, inFeatures] = ${formatShape([outFeatures, inFeatures])} matrix`,
      value: shape,
      received: formatShape(shape),
    });
  }
  const copy = Float64Array.from(tensor.data);
  for (let i = 0; i < copy.length; i++) {
    if (Number.isFinite(copy[i])) continue;
    throw new ZaeValueError({
      functionName,
      parameter: `${parameterName} (row ${Math.floor(i / inFeatures)}, column ${i % inFeatures})`,
      expected: "a finite number",
      value: copy[i],
    });
  }
  return copy;
}

function initialWeight(
  weight: unknown,
  seed: unknown,
  outFeatures: number,
  inFeatures: number,
  prefix: string,
  functionName: string,
): Float64Array {
  if (weight !== undefined && seed !== undefined) {
    throw new ZaeOptionError({
      functionName,
      parameter: `${prefix}.seed`,
      expected: "undefined when a weight is given",
      value: seed,
      hint: "Pass either an initial weight or a seed for the random initialisation, not both.",
    });
  }
  if (weight !== undefined) return copyWeight(weight as TensorLike, outFeatures, inFeatures, `${prefix}.weight`, functionName);

  if (seed !== undefined && !(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) < 2 ** 32)) {
    throw new ZaeOptionError({ functionName, parameter: `${prefix}.seed`, expected: "an integer in [0, 2^32)", value: seed });
  }
  return xavierUniform(outFeatures, inFeatures, (seed as number | undefined) ?? 0);
}

function checkSize(value: unknown, parameter: string, functionName: string): number {
  if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
  throw new ZaeOptionError({ functionName, parameter, expected: "a positive integer", value });
}

function checkScale(value: unknown, parameter: string, functionName: string): number {
  if (value === undefined) return 30;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  throw new ZaeOptionError({ functionName, parameter, expected: "a finite number greater than 0", value });
}

function checkMargin(value: unknown, parameter: string, functionName: string): number {
  if (value === undefined) return 0.5;
  if (typeof value === "number" && value >= 0 && value < Math.PI) return value;
  throw new ZaeOptionError({
    functionName,
    parameter,
    expected: "an angle in radians in [0, pi)",
    value,
    hint: "ArcFace adds the margin to the angle between a feature and its class; 0.5 is the usual value.",
  });
}

function checkFlag(value: unknown, parameter: string, functionName: string): boolean {
  if (value === undefined) return false;
  if (typeof value === "boolean") return value;
  throw new ZaeOptionError({ functionName, parameter, expected: "a boolean", value });
}

function checkIgnoreIndex(value: unknown, parameter: string, functionName: string): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isSafeInteger(value)) return value as number;
  throw new ZaeOptionError({ functionName, parameter, expected: "an integer or undefined", value });
}
