/**
 * Estimates the gradient of a scalar function `f` at `x` by central
 * differences in float64: (f(x + h eᵢ) - f(x - h eᵢ)) / 2h with
 * h = step · max(1, |xᵢ|). `x` is copied, never mutated.
 */
export function finiteDifferenceGrad(f: (x: Float64Array) => number, x: ArrayLike<number>, step = 1e-6): Float64Array {
  const point = Float64Array.from(x);
  const grad = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const original = point[i];
    const h = step * Math.max(1, Math.abs(original));
    point[i] = original + h;
    const up = f(point);
    point[i] = original - h;
    const down = f(point);
    point[i] = original;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
