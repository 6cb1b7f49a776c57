/** Lower clamp of the label-column cosine before `acos`, as in zae-engine's forward. */
export const COSINE_MIN = -1 + 1e-7;
/** Upper clamp of the label-column cosine before `acos`, as in zae-engine's forward. */
export const COSINE_MAX = 1 - 1e-7;

/**
 * The rule for the target cosine in the label column:
 * - `"plain"`: `cos(theta + m)` everywhere (zae-engine);
 * - `"easy"`: `cos(theta + m)` when `cos theta > 0`, else `cos theta`;
 * - `"fallback"`: `cos(theta + m)` when `cos theta > cos(pi - m)`, else
 *   `cos theta - m sin m`, the default of insightface's `arcface_torch`
 *   ArcFace loss.
 */
export type MarginVariant = "plain" | "easy" | "fallback";

/**
 * The additive angular margin applied to one label-column cosine, with its
 * derivative. `acos` and `cos` are evaluated once per batch row, never over
 * the whole `[batch, classes]` matrix.
 */
export class AngularMargin {
  private readonly margin: number;
  private readonly variant: MarginVariant;
  /** `cos(pi - m)`: below it, `theta + m` exceeds pi. */
  private readonly threshold: number;
  /** `m sin m`: the linear penalty of the fallback branch. */
  private readonly offset: number;

  constructor(margin: number, variant: MarginVariant) {
    this.margin = margin;
    this.variant = variant;
    this.threshold = Math.cos(Math.PI - margin);
    this.offset = margin * Math.sin(margin);
  }

  /** Returns the target cosine for a label-column cosine (unclamped, as the matrix product gives it). */
  target(cosine: number): number {
    if (this.usesIdentity(cosine)) return cosine;
    if (this.usesFallback(cosine)) return cosine - this.offset;
    return Math.cos(Math.acos(clampCosine(cosine)) + this.margin);
  }

  /**
   * Returns d target / d cosine. On the `cos(theta + m)` branch this is
   * `sin(theta + m) / sqrt(1 - c²)` with `c` the clamped cosine, and 0 when the
   * clamp is active, because PyTorch's clamp passes no gradient outside its
   * range (the range ends themselves pass it). The other branches are the
   * cosine itself or the cosine minus a constant, so their slope is 1.
   */
  slope(cosine: number): number {
    if (this.usesIdentity(cosine) || this.usesFallback(cosine)) return 1;
    if (!(cosine >= COSINE_MIN && cosine <= COSINE_MAX)) return 0;
    const theta = Math.acos(cosine);
    return Math.sin(theta + this.margin) / Math.sqrt(1 - cosine * cosine);
  }

  private usesIdentity(cosine: number): boolean {
    return this.variant === "easy" && !(cosine > 0);
  }

  private usesFallback(cosine: number): boolean {
    return this.variant === "fallback" && !(cosine > this.threshold);
  }
}

function clampCosine(cosine: number): number {
  return Math.min(Math.max(cosine, COSINE_MIN), COSINE_MAX);
}
