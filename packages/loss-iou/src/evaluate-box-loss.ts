import {
  reduceSum,
  reductionScale,
  sumFloat64,
  type FloatArray,
  type Tensor,
  type ValueAndGrad,
} from "@zae/tensor-utils";
import { boxPairLosses, type BoxLossKind } from "./box-pair-losses.js";
import type { BoxLossInputs } from "./prepare-box-loss.js";

/** Stores float64 results in the output dtype: Float32Array when `like` is float32. */
function toOutput(like: BoxLossInputs["prediction"]["data"], values: Float64Array): FloatArray {
  if (!(like instanceof Float32Array)) return values;
  return Float32Array.from(values);
}

function reduceLosses(losses: Float64Array, inputs: BoxLossInputs): number | Tensor<FloatArray> {
  if (inputs.reduction === "none") return { data: toOutput(inputs.prediction.data, losses), shape: [...inputs.lossShape] };
  return reduceSum(sumFloat64(losses), losses.length, inputs.reduction);
}

/** Computes a box loss from validated inputs with the reduction in `inputs.reduction`. Internal to this package. */
export function evaluateBoxLoss(kind: BoxLossKind, inputs: BoxLossInputs): number | Tensor<FloatArray> {
  const { prediction, target } = inputs;
  const losses = new Float64Array(prediction.rows);
  boxPairLosses(kind, prediction.data, target.data, prediction.rows, prediction.k, losses, null, 0);
  return reduceLosses(losses, inputs);
}

/** Computes a box loss and its gradient with respect to the prediction. Internal to this package. */
export function evaluateBoxLossWithGrad(kind: BoxLossKind, inputs: BoxLossInputs): ValueAndGrad {
  const { prediction, target, reduction } = inputs;
  const rows = prediction.rows;
  const losses = new Float64Array(rows);
  const grad = new Float64Array(prediction.data.length);
  boxPairLosses(kind, prediction.data, target.data, rows, prediction.k, losses, grad, reductionScale(rows, reduction));
  const gradData = toOutput(prediction.data, grad);
  return { value: reduceLosses(losses, inputs), grad: { data: gradData, shape: [...prediction.shape] } };
}
