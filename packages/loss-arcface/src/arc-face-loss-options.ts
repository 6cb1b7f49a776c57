import type { TensorLike } from "@zae/tensor-utils";

/** Options of the {@link ArcFaceLoss} constructor. */
export interface ArcFaceLossOptions {
  /** The scale `s` applied to every cosine (default 30). Finite and positive. */
  readonly scale?: number;
  /** The additive angular margin `m` in radians (default 0.5). Finite, in `[0, pi)`. */
  readonly margin?: number;
  /**
   * Initial weight, `[outFeatures, inFeatures]`, copied. Finite values only.
   * Cannot be combined with `seed`.
   */
  readonly weight?: TensorLike;
  /**
   * Seed of the Xavier-uniform initialisation, an integer in `[0, 2^32)`
   * (default 0). The same seed gives the same weight in Node and browsers.
   */
  readonly seed?: number;
  /**
   * A label value whose rows get no margin and add nothing to the loss or its
   * gradients, as PyTorch's `ignore_index`. No label is ignored by default.
   */
  readonly ignoreIndex?: number;
  /** Keep the plain cosine at the label when `cos theta <= 0` (default false). */
  readonly easyMargin?: boolean;
  /**
   * Use `cos theta - m sin m` at the label when `cos theta <= cos(pi - m)`, the
   * insightface fallback (default false). Cannot be combined with `easyMargin`.
   */
  readonly marginFallback?: boolean;
}
