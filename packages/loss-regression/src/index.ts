export { mse } from "./mse.js";
export type { MseOptions } from "./mse.js";
export { mseWithGrad } from "./mse-with-grad.js";
