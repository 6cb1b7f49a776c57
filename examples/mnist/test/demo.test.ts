import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUICK_OPTIONS, runCli } from "../src/cli.js";
import { runDemo, type DemoResult } from "../src/run-demo.js";

/** Collects what a stream receives. */
function captureStream(isTTY = false): { write(chunk: string): boolean; readonly isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  return {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(""),
  };
}

describe("runDemo at reduced size", () => {
  let outDir: string;
  let result: DemoResult;
  const progress = captureStream();

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "zae-mnist-demo-"));
    result = runDemo({ ...QUICK_OPTIONS, outDir, progress });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("uses the requested digit counts", () => {
    expect(result.trainSize).toBe(QUICK_OPTIONS.trainSize);
    expect(result.testSize).toBe(QUICK_OPTIONS.testSize);
  });

  it("learns an ArcFace embedding", () => {
    // Chance is 10 %; 2000 training digits and 3 epochs reach about 90 %.
    expect(result.arcFace.testAccuracy).toBeGreaterThan(0.85);
    expect(result.arcFace.history.epochMetrics).toHaveLength(QUICK_OPTIONS.embeddingEpochs);
  });

  it("learns the cross-entropy baseline", () => {
    expect(result.crossEntropy.testAccuracy).toBeGreaterThan(0.8);
  });

  it("separates ArcFace centres more than cross-entropy centres", () => {
    // Ten unit vectors spread as far apart as possible have a mean pairwise cosine of -1/9.
    expect(result.arcFace.meanOffDiagonalCosine).toBeGreaterThanOrEqual(-1 / 9 - 1e-9);
    expect(result.arcFace.meanOffDiagonalCosine).toBeLessThan(result.crossEntropy.meanOffDiagonalCosine);
  });

  it("lowers the ArcFace loss during training", () => {
    const losses = result.arcFace.history.batchLosses;
    const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(last).toBeLessThan(first / 2);
  });

  it("regresses ink boxes with both losses", () => {
    expect(result.boxGIoU.testMeanIoU).toBeGreaterThan(0.6);
    expect(result.boxMse.testMeanIoU).toBeGreaterThan(0.5);
    expect(result.boxGIoU.testMeanIoU).toBeLessThanOrEqual(1);
  });

  it("beats the threshold baseline on noisy pixels", () => {
    expect(result.pixel.testMIoU).toBeGreaterThan(result.pixel.thresholdMIoU);
    expect(result.pixel.inkIoU).toBeGreaterThan(0.5);
    expect(result.pixel.inkIoU).toBeLessThanOrEqual(1);
  });

  it("keeps every recorded loss finite", () => {
    const runs = [result.arcFace, result.crossEntropy, result.boxGIoU, result.boxMse, result.pixel];
    for (const run of runs) {
      expect(run.history.batchLosses.every(Number.isFinite)).toBe(true);
    }
  });

  it("writes an SVG chart with eight panels", () => {
    const svg = readFileSync(result.chartPath, "utf8");
    expect(result.chartPath).toBe(join(outDir, "mnist-demo.svg"));
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<g transform=/g)).toHaveLength(8);
    expect(svg).not.toContain("NaN");
  });

  it("shows one finished progress line per run", () => {
    const lines = progress.text().trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/\[#+\] 100% /);
  });

  it("repeats the same numbers with the same seed", () => {
    const again = runDemo({ ...QUICK_OPTIONS, trainSize: 300, testSize: 100, outDir, progress: null });
    const repeat = runDemo({ ...QUICK_OPTIONS, trainSize: 300, testSize: 100, outDir, progress: null });
    expect(repeat.arcFace.history.batchLosses).toEqual(again.arcFace.history.batchLosses);
    expect(repeat.boxGIoU.testMeanIoU).toBe(again.boxGIoU.testMeanIoU);
    expect(repeat.pixel.testMIoU).toBe(again.pixel.testMIoU);
  });
});

describe("runDemo options", () => {
  it("rejects an unknown option", () => {
    expect(() => runDemo({ epochs: 3 } as never)).toThrow(/unknown option "epochs"/);
  });

  it("rejects non-positive or fractional counts", () => {
    expect(() => runDemo({ trainSize: 0 })).toThrow(RangeError);
    expect(() => runDemo({ boxEpochs: 1.5 })).toThrow(/boxEpochs must be a positive integer, received 1.5/);
  });

  it("rejects more digits than available", () => {
    expect(() => runDemo({ trainSize: 9000, testSize: 2000 })).toThrow(/at most 10000/);
  });

  it("rejects a seed outside 32 bits", () => {
    expect(() => runDemo({ seed: -1 })).toThrow(RangeError);
    expect(() => runDemo({ seed: 2 ** 32 })).toThrow(RangeError);
    expect(() => runDemo({ seed: Number.NaN })).toThrow(RangeError);
  });

  it("rejects an empty output folder name", () => {
    expect(() => runDemo({ outDir: "" })).toThrow(TypeError);
  });
});

describe("runCli", () => {
  it("prints the usage for --help", () => {
    const stdout = captureStream();
    const stderr = captureStream();
    expect(runCli(["--help"], { stdout, stderr })).toBe(0);
    expect(stdout.text()).toContain("--quick");
    expect(stderr.text()).toBe("");
  });

  it("rejects an unknown flag with exit code 2", () => {
    const stdout = captureStream();
    const stderr = captureStream();
    expect(runCli(["--epochs", "3"], { stdout, stderr })).toBe(2);
    expect(stderr.text()).toContain("Usage: pnpm demo");
    expect(stdout.text()).toBe("");
  });

  it("rejects a seed that is not a number", () => {
    const stdout = captureStream();
    const stderr = captureStream();
    expect(runCli(["--seed", "abc"], { stdout, stderr })).toBe(2);
    expect(stderr.text()).toContain("seed must be an integer");
  });

  it("prints the table and chart path for --quick", () => {
    const outDir = mkdtempSync(join(tmpdir(), "zae-mnist-cli-"));
    try {
      const stdout = captureStream();
      const stderr = captureStream();
      expect(runCli(["--quick", "--seed", "5", "--out", outDir], { stdout, stderr })).toBe(0);
      const text = stdout.text();
      expect(text).toContain("| 1. Metric learning");
      expect(text).toMatch(/ArcFaceLoss \(s = 30, m = 0\.5\)\s+\| test accuracy, nearest class centre \| \d+\.\d %/);
      expect(text).toContain(`Chart: ${join(outDir, "mnist-demo.svg")}`);
      expect(stderr.text()).toContain("ArcFace embedding [");
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
