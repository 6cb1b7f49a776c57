import { assertSameShape, checkOptions, resolveReduction, type Reduction, type TensorLike } from "@zae/tensor-utils";
import { toBoxes, type Boxes } from "./to-boxes.js";

const OPTION_KEYS = ["reduction"] as const;

/** Options of the box losses and their value-and-gradient forms. */
export interface BoxLossOptions {
  /** `"mean"`, `"sum"` or `"none"` (one loss per box pair); the default depends on the loss. */
  readonly reduction?: Reduction;
}

/** Validated inputs of a box loss. */
export interface BoxLossInputs {
  readonly prediction: Boxes;
  readonly target: Boxes;
  readonly reduction: Reduction;
  /** Shape of the unreduced loss: the box shape without its last axis. */
  readonly lossShape: readonly number[];
}

/** Names of the prediction and target arguments as the public function calls them. */
export interface BoxArgumentNames {
  readonly prediction: string;
  readonly target: string;
  /** True when the target is the first argument (GIoU), so it is validated first. */
  readonly targetFirst?: boolean;
}

/** Converts and validates the arguments of a box loss. Internal to this package. */
export function prepareBoxLoss(
  prediction: TensorLike,
  target: TensorLike,
  options: BoxLossOptions | undefined,
  names: BoxArgumentNames,
  functionName: string,
  defaultReduction: Reduction,
): BoxLossInputs {
  const checked = checkOptions(options, OPTION_KEYS, functionName);
  const reduction = resolveReduction(checked.reduction, functionName, defaultReduction);
  let predictionBoxes: Boxes;
  let targetBoxes: Boxes;
  if (names.targetFirst === true) {
    targetBoxes = toBoxes(target, names.target, functionName);
    predictionBoxes = toBoxes(prediction, names.prediction, functionName);
    assertSameShape(targetBoxes, names.target, predictionBoxes, names.prediction, functionName);
  } else {
    predictionBoxes = toBoxes(prediction, names.prediction, functionName);
    targetBoxes = toBoxes(target, names.target, functionName);
    assertSameShape(predictionBoxes, names.prediction, targetBoxes, names.target, functionName);
  }
  return {
    prediction: predictionBoxes,
    target: targetBoxes,
    reduction,
    lossShape: predictionBoxes.shape.slice(0, -1),
  };
}
