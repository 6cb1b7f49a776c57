export { ArcFaceLoss } from "./arc-face-loss.js";
export type { ArcFaceLossOptions } from "./arc-face-loss-options.js";
export type { ArcFaceGradients, ArcFaceLossWithGrad } from "./arc-face-loss-results.js";
export type { ArcFaceLossJSON } from "./arc-face-loss-json.js";
