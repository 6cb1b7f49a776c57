import {
  assertSameShape,
  broadcastTo,
  checkOptions,
  formatShape,
  resolveReduction,
  toTensor,
  ZaeOptionError,
  ZaeShapeError,
  ZaeValueError,
  type Reduction,
  type Tensor,
  type TensorLike,
} from "@zae/tensor-utils";
import type { BceWithLogitsInputs } from "./bce-with-logits-loop.js";
import type { CrossEntropyOptions } from "./cross-entropy.js";

const OPTION_KEYS = ["reduction", "posWeight"] as const;

/** Validated inputs shared by {@link crossEntropy} and {@link crossEntropyWithGrad}. */
export interface CrossEntropyInputs extends BceWithLogitsInputs {
  readonly logitTensor: Tensor;
  readonly reduction: Reduction;
}

/** Converts and validates the arguments of `crossEntropy` and `crossEntropyWithGrad`. */
export function prepareCrossEntropy(
  logit: TensorLike,
  yHot: TensorLike,
  classWeights: TensorLike | null | undefined,
  options: CrossEntropyOptions | undefined,
  functionName: string,
  checkTargetValues = true,
): CrossEntropyInputs {
  const checked = checkOptions(options, OPTION_KEYS, functionName);
  const reduction = resolveReduction(checked.reduction, functionName);
  const logitTensor = toTensor(logit, "logit", functionName);
  const target = toTensor(yHot, "yHot", functionName);
  assertSameShape(logitTensor, "logit", target, "yHot", functionName);
  if (checkTargetValues) checkTargets(target.data, functionName);

  if (looksLikeOptions(classWeights)) {
    throw new ZaeOptionError({
      functionName,
      parameter: "classWeights",
      expected: "a weight tensor, null or undefined",
      value: classWeights,
      received: `an options object (${Object.keys(classWeights).join(", ")})`,
      hint: `Options go in the fourth argument: ${functionName}(logit, yHot, undefined, { reduction: "sum" }).`,
    });
  }
  const weight =
    classWeights === undefined || classWeights === null
      ? undefined
      : broadcastWeight(classWeights, logitTensor.shape, "classWeights", functionName);
  const posWeightOption = checked.posWeight as TensorLike | undefined;
  const posWeight =
    posWeightOption === undefined ? undefined : broadcastWeight(posWeightOption, logitTensor.shape, "options.posWeight", functionName);

  return { logitTensor, logit: logitTensor.data, target: target.data, weight, posWeight, reduction };
}

/**
 * Broadcasts a weight to the logit's shape. The error from broadcastTo names
 * both shapes, and this rethrows it with a hint on weighting the class axis.
 */
function broadcastWeight(value: TensorLike, shape: readonly number[], parameterName: string, functionName: string): Float64Array {
  const weight = toTensor(value, parameterName, functionName);
  try {
    return broadcastTo(weight, shape, parameterName, functionName);
  } catch (error) {
    if (!(error instanceof ZaeShapeError)) throw error;
    throw new ZaeShapeError({
      functionName,
      parameter: parameterName,
      expected: error.expected,
      value: error.value,
      received: formatShape(weight.shape),
      hint: "Shapes are aligned at their trailing axes, as in PyTorch: to weight axis 1 of an [N, C, L] logit, pass a [C, 1] weight.",
    });
  }
}

/** Throws for the first target that is NaN or outside [0, 1]. */
export function checkTargets(targets: ArrayLike<number>, functionName: string): void {
  for (let i = 0; i < targets.length; i++) {
    const y = targets[i];
    if (y >= 0 && y <= 1) continue;
    throw new ZaeValueError({
      functionName,
      parameter: `yHot (flat index ${i})`,
      expected: "a probability in [0, 1] (a hard 0/1 label, a boolean or a soft label)",
      value: y,
      hint: "Pass probabilities, not logits or class indices, as targets.",
    });
  }
}

/** Tells whether a third argument is an options object passed one position too early. */
function looksLikeOptions(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === "reduction" || key === "posWeight");
}
