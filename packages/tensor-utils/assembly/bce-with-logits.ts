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

// Every constant of the loop, twice (once per lane), read with v128.load. V8
// (Node 20) builds each v128.const from general-purpose registers with three
// instructions per use, while a load from this table folds into the
// arithmetic instruction that uses it.
const CONSTANTS = memory.data<f64>([
  MAX_EXPONENT_ARGUMENT, MAX_EXPONENT_ARGUMENT,
  -LOG2E, -LOG2E,
  ROUNDING_SHIFTER, ROUNDING_SHIFTER,
  LN2_HI, LN2_HI,
  LN2_LO, LN2_LO,
  1.0, 1.0,
  1.0 / 2.0, 1.0 / 2.0,
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  SQRT2_MINUS_1, SQRT2_MINUS_1,
  3.0, 3.0,
  2.0, 2.0,
  1.0 / 3.0, 1.0 / 3.0,
  1.0 / 5.0, 1.0 / 5.0,
  1.0 / 7.0, 1.0 / 7.0,
  1.0 / 9.0, 1.0 / 9.0,
  1.0 / 11.0, 1.0 / 11.0,
  1.0 / 13.0, 1.0 / 13.0,
  1.0 / 15.0, 1.0 / 15.0,
  1.0 / 17.0, 1.0 / 17.0,
  LN2, LN2,
  0.0, 0.0,
]);

// Indices into CONSTANTS: INV_FACTn is 1/n! and INVn is 1/n.
const MAX_ARGUMENT = 0;
const MINUS_LOG2E = 1;
const SHIFTER = 2;
const LN2_HIGH = 3;
const LN2_LOW = 4;
const ONE = 5;
const INV_FACT2 = 6;
const INV_FACT3 = 7;
const INV_FACT4 = 8;
const INV_FACT5 = 9;
const INV_FACT6 = 10;
const INV_FACT7 = 11;
const INV_FACT8 = 12;
const INV_FACT9 = 13;
const INV_FACT10 = 14;
const INV_FACT11 = 15;
const UPPER_BOUND = 16;
const THREE = 17;
const TWO = 18;
const INV3 = 19;
const INV5 = 20;
const INV7 = 21;
const INV9 = 22;
const INV11 = 23;
const INV13 = 24;
const INV15 = 25;
const INV17 = 26;
const LOG2 = 27;
const ZERO = 28;

// @ts-ignore: decorator
@inline
function constant(index: i32): v128 {
  return v128.load(CONSTANTS + ((<usize>index) << 4));
}

// @ts-ignore: decorator
@inline
function linear(c0: i32, c1: i32, x: v128): v128 {
  return f64x2.add(constant(c0), f64x2.mul(constant(c1), x));
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
  const clamped = f64x2.pmin(a, constant(MAX_ARGUMENT));
  const shifted = f64x2.add(f64x2.mul(clamped, constant(MINUS_LOG2E)), constant(SHIFTER));
  const n = f64x2.sub(shifted, constant(SHIFTER));
  const r = f64x2.sub(f64x2.sub(f64x2.neg(clamped), f64x2.mul(n, constant(LN2_HIGH))), f64x2.mul(n, constant(LN2_LOW)));

  // sum r^i / i! for i = 0..11 as ((q0 + q1 r²) + (q2 + q3 r²) r⁴) + (q4 + q5 r²) r⁸.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = linear(ONE, ONE, r);
  const q1 = linear(INV_FACT2, INV_FACT3, r);
  const q2 = linear(INV_FACT4, INV_FACT5, r);
  const q3 = linear(INV_FACT6, INV_FACT7, r);
  const q4 = linear(INV_FACT8, INV_FACT9, r);
  const q5 = linear(INV_FACT10, INV_FACT11, r);
  const low = f64x2.add(f64x2.add(q0, f64x2.mul(q1, r2)), f64x2.mul(f64x2.add(q2, f64x2.mul(q3, r2)), r4));
  const p = f64x2.add(low, f64x2.mul(f64x2.add(q4, f64x2.mul(q5, r2)), r8));

  // n is in [-1021, 0]: shifting its low bits into the exponent field and
  // adding the bias 1023 << 52 (the bit pattern of 1.0) gives 2^n.
  const scale = i64x2.add(i64x2.shl(shifted, 52), constant(ONE));
  const inRange = f64x2.lt(a, constant(MAX_ARGUMENT));
  return v128.and(f64x2.mul(p, scale), inRange);
}

