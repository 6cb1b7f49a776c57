// AssemblyScript source of the WebAssembly SIMD kernel behind
// labelPairCounts: a joint histogram of (prediction, target) int32 label
// pairs already copied into linear memory. Compiled by scripts/build-wasm.mjs.

/** Returns the first 16-byte aligned address after the module's own data. */
export function scratchBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

/**
 * Adds the `n` pairs at `p` and `t` to the int32 histogram at `counts`
 * ([numClasses, numClasses], row = prediction, column = target) and returns
 * 0, or returns 1 when a label is outside [0, numClasses), in which case
 * `counts` is left partly updated. `scratch` contains four interleaved
 * partial histograms of (numClasses + 1)² int32 (zeroed here), so that
 * consecutive increments of one bin do not wait for each other.
 */
export function labelPairCounts(p: usize, t: usize, n: i32, numClasses: i32, counts: usize, scratch: usize): i32 {
  // Labels are clamped to numClasses (unsigned, so negative labels too) and
  // counted in an extra row and column: the pass stays in bounds, and any
  // count there reveals an invalid label without a separate check.
  const side = numClasses + 1;
  const bins = side * side;
  const stride = (<usize>bins) << 2;
  memory.fill(scratch, 0, stride << 2);
  const limit = i32x4.splat(numClasses);
  const sides = i32x4.splat(side);
  const quads = n & ~3;
  const end = (<usize>quads) << 2;

  // Eight labels per iteration: two vectors of bins, each lane into its own histogram.
  const h1 = scratch + stride;
  const h2 = scratch + 2 * stride;
  const h3 = scratch + 3 * stride;
  let offset: usize = 0;
  for (; offset + 32 <= end; offset += 32) {
    const bin = binsOf(v128.load(p + offset), v128.load(t + offset), limit, sides);
    const bin2 = binsOf(v128.load(p + offset, 16), v128.load(t + offset, 16), limit, sides);
    increment(scratch, i32x4.extract_lane(bin, 0));
    increment(h1, i32x4.extract_lane(bin, 1));
    increment(h2, i32x4.extract_lane(bin, 2));
    increment(h3, i32x4.extract_lane(bin, 3));
    increment(scratch, i32x4.extract_lane(bin2, 0));
    increment(h1, i32x4.extract_lane(bin2, 1));
    increment(h2, i32x4.extract_lane(bin2, 2));
    increment(h3, i32x4.extract_lane(bin2, 3));
  }
  for (; offset < end; offset += 16) {
    const bin = binsOf(v128.load(p + offset), v128.load(t + offset), limit, sides);
    increment(scratch, i32x4.extract_lane(bin, 0));
    increment(h1, i32x4.extract_lane(bin, 1));
    increment(h2, i32x4.extract_lane(bin, 2));
    increment(h3, i32x4.extract_lane(bin, 3));
  }
  for (let i = quads; i < n; i++) {
    const index = (<usize>i) << 2;
    const a = min(load<u32>(p + index), <u32>numClasses);
    const b = min(load<u32>(t + index), <u32>numClasses);
    increment(scratch, <i32>(a * <u32>side + b));
  }

  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const offsetIn = (<usize>(row * side + column)) << 2;
      const total = load<i32>(scratch + offsetIn) + load<i32>(h1 + offsetIn) + load<i32>(h2 + offsetIn) + load<i32>(h3 + offsetIn);
      if (row == numClasses || column == numClasses) {
        if (total != 0) return 1;
        continue;
      }
      const offsetOut = (<usize>(row * numClasses + column)) << 2;
      store<i32>(counts + offsetOut, load<i32>(counts + offsetOut) + total);
    }
  }
  return 0;
}

/** Bins p · (numClasses + 1) + t of four pairs, with labels clamped to numClasses. */
// @ts-ignore: decorator
@inline
function binsOf(p: v128, t: v128, limit: v128, sides: v128): v128 {
  return i32x4.add(i32x4.mul(i32x4.min_u(p, limit), sides), i32x4.min_u(t, limit));
}

// @ts-ignore: decorator
@inline
function increment(histogram: usize, bin: i32): void {
  const address = histogram + ((<usize>bin) << 2);
  store<i32>(address, load<i32>(address) + 1);
}
