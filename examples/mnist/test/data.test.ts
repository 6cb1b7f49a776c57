import { createRequire } from "node:module";
import { createRng } from "@zae/tensor-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { inkBox, inkBoxes } from "../src/ink-box.js";
import { CLASS_COUNT, IMAGE_SIZE, loadDigits, shuffledIndices, splitDigits, type DigitSet } from "../src/mnist-data.js";
import { addGaussianNoise, inkMasks, neighbourhoodFeatures } from "../src/train-pixel-classifier.js";

describe("loadDigits", () => {
  let digits: DigitSet;
  beforeAll(() => {
    digits = loadDigits();
  });

  it("loads the 10,000 digits of the mnist package", () => {
    expect(digits.count).toBe(10_000);
    expect(digits.images).toHaveLength(10_000 * IMAGE_SIZE);
    expect(digits.labels).toHaveLength(10_000);
  });

  it("labels each class with the package's count", () => {
    const packageDigits = createRequire(import.meta.url)("mnist") as { length: number }[];
    const counts = new Array<number>(CLASS_COUNT).fill(0);
    for (const label of digits.labels) counts[label]++;
    expect(counts).toEqual(packageDigits.slice(0, CLASS_COUNT).map((d) => d.length));
  });

  it("keeps pixels in [0, 1]", () => {
    let min = Infinity;
    let max = -Infinity;
    for (const value of digits.images) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });

  it("splits deterministically into disjoint sets", () => {
    const first = splitDigits(digits, 300, 200, createRng(3));
    const second = splitDigits(digits, 300, 200, createRng(3));
    expect(first.train.images).toEqual(second.train.images);
    expect(first.test.labels).toEqual(second.test.labels);

    const order = shuffledIndices(digits.count, createRng(3));
    const testRows = new Set(order.subarray(0, 200));
    expect(order.subarray(200, 500).some((row) => testRows.has(row))).toBe(false);
    expect(first.test.images.subarray(0, IMAGE_SIZE)).toEqual(digits.images.subarray(order[0] * IMAGE_SIZE, (order[0] + 1) * IMAGE_SIZE));
  });

  it("rejects invalid split sizes", () => {
    const rng = createRng(1);
    expect(() => splitDigits(digits, 0, 10, rng)).toThrow(/trainSize must be a positive integer, received 0/);
    expect(() => splitDigits(digits, 10, 2.5, rng)).toThrow(/testSize must be a positive integer, received 2.5/);
    expect(() => splitDigits(digits, 9000, 1001, rng)).toThrow(/at most 10000/);
  });
});

describe("shuffledIndices", () => {
  it("returns a permutation", () => {
    const order = shuffledIndices(1000, createRng(9));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe("inkBox", () => {
  it("boxes a single ink pixel by its edges", () => {
    const image = new Float64Array(IMAGE_SIZE);
    image[5 * 28 + 3] = 0.8;
    expect(inkBox(image)).toEqual([3 / 28, 5 / 28, 4 / 28, 6 / 28]);
  });

  it("ignores pixels below the threshold", () => {
    const image = new Float64Array(IMAGE_SIZE);
    image[0] = 0.49;
    image[10 * 28 + 12] = 0.5;
    image[20 * 28 + 14] = 1;
    expect(inkBox(image)).toEqual([12 / 28, 10 / 28, 15 / 28, 21 / 28]);
  });

  it("boxes a full image as the unit square", () => {
    expect(inkBox(new Float64Array(IMAGE_SIZE).fill(1))).toEqual([0, 0, 1, 1]);
  });

  it("rejects an image without ink", () => {
    expect(() => inkBox(new Float64Array(IMAGE_SIZE).fill(0.2))).toThrow(/no pixel at or above the ink threshold 0.5/);
  });

  it("rejects an image of the wrong size", () => {
    expect(() => inkBox(new Float64Array(100))).toThrow(/must have 784 pixels \(28 × 28\), received 100/);
  });

  it("boxes every image of a matrix", () => {
    const images = new Float64Array(2 * IMAGE_SIZE);
    images[0] = 1;
    images[IMAGE_SIZE + IMAGE_SIZE - 1] = 1;
    expect(Array.from(inkBoxes(images, 2))).toEqual([0, 0, 1 / 28, 1 / 28, 27 / 28, 27 / 28, 1, 1]);
  });
});

describe("pixel classifier inputs", () => {
  it("reads 3 × 3 neighbourhoods with zeros outside", () => {
    const image = Float64Array.from({ length: IMAGE_SIZE }, (_, i) => i);
    const features = neighbourhoodFeatures(image, 1);
    expect(features).toHaveLength(IMAGE_SIZE * 9);
    // The features of pixel (row 1, column 1) come from rows 0 to 2 and columns 0 to 2.
    expect(Array.from(features.subarray(29 * 9, 30 * 9))).toEqual([0, 1, 2, 28, 29, 30, 56, 57, 58]);
    // The top-left corner pixel has only 4 neighbours inside the image.
    expect(Array.from(features.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, 1, 0, 28, 29]);
  });

  it("masks ink at the threshold", () => {
    const image = new Float64Array(IMAGE_SIZE);
    image[1] = 0.5;
    image[2] = 0.4999;
    const mask = inkMasks(image, 1);
    expect(mask[1]).toBe(1);
    expect(mask[2]).toBe(0);
  });

  it("adds zero-mean noise of the requested spread", () => {
    const clean = new Float64Array(40_001).fill(0.25);
    const noisy = addGaussianNoise(clean, 0.4, createRng(5));
    const deviations = Array.from(noisy, (value) => value - 0.25);
    const mean = deviations.reduce((a, b) => a + b) / deviations.length;
    const spread = Math.sqrt(deviations.reduce((a, b) => a + b * b, 0) / deviations.length);
    // With 40,001 samples the standard error of the mean is 0.4 / 200 = 0.002.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(spread - 0.4)).toBeLessThan(0.01);
    expect(clean.every((value) => value === 0.25)).toBe(true);
    expect(Number.isFinite(noisy[40_000])).toBe(true);
  });
});
