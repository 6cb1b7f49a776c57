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
 * 0, or returns 1 without counting anything when a label is outside
 * [0, numClasses). `scratch` contains four interleaved partial histograms
 * (4 · numClasses² int32, zeroed here) so that consecutive increments of one
 * bin do not wait for each other.
 */
export function labelPairCounts(p: usize, t: usize, n: i32, numClasses: i32, counts: usize, scratch: usize): i32 {
  const quads = n & ~3;
  const end = (<usize>quads) << 2;

  // Validation first, so the counting loop needs no check: an unsigned
  // maximum also catches negative labels, which read as values >= 2^31.
  let largest = i32x4.splat(0);
  for (let offset: usize = 0; offset < end; offset += 16) {
    largest = i32x4.max_u(largest, i32x4.max_u(v128.load(p + offset), v128.load(t + offset)));
  }
  let largestLabel = max(
    max(<u32>i32x4.extract_lane(largest, 0), <u32>i32x4.extract_lane(largest, 1)),
    max(<u32>i32x4.extract_lane(largest, 2), <u32>i32x4.extract_lane(largest, 3)),
  );
  for (let i = quads; i < n; i++) {
    const offset = (<usize>i) << 2;
    largestLabel = max(largestLabel, max(load<u32>(p + offset), load<u32>(t + offset)));
  }
  if (largestLabel >= <u32>numClasses) return 1;

  const bins = numClasses * numClasses;
  const stride = (<usize>bins) << 2;
  memory.fill(scratch, 0, stride << 2);
  const classes = i32x4.splat(numClasses);
  // Eight labels per iteration: two vectors of bins, each lane into its own histogram.
  const h1 = scratch + stride;
  const h2 = scratch + 2 * stride;
  const h3 = scratch + 3 * stride;
  let offset: usize = 0;
  for (; offset + 32 <= end; offset += 32) {
    const bin = i32x4.add(i32x4.mul(v128.load(p + offset), classes), v128.load(t + offset));
    const bin2 = i32x4.add(i32x4.mul(v128.load(p + offset, 16), classes), v128.load(t + offset, 16));
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
    const bin = i32x4.add(i32x4.mul(v128.load(p + offset), classes), v128.load(t + offset));
    increment(scratch, i32x4.extract_lane(bin, 0));
    increment(h1, i32x4.extract_lane(bin, 1));
    increment(h2, i32x4.extract_lane(bin, 2));
    increment(h3, i32x4.extract_lane(bin, 3));
  }
  for (let i = quads; i < n; i++) {
    const offset = (<usize>i) << 2;
    increment(scratch, load<i32>(p + offset) * numClasses + load<i32>(t + offset));
  }

  for (let offset: usize = 0; offset < stride; offset += 4) {
    const partials = load<i32>(scratch + offset) + load<i32>(scratch + stride + offset);
    const more = load<i32>(scratch + 2 * stride + offset) + load<i32>(scratch + 3 * stride + offset);
    store<i32>(counts + offset, load<i32>(counts + offset) + partials + more);
  }
  return 0;
}

// @ts-ignore: decorator
@inline
function increment(histogram: usize, bin: i32): void {
  const address = histogram + ((<usize>bin) << 2);
  store<i32>(address, load<i32>(address) + 1);
}
