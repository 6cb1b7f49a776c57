/** Returns the median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Returns the relative error of `actual` against the float64 `reference`:
 * |a - r| / |r| for scalars, and max |aᵢ - rᵢ| / max |rᵢ| for arrays, so one
 * number summarizes a whole output tensor. A length mismatch or a NaN gives
 * Infinity.
 */
export function relativeError(actual, reference) {
  if (typeof reference === "number") {
    const a = Number(actual);
    if (Number.isNaN(a)) return Infinity;
    return reference === 0 ? Math.abs(a) : Math.abs(a - reference) / Math.abs(reference);
  }
  if (actual === undefined || actual.length !== reference.length) return Infinity;
  let maxError = 0;
  let maxReference = 0;
  for (let i = 0; i < reference.length; i++) {
    const error = Math.abs(actual[i] - reference[i]);
    if (Number.isNaN(error)) return Infinity;
    if (error > maxError) maxError = error;
    const magnitude = Math.abs(reference[i]);
    if (magnitude > maxReference) maxReference = magnitude;
  }
  return maxReference === 0 ? maxError : maxError / maxReference;
}

/** Returns the largest relative error over matching parts of two multi-part outputs. */
export function relativeErrorOfParts(actualParts, referenceParts) {
  let worst = 0;
  for (let i = 0; i < referenceParts.length; i++) {
    worst = Math.max(worst, relativeError(actualParts?.[i], referenceParts[i]));
  }
  return worst;
}

/**
 * Times `run` after `warmup` untimed calls and returns the median of `runs`
 * timed calls in milliseconds, with the last output for the error check.
 */
export async function measure(run, { warmup, runs }) {
  let output;
  for (let i = 0; i < warmup; i++) output = await run();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    output = await run();
    times.push(performance.now() - start);
  }
  return { medianMs: median(times), output };
}
