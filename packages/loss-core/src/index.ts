export { crossEntropy } from "./cross-entropy.js";
export type { CrossEntropyOptions } from "./cross-entropy.js";
export { crossEntropyWithGrad } from "./cross-entropy-with-grad.js";
export { computeGramMatrix } from "./compute-gram-matrix.js";
export { computeGramMatrixWithGrad } from "./compute-gram-matrix-with-grad.js";
