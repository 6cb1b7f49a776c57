import { IMAGE_SIDE, IMAGE_SIZE } from "./mnist-data.js";

/** Pixel value at or above which a pixel counts as ink (values are in [0, 1]). */
export const INK_THRESHOLD = 0.5;

/**
 * Returns the bounding box `[x1, y1, x2, y2]` of the ink of one 28 × 28
 * image, in image widths (0 to 1) with pixel edges as bounds: a single ink
 * pixel at column 3, row 5 gives `[3/28, 5/28, 4/28, 6/28]`.
 *
 * @throws {RangeError} when the image does not have 784 pixels or has no ink.
 */
export function inkBox(image: ArrayLike<number>, threshold = INK_THRESHOLD): [number, number, number, number] {
  if (image.length !== IMAGE_SIZE) {
    throw new RangeError(`inkBox: image must have ${IMAGE_SIZE} pixels (28 × 28), received ${image.length}.`);
  }

  let minColumn = IMAGE_SIDE;
  let minRow = IMAGE_SIDE;
  let maxColumn = -1;
  let maxRow = -1;
  for (let row = 0; row < IMAGE_SIDE; row++) {
    for (let column = 0; column < IMAGE_SIDE; column++) {
      if (image[row * IMAGE_SIDE + column] < threshold) continue;
      if (column < minColumn) minColumn = column;
      if (column > maxColumn) maxColumn = column;
      if (row < minRow) minRow = row;
      if (row > maxRow) maxRow = row;
    }
  }
  if (maxRow < 0) {
    throw new RangeError(`inkBox: image has no pixel at or above the ink threshold ${threshold}.`);
  }

  return [minColumn / IMAGE_SIDE, minRow / IMAGE_SIDE, (maxColumn + 1) / IMAGE_SIDE, (maxRow + 1) / IMAGE_SIDE];
}

/** Returns the ink boxes of all `count` images of a `[count, 784]` matrix as a `[count, 4]` matrix. */
export function inkBoxes(images: Float64Array, count: number): Float64Array {
  const boxes = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    boxes.set(inkBox(images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE)), i * 4);
  }
  return boxes;
}
