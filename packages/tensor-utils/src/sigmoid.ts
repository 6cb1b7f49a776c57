/**
 * Returns `1 / (1 + exp(-x))`, evaluated so that exp never overflows: for
 * x < 0 it uses e^x / (1 + e^x), which keeps sigmoid(-800) = 0 without an
 * intermediate Infinity and sigmoid(-40) ≈ 4.2e-18 to full precision.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
