/**
 * Scratch buffers reused across calls of one {@link ArcFaceLoss}, so a
 * training loop allocates the large `[batch, classes]` matrices once. Each
 * buffer grows when a larger batch arrives and is handed out as a view of
 * exactly the requested length. Views are overwritten by the next call.
 */
export class ArcFaceWorkspace {
  private matrixBuffer = new Float64Array(0);
  private transposedBuffer = new Float64Array(0);
  private unitFeaturesBuffer = new Float64Array(0);
  private gradUnitFeaturesBuffer = new Float64Array(0);

  /** The `[batch, classes]` matrix: cosines, then logits, then gradients, in place. */
  matrix(length: number): Float64Array {
    if (this.matrixBuffer.length < length) this.matrixBuffer = new Float64Array(length);
    return this.matrixBuffer.subarray(0, length);
  }

  /** The `[classes, batch]` transpose of the cosine gradient. */
  transposed(length: number): Float64Array {
    if (this.transposedBuffer.length < length) this.transposedBuffer = new Float64Array(length);
    return this.transposedBuffer.subarray(0, length);
  }

  /** The L2-normalised feature rows, `[batch, inFeatures]`. */
  unitFeatures(length: number): Float64Array {
    if (this.unitFeaturesBuffer.length < length) this.unitFeaturesBuffer = new Float64Array(length);
    return this.unitFeaturesBuffer.subarray(0, length);
  }

  /** The gradient with respect to the normalised feature rows, `[batch, inFeatures]`. */
  gradUnitFeatures(length: number): Float64Array {
    if (this.gradUnitFeaturesBuffer.length < length) this.gradUnitFeaturesBuffer = new Float64Array(length);
    return this.gradUnitFeaturesBuffer.subarray(0, length);
  }
}