/**
 * log1p(t) for t in [0, 1] in both lanes, as 2·atanh(w) with w = t / (2 + t);
 * above sqrt(2) - 1 it uses log1p(t) = ln 2 + 2·atanh((t - 1) / (t + 3)), so
 * |w| <= 0.1716 and the odd series to w^17 is accurate to 1e-15 relative.
 */
// @ts-ignore: decorator
@inline
function log1pUnit(t: v128): v128 {
  const upper = f64x2.gt(t, constant(UPPER_BOUND));
  const numerator = v128.bitselect(f64x2.sub(t, constant(ONE)), t, upper);
  const denominator = f64x2.add(t, v128.bitselect(constant(THREE), constant(TWO), upper));
  const w = f64x2.div(numerator, denominator);

  // series(u) = 1/3 + u/5 + u²/7 + ... + u^7/17 with u = w², by Estrin's scheme.
  // The next term, u^8/19 < 3e-14, changes log1p by less than 1e-15 relative.
  const u = f64x2.mul(w, w);
  const u2 = f64x2.mul(u, u);
  const u4 = f64x2.mul(u2, u2);
  const first = f64x2.add(linear(INV3, INV5, u), f64x2.mul(linear(INV7, INV9, u), u2));
  const second = f64x2.add(linear(INV11, INV13, u), f64x2.mul(linear(INV15, INV17, u), u2));
  const series = f64x2.add(first, f64x2.mul(second, u4));

  // 2·atanh(w) = 2w + 2w·u·series(u); the small correction is added last.
  const twoW = f64x2.add(w, w);
  const atanh2 = f64x2.add(twoW, f64x2.mul(f64x2.mul(twoW, u), series));
  return f64x2.add(atanh2, v128.and(upper, constant(LOG2)));
}

/** max(x, 0) - x·y + log1p(exp(-|x|)) in both lanes. */
// @ts-ignore: decorator
@inline
function bceTerm(x: v128, y: v128): v128 {
  const softplusTail = log1pUnit(expNegative(f64x2.abs(x)));
  return f64x2.add(f64x2.sub(f64x2.pmax(x, constant(ZERO)), f64x2.mul(x, y)), softplusTail);
}

// Whether every target of the last bceWithLogitsSum call was in [0, 1].
let lastTargetsValid: bool = true;

/** Returns 1 when every target of the last bceWithLogitsSum call was in [0, 1] (not NaN), else 0. */
export function targetsValid(): i32 {
  return lastTargetsValid ? 1 : 0;
}

/** All-ones lanes where 0 <= y <= 1; NaN fails both comparisons. */
// @ts-ignore: decorator
@inline
function unitInterval(y: v128): v128 {
  return v128.and(f64x2.ge(y, constant(ZERO)), f64x2.le(y, constant(ONE)));
}

/**
 * Sum of the loss terms of `n` logits at `x` and targets at `y`, both float32
 * when `float32` is true, else both float64. The two element types have
 * separate loops so that no branch sits inside either. Also records, for
 * targetsValid, whether every target lies in [0, 1].
 */
export function bceWithLogitsSum(x: usize, y: usize, n: i32, float32: bool): f64 {
  let acc = f64x2.splat(0);
  let valid = i64x2.splat(-1);
  const pairs = n & ~1;
  if (float32) {
    const end = (<usize>pairs) << 2;
    for (let offset: usize = 0; offset < end; offset += 8) {
      const logits = f64x2.promote_low_f32x4(v128.load64_zero(x + offset));
      const targets = f64x2.promote_low_f32x4(v128.load64_zero(y + offset));
      acc = f64x2.add(acc, bceTerm(logits, targets));
      valid = v128.and(valid, unitInterval(targets));
    }
  } else {
    const end = (<usize>pairs) << 3;
    for (let offset: usize = 0; offset < end; offset += 16) {
      const targets = v128.load(y + offset);
      acc = f64x2.add(acc, bceTerm(v128.load(x + offset), targets));
      valid = v128.and(valid, unitInterval(targets));
    }
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);

  // The last element of an odd count goes through both lanes; lane 0 is kept.
  if (pairs < n) {
    const logit = float32 ? <f64>load<f32>(x + ((<usize>pairs) << 2)) : load<f64>(x + ((<usize>pairs) << 3));
    const target = f64x2.splat(float32 ? <f64>load<f32>(y + ((<usize>pairs) << 2)) : load<f64>(y + ((<usize>pairs) << 3)));
    sum += f64x2.extract_lane(bceTerm(f64x2.splat(logit), target), 0);
    valid = v128.and(valid, unitInterval(target));
  }
  lastTargetsValid = i64x2.all_true(valid);
  return sum;
}
