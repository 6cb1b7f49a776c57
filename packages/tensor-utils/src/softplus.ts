/**
 * Returns `log(1 + exp(x))` without overflow or loss of tiny values.
 *
 * For x > 0, log(1 + e^x) = x + log(1 + e^-x), so in general
 * softplus(x) = max(x, 0) + log1p(exp(-|x|)); exp never sees a positive
 * argument, and log1p keeps results like softplus(-40) ≈ 4.2e-18 exact.
 * softplus(-Infinity) = 0 and softplus(Infinity) = Infinity.
 */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
