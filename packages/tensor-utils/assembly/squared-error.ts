// AssemblyScript source of the WebAssembly SIMD kernel behind
// squaredErrorSum: the sum of (p - t)² over float32 or float64 arrays already
// copied into linear memory, in float64. The difference of two float32 values
// is exact in float64, so only the squares and the sums round. Compiled by
// scripts/build-wasm.mjs.

/** Returns the first 16-byte aligned address after the module's own data. */
export function scratchBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

/**
 * Sum of (p[i] - t[i])² for `n` elements at `t` and `p`, both float32 when
 * `float32` is true, else both float64. Four float64 lanes in two vectors
 * keep two independent addition chains.
 */
export function squaredErrorSum(t: usize, p: usize, n: i32, float32: bool): f64 {
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  const quads = n & ~3;
  if (float32) {
    // Widening 64-bit loads compile to one cvtps2pd with a memory operand,
    // fewer instructions than a 128-bit load, a shuffle and two conversions.
    const end = (<usize>quads) << 2;
    for (let offset: usize = 0; offset < end; offset += 16) {
      const d0 = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p + offset)), f64x2.promote_low_f32x4(v128.load64_zero(t + offset)));
      const d1 = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(p + offset, 8)), f64x2.promote_low_f32x4(v128.load64_zero(t + offset, 8)));
      low = f64x2.add(low, f64x2.mul(d0, d0));
      high = f64x2.add(high, f64x2.mul(d1, d1));
    }
  } else {
    const end = (<usize>quads) << 3;
    for (let offset: usize = 0; offset < end; offset += 32) {
      const d0 = f64x2.sub(v128.load(p + offset), v128.load(t + offset));
      const d1 = f64x2.sub(v128.load(p + offset, 16), v128.load(t + offset, 16));
      low = f64x2.add(low, f64x2.mul(d0, d0));
      high = f64x2.add(high, f64x2.mul(d1, d1));
    }
  }
  const sum = f64x2.add(low, high);
  let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);

  for (let i = quads; i < n; i++) {
    const d = float32
      ? <f64>load<f32>(p + ((<usize>i) << 2)) - <f64>load<f32>(t + ((<usize>i) << 2))
      : load<f64>(p + ((<usize>i) << 3)) - load<f64>(t + ((<usize>i) << 3));
    total += d * d;
  }
  return total;
}
