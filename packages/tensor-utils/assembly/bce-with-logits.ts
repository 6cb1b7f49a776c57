// AssemblyScript source of the WebAssembly SIMD kernel behind
// bceWithLogitsSum: the sum over elements of the binary cross-entropy with
// logits, max(x, 0) - x·y + log1p(exp(-|x|)), in float64 lanes. Inputs are
// float32 or float64 arrays already copied into linear memory. Compiled by
// scripts/build-wasm.mjs.
//
// Polynomials are evaluated with Estrin's scheme rather than Horner's: the
// dependency chain is a few operations long instead of one multiply-add per
// coefficient, which lets the CPU overlap consecutive elements.

/** Returns the first 16-byte aligned address after the module's own data. */
export function scratchBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

// ln 2 split so that n·LN2_HI is exact for |n| < 2^11 (fdlibm's constants).
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LN2: f64 = 0.6931471805599453;
const LOG2E: f64 = 1.4426950408889634;
const SQRT2_MINUS_1: f64 = 0.41421356237309503;
// 1.5·2^52: adding it to |v| < 2^51 rounds v to an integer kept in the low mantissa bits.
const ROUNDING_SHIFTER: f64 = 6755399441055744.0;
const MAX_EXPONENT_ARGUMENT: f64 = 708.0;

// @ts-ignore: decorator
@inline
function splat(value: f64): v128 {
  return f64x2.splat(value);
}

// @ts-ignore: decorator
@inline
function linear(c0: f64, c1: f64, x: v128): v128 {
  return f64x2.add(splat(c0), f64x2.mul(splat(c1), x));
}

/**
 * exp(-a) for a >= 0 in both lanes. The argument is reduced to
 * r = -a - n·ln 2 with |r| <= ln2 / 2, exp(r) comes from its Taylor series to
 * degree 11 (truncation error below 7e-15 relative), and 2^n is built from
 * exponent bits. Above a = 708 the result would leave the normal range, so it
 * is returned as 0: the true value is below 3.4e-308.
 */
// @ts-ignore: decorator
@inline
function expNegative(a: v128): v128 {
  const clamped = f64x2.pmin(a, splat(MAX_EXPONENT_ARGUMENT));
  const shifted = f64x2.add(f64x2.mul(clamped, splat(-LOG2E)), splat(ROUNDING_SHIFTER));
  const n = f64x2.sub(shifted, splat(ROUNDING_SHIFTER));
  const r = f64x2.sub(f64x2.sub(f64x2.neg(clamped), f64x2.mul(n, splat(LN2_HI))), f64x2.mul(n, splat(LN2_LO)));

  // sum r^i / i! for i = 0..11 as ((q0 + q1 r²) + (q2 + q3 r²) r⁴) + (q4 + q5 r²) r⁸.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = linear(1.0, 1.0, r);
  const q1 = linear(1.0 / 2.0, 1.0 / 6.0, r);
  const q2 = linear(1.0 / 24.0, 1.0 / 120.0, r);
  const q3 = linear(1.0 / 720.0, 1.0 / 5040.0, r);
  const q4 = linear(1.0 / 40320.0, 1.0 / 362880.0, r);
  const q5 = linear(1.0 / 3628800.0, 1.0 / 39916800.0, r);
  const low = f64x2.add(f64x2.add(q0, f64x2.mul(q1, r2)), f64x2.mul(f64x2.add(q2, f64x2.mul(q3, r2)), r4));
  const p = f64x2.add(low, f64x2.mul(f64x2.add(q4, f64x2.mul(q5, r2)), r8));

  // n is in [-1021, 0]: shifting its low bits into the exponent field and
  // adding the bias 1023 << 52 (the bit pattern of 1.0) gives 2^n.
  const scale = i64x2.add(i64x2.shl(shifted, 52), splat(1.0));
  const inRange = f64x2.lt(a, splat(MAX_EXPONENT_ARGUMENT));
  return v128.and(f64x2.mul(p, scale), inRange);
}

/**
 * log1p(t) for t in [0, 1] in both lanes, as 2·atanh(w) with w = t / (2 + t);
 * above sqrt(2) - 1 it uses log1p(t) = ln 2 + 2·atanh((t - 1) / (t + 3)), so
 * |w| <= 0.1716 and the odd series to w^19 is accurate to 1e-15 relative.
 */
// @ts-ignore: decorator
@inline
function log1pUnit(t: v128): v128 {
  const upper = f64x2.gt(t, splat(SQRT2_MINUS_1));
  const numerator = v128.bitselect(f64x2.sub(t, splat(1.0)), t, upper);
  const denominator = f64x2.add(t, v128.bitselect(splat(3.0), splat(2.0), upper));
  const w = f64x2.div(numerator, denominator);

  // series(u) = 1/3 + u/5 + u²/7 + ... + u^8/19 with u = w², by Estrin's scheme.
  const u = f64x2.mul(w, w);
  const u2 = f64x2.mul(u, u);
  const u4 = f64x2.mul(u2, u2);
  const u8 = f64x2.mul(u4, u4);
  const first = f64x2.add(linear(1.0 / 3.0, 1.0 / 5.0, u), f64x2.mul(linear(1.0 / 7.0, 1.0 / 9.0, u), u2));
  const second = f64x2.add(linear(1.0 / 11.0, 1.0 / 13.0, u), f64x2.mul(linear(1.0 / 15.0, 1.0 / 17.0, u), u2));
  const series = f64x2.add(f64x2.add(first, f64x2.mul(second, u4)), f64x2.mul(splat(1.0 / 19.0), u8));

  // 2·atanh(w) = 2w + 2w·u·series(u); the small correction is added last.
  const twoW = f64x2.add(w, w);
  const atanh2 = f64x2.add(twoW, f64x2.mul(f64x2.mul(twoW, u), series));
  return f64x2.add(atanh2, v128.and(upper, splat(LN2)));
}

/** max(x, 0) - x·y + log1p(exp(-|x|)) in both lanes. */
// @ts-ignore: decorator
@inline
function bceTerm(x: v128, y: v128): v128 {
  const softplusTail = log1pUnit(expNegative(f64x2.abs(x)));
  return f64x2.add(f64x2.sub(f64x2.pmax(x, splat(0)), f64x2.mul(x, y)), softplusTail);
}

/**
 * Sum of the loss terms of `n` logits at `x` and targets at `y`, both float32
 * when `float32` is true, else both float64.
 */
export function bceWithLogitsSum(x: usize, y: usize, n: i32, float32: bool): f64 {
  let acc = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    let logits: v128;
    let targets: v128;
    if (float32) {
      const offset = <usize>i << 2;
      logits = f64x2.promote_low_f32x4(v128.load64_zero(x + offset));
      targets = f64x2.promote_low_f32x4(v128.load64_zero(y + offset));
    } else {
      const offset = <usize>i << 3;
      logits = v128.load(x + offset);
      targets = v128.load(y + offset);
    }
    let term = bceTerm(logits, targets);
    // With n odd the last step reads one element past the end; its lane is dropped.
    if (i + 1 == n) term = v128.and(term, i64x2(-1, 0));
    acc = f64x2.add(acc, term);
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}
