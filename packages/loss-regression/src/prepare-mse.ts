import {
  assertSameShape,
  checkOptions,
  resolveReduction,
  toTensor,
  type Reduction,
  type Tensor,
  type TensorLike,
} from "@zae/tensor-utils";
import type { MseOptions } from "./mse.js";

const OPTION_KEYS = ["reduction"] as const;

/** Validated inputs shared by {@link mse} and {@link mseWithGrad}. */
export interface MseInputs {
  readonly target: Tensor;
  readonly prediction: Tensor;
  readonly reduction: Reduction;
}

/** Converts and validates the arguments of `mse`/`mseWithGrad`; internal to this package. */
export function prepareMse(target: TensorLike, predict: TensorLike, options: MseOptions | undefined, functionName: string): MseInputs {
  const checked = checkOptions(options, OPTION_KEYS, functionName);
  const reduction = resolveReduction(checked.reduction, functionName);
  const targetTensor = toTensor(target, "true", functionName);
  const prediction = toTensor(predict, "predict", functionName);
  assertSameShape(targetTensor, "true", prediction, "predict", functionName);
  return { target: targetTensor, prediction, reduction };
}
