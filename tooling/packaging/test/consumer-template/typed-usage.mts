// Type-checked against the published ESM declarations (dist/index.d.ts).
import { isZaeError, mse, mseWithGrad, type FloatArray, type Tensor, type ValueAndGrad } from "@zae/loss";

const mean: number = mse([1, 2, 3], [1, 2, 5]);
const perElement: Tensor<FloatArray> = mse(new Float32Array([1, 2]), new Float32Array([2, 2]), { reduction: "none" });
const withGrad: ValueAndGrad<number> = mseWithGrad([[0, 0]], [[1, 3]], { reduction: "sum" });
const firstGrad: number = withGrad.grad.data[0];

let failedArgument = "";
try {
  mse([1], [1, 2]);
} catch (error) {
  if (isZaeError(error)) failedArgument = `${error.functionName}: ${error.parameter}`;
}

export { failedArgument, firstGrad, mean, perElement };
