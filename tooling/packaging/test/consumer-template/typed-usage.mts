// Type-checked against the published ESM declarations (dist/index.d.ts).
import { ArcFaceLoss, crossEntropy, isZaeError, mIoU, mse, mseWithGrad, type FloatArray, type Tensor, type ValueAndGrad } from "@zae/loss";
import { GIoU, GIoUWithGrad } from "@zae/loss-iou";

const mean: number = mse([1, 2, 3], [1, 2, 5]);
const perElement: Tensor<FloatArray> = mse(new Float32Array([1, 2]), new Float32Array([2, 2]), { reduction: "none" });
const withGrad: ValueAndGrad<number> = mseWithGrad([[0, 0]], [[1, 3]], { reduction: "sum" });
const firstGrad: number = withGrad.grad.data[0];
const binary: number = crossEntropy([[2, -1]], [[1, 0]], null, { reduction: "sum" });
const boxLoss: number = GIoU([[0, 2]], [[5, 7]]);
const boxGrad: Tensor<FloatArray> = GIoUWithGrad([[0, 2]], [[5, 7]], { reduction: "none" }).grad;
const score: number = mIoU([0, 1, 1], [0, 1, 0], { numClasses: 2 });
const head = new ArcFaceLoss(4, 3, { seed: 7, scale: 30, margin: 0.5 });
const weightGrad: Tensor<Float64Array> = head.lossWithGrad([[1, 0, 0, 0]], [1]).gradWeight;

let failedArgument = "";
try {
  mse([1], [1, 2]);
} catch (error) {
  if (isZaeError(error)) failedArgument = `${error.functionName}: ${error.parameter}`;
}

export { binary, boxGrad, boxLoss, failedArgument, firstGrad, mean, perElement, score, weightGrad };
