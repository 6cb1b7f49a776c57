import { softplus } from "./softplus.js";

/** Returns `log(sigmoid(x)) = -softplus(-x)`, finite for every finite x (about x for x ≪ 0). */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}
