import { createRng } from "@zae/tensor-utils";

/**
 * Seeded float32 and int32 inputs shared by every engine. One generator
 * (mulberry32 from @zae/tensor-utils) is created per workload from `seed`, so
 * a workload's inputs do not depend on which other workloads run.
 */
export function createInputs(seed) {
  const rng = createRng(seed);
  return {
    uniform(length, low, high) {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = low + (high - low) * rng.next();
      return out;
    },
    bernoulli(length, probability) {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = rng.next() < probability ? 1 : 0;
      return out;
    },
    integers(length, count) {
      const out = new Int32Array(length);
      for (let i = 0; i < length; i++) out[i] = Math.floor(rng.next() * count);
      return out;
    },
    /** Draws box pairs [n, 4] (x1, y1, x2, y2): the second box is the first one moved and resized, so most pairs overlap. */
    boxPairs(n) {
      const first = new Float32Array(4 * n);
      const second = new Float32Array(4 * n);
      for (let i = 0; i < n; i++) {
        const x = 100 * rng.next();
        const y = 100 * rng.next();
        const w = 1 + 49 * rng.next();
        const h = 1 + 49 * rng.next();
        first.set([x, y, x + w, y + h], 4 * i);
        const dx = 20 * (rng.next() - 0.5);
        const dy = 20 * (rng.next() - 0.5);
        const w2 = w * (0.5 + rng.next());
        const h2 = h * (0.5 + rng.next());
        second.set([x + dx, y + dy, x + dx + w2, y + dy + h2], 4 * i);
      }
      return { first, second };
    },
    /** Draws a label map and a prediction equal to it except for a `noise` fraction of the pixels. */
    labelMaps(length, numClasses, noise) {
      const target = new Int32Array(length);
      const prediction = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        target[i] = Math.floor(rng.next() * numClasses);
        prediction[i] = rng.next() < noise ? Math.floor(rng.next() * numClasses) : target[i];
      }
      return { target, prediction };
    },
  };
}
