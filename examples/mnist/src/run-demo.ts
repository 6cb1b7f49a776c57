import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "@zae/tensor-utils";
import { resolveDemoOptions, type DemoOptions } from "./demo-options.js";
import { loadDigits, splitDigits } from "./mnist-data.js";
import { createArcFaceObjective, createCrossEntropyObjective } from "./objectives.js";
import { renderSvgChart, type ChartPanel, type ChartSeries } from "./svg-chart.js";
import { trainBoxRegressor, type BoxResult } from "./train-box-regressor.js";
import { trainEmbedding, type EmbeddingResult, type EmbeddingSettings } from "./train-embedding.js";
import { trainPixelClassifier, type PixelResult } from "./train-pixel-classifier.js";

/** ArcFace scale s and margin m (radians), the defaults of @zae/loss-arcface. */
const ARCFACE = { scale: 30, margin: 0.5 } as const;

/** Metrics and training histories of every part of the demo. */
export interface DemoResult {
  readonly arcFace: EmbeddingResult;
  readonly crossEntropy: EmbeddingResult;
  readonly boxGIoU: BoxResult;
  readonly boxMse: BoxResult;
  readonly pixel: PixelResult;
  /** Absolute path of the SVG chart written. */
  readonly chartPath: string;
  readonly trainSize: number;
  readonly testSize: number;
}

/**
 * Runs the whole demo on the MNIST digits of the `mnist` package, with a fixed
 * seed so that two runs with the same options give the same numbers:
 *
 * 1. an embedding trained with ArcFace, scored by nearest class centre;
 * 2. the same embedding trained with binary cross-entropy, as a baseline;
 * 3. the separation of the class centres of both, from their Gram matrix;
 * 4. an ink bounding-box regressor trained with GIoU and with MSE;
 * 5. a per-pixel ink classifier on noisy digits, scored with mIoU;
 *
 * then writes the loss and metric curves to `mnist-demo.svg` in `outDir`.
 *
 * @throws {TypeError | RangeError} for invalid options (see {@link resolveDemoOptions}).
 */
export function runDemo(options: DemoOptions = {}): DemoResult {
  const settings = resolveDemoOptions(options);
  const { seed, progress } = settings;
  const { train, test } = splitDigits(loadDigits(), settings.trainSize, settings.testSize, createRng(seed));

  const embedding: EmbeddingSettings = {
    hiddenSize: 128,
    embeddingSize: 32,
    epochs: settings.embeddingEpochs,
    batchSize: 64,
    learningRate: 2e-3,
    seed: seed + 1,
  };
  const arcFace = trainEmbedding(
    "ArcFace embedding",
    train,
    test,
    embedding,
    (rng) => createArcFaceObjective(embedding.embeddingSize, ARCFACE, rng),
    progress,
  );
  const crossEntropy = trainEmbedding(
    "Cross-entropy embedding",
    train,
    test,
    embedding,
    (rng) => createCrossEntropyObjective(embedding.embeddingSize, rng),
    progress,
  );

  const box = { hiddenSize: 64, epochs: settings.boxEpochs, batchSize: 64, learningRate: 2e-3, seed: seed + 11 };
  const boxGIoU = trainBoxRegressor("giou", train, test, box, progress);
  const boxMse = trainBoxRegressor("mse", train, test, box, progress);

  const pixel = trainPixelClassifier(
    train,
    test,
    {
      trainImages: settings.pixelTrainImages,
      noise: 0.4,
      hiddenSize: 16,
      epochs: settings.pixelEpochs,
      batchSize: 256,
      learningRate: 1e-2,
      seed: seed + 21,
    },
    progress,
  );

  mkdirSync(settings.outDir, { recursive: true });
  const chartPath = join(settings.outDir, "mnist-demo.svg");
  const result = { arcFace, crossEntropy, boxGIoU, boxMse, pixel, chartPath, trainSize: train.count, testSize: test.count };
  writeFileSync(chartPath, renderDemoChart(result));
  return result;
}

const COLORS = { arcFace: "#1f77b4", crossEntropy: "#d62728", giou: "#2ca02c", mse: "#9467bd", pixel: "#ff7f0e", baseline: "#7f7f7f" };

/** Renders the loss curves (per batch, averaged into at most 150 points) and the per-epoch test metrics. */
export function renderDemoChart(result: Omit<DemoResult, "chartPath">): string {
  const lossSeries = (name: string, color: string, losses: readonly number[]): ChartSeries => ({
    name,
    color,
    points: averageInBuckets(losses, 150),
  });
  const epochSeries = (name: string, color: string, metrics: readonly number[]): ChartSeries => ({
    name,
    color,
    points: metrics.map((value, index) => [index + 1, value] as const),
  });
  const baseline = (name: string, value: number, epochs: number): ChartSeries => ({
    name,
    color: COLORS.baseline,
    dashed: true,
    points: [
      [1, value],
      [Math.max(epochs, 2), value],
    ],
  });

  const panels: ChartPanel[] = [
    { title: "ArcFace loss", xLabel: "batch", series: [lossSeries("ArcFaceLoss", COLORS.arcFace, result.arcFace.history.batchLosses)] },
    {
      title: "Cross-entropy loss (embedding)",
      xLabel: "batch",
      series: [lossSeries("crossEntropy", COLORS.crossEntropy, result.crossEntropy.history.batchLosses)],
    },
    {
      title: "Test accuracy, nearest class centre",
      xLabel: "epoch",
      integerX: true,
      series: [
        epochSeries("ArcFace", COLORS.arcFace, result.arcFace.history.epochMetrics),
        epochSeries("crossEntropy", COLORS.crossEntropy, result.crossEntropy.history.epochMetrics),
      ],
    },
    { title: "GIoU loss (box regressor)", xLabel: "batch", series: [lossSeries("GIoU", COLORS.giou, result.boxGIoU.history.batchLosses)] },
    { title: "MSE loss (box regressor)", xLabel: "batch", series: [lossSeries("mse", COLORS.mse, result.boxMse.history.batchLosses)] },
    {
      title: "Test mean IoU of the ink boxes",
      xLabel: "epoch",
      integerX: true,
      series: [
        epochSeries("trained with GIoU", COLORS.giou, result.boxGIoU.history.epochMetrics),
        epochSeries("trained with MSE", COLORS.mse, result.boxMse.history.epochMetrics),
      ],
    },
    {
      title: "Pixel classifier loss",
      xLabel: "batch",
      series: [lossSeries("crossEntropy", COLORS.pixel, result.pixel.history.batchLosses)],
    },
    {
      title: "Test mIoU, ink vs background",
      xLabel: "epoch",
      integerX: true,
      series: [
        epochSeries("pixel classifier", COLORS.pixel, result.pixel.history.epochMetrics),
        baseline("threshold 0.5", result.pixel.thresholdMIoU, result.pixel.history.epochMetrics.length),
      ],
    },
  ];

  const title = `@zae/loss on MNIST: ${result.trainSize} training and ${result.testSize} test digits`;
  return renderSvgChart(title, panels, { columns: 4 });
}

/**
 * Averages `values` over consecutive buckets so that at most `maxPoints`
 * points remain, each placed at the bucket's last 1-based index.
 */
export function averageInBuckets(values: readonly number[], maxPoints: number): [number, number][] {
  const bucket = Math.max(1, Math.ceil(values.length / maxPoints));
  const points: [number, number][] = [];
  for (let start = 0; start < values.length; start += bucket) {
    const end = Math.min(start + bucket, values.length);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    points.push([end, sum / (end - start)]);
  }
  return points;
}
