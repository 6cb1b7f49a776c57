import { expect } from "vitest";

/** Returns |actual - expected| / max(|expected|, tiny), treating equal infinities and NaN pairs as exact. */
export function relativeError(actual: number, expected: number, tiny = 1e-300): number {
  if (Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected))) return 0;
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), tiny);
}

/**
 * Asserts that every element of `actual` is within `rtol` relative error of
 * `expected`, or within `atol` absolute error (for entries near zero). `atol`
 * may also be an array with one bound per element, for references whose
 * rounding error depends on the element. The failure message names the first
 * bad index and both values.
 */
export function expectAllClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  rtol: number,
  atol: number | ArrayLike<number> = 0,
  label = "value",
): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual);
  const e = typeof expected === "number" ? [expected] : Array.from(expected);
  expect(a.length, `${label}: length`).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const bound = typeof atol === "number" ? atol : atol[i];
    const ok = relativeError(a[i], e[i]) <= rtol || Math.abs(a[i] - e[i]) <= bound;
    if (!ok) {
      expect.fail(`${label}[${i}]: got ${a[i]}, expected ${e[i]} (rtol ${rtol}, atol ${bound})`);
    }
  }
}
