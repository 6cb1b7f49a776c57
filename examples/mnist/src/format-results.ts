import { renderTable } from "./results-table.js";
import type { DemoResult } from "./run-demo.js";

/** Renders the final results table of a demo run. */
export function formatResults(result: DemoResult): string {
  const percent = (value: number): string => `${(100 * value).toFixed(1)} %`;
  const fixed = (value: number): string => value.toFixed(3);
  const rows = [
    ["1. Metric learning", "ArcFaceLoss (s = 30, m = 0.5)", "test accuracy, nearest class centre", percent(result.arcFace.testAccuracy)],
    ["2. Baseline", "crossEntropy, one-vs-rest", "test accuracy, nearest class centre", percent(result.crossEntropy.testAccuracy)],
    ["3. Class separation", "ArcFaceLoss", "mean cosine between class centres", fixed(result.arcFace.meanOffDiagonalCosine)],
    ["3. Class separation", "crossEntropy", "mean cosine between class centres", fixed(result.crossEntropy.meanOffDiagonalCosine)],
    ["4. Ink bounding box", "GIoU", "test mean IoU", fixed(result.boxGIoU.testMeanIoU)],
    ["4. Ink bounding box", "mse", "test mean IoU", fixed(result.boxMse.testMeanIoU)],
    ["5. Ink pixels, noisy", "crossEntropy, 3 × 3 pixels", "test mIoU", fixed(result.pixel.testMIoU)],
    ["5. Ink pixels, noisy", "crossEntropy, 3 × 3 pixels", "ink IoU over all test pixels", fixed(result.pixel.inkIoU)],
    ["5. Ink pixels, noisy", "threshold at 0.5 (no training)", "test mIoU", fixed(result.pixel.thresholdMIoU)],
  ];
  return renderTable(["part", "trained with", "metric", "value"], rows);
}
