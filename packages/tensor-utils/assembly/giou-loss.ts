// AssemblyScript source of the WebAssembly SIMD kernel behind giouLossSum:
// the sum of 1 - GIoU over pairs of 2-D boxes (x1, y1, x2, y2), float32 or
// float64, already copied into linear memory. Two pairs per step, one per
// float64 lane. Compiled by scripts/build-wasm.mjs.

/** Returns the first 16-byte aligned address after the module's own data. */
export function scratchBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

// Results of the last call: the sum, and whether every box was valid.
let lastSum: f64 = 0;
let lastValid: bool = true;

/** Returns the sum computed by the last giouLossSum call. */
export function sum(): f64 {
  return lastSum;
}

/** Returns 1 when every box of the last call was valid, else 0. */
export function valid(): i32 {
  return lastValid ? 1 : 0;
}

/**
 * Sums 1 - GIoU over `n` pairs of boxes at `t` (targets) and `p`
 * (predictions), both float32 when `float32` is true, else float64, and
 * records whether every coordinate was finite with max >= min on both axes.
 * Per pair, with intersection I, union U = |P| + |T| - I and hull H:
 * loss = 1 - I/U + (H - U)/H, where a zero union gives IoU 1 for identical
 * boxes and 0 otherwise, and a zero hull adds no penalty.
 */
export function giouLossSum(t: usize, p: usize, n: i32, float32: bool): void {
  let acc = f64x2.splat(0);
  let ok = i64x2.splat(-1);
  const pairs = n & ~1;
  for (let i = 0; i < pairs; i += 2) {
    let tx1: v128, ty1: v128, tx2: v128, ty2: v128, px1: v128, py1: v128, px2: v128, py2: v128;
    if (float32) {
      const offset = (<usize>i) << 4;
      // Lanes of [x1a, y1a, x2a, y2a] and [x1b, y1b, x2b, y2b] regrouped as
      // [x1a, x1b, y1a, y1b] and [x2a, x2b, y2a, y2b], then widened per pair.
      const ta = v128.load(t + offset);
      const tb = v128.load(t + offset, 16);
      const pa = v128.load(p + offset);
      const pb = v128.load(p + offset, 16);
      const tLow = i32x4.shuffle(ta, tb, 0, 4, 1, 5);
      const tHigh = i32x4.shuffle(ta, tb, 2, 6, 3, 7);
      const pLow = i32x4.shuffle(pa, pb, 0, 4, 1, 5);
      const pHigh = i32x4.shuffle(pa, pb, 2, 6, 3, 7);
      tx1 = f64x2.promote_low_f32x4(tLow);
      ty1 = f64x2.promote_low_f32x4(i64x2.shuffle(tLow, tLow, 1, 0));
      tx2 = f64x2.promote_low_f32x4(tHigh);
      ty2 = f64x2.promote_low_f32x4(i64x2.shuffle(tHigh, tHigh, 1, 0));
      px1 = f64x2.promote_low_f32x4(pLow);
      py1 = f64x2.promote_low_f32x4(i64x2.shuffle(pLow, pLow, 1, 0));
      px2 = f64x2.promote_low_f32x4(pHigh);
      py2 = f64x2.promote_low_f32x4(i64x2.shuffle(pHigh, pHigh, 1, 0));
    } else {
      const offset = (<usize>i) << 5;
      tx1 = i64x2.shuffle(v128.load(t + offset), v128.load(t + offset, 32), 0, 2);
      ty1 = i64x2.shuffle(v128.load(t + offset), v128.load(t + offset, 32), 1, 3);
      tx2 = i64x2.shuffle(v128.load(t + offset, 16), v128.load(t + offset, 48), 0, 2);
      ty2 = i64x2.shuffle(v128.load(t + offset, 16), v128.load(t + offset, 48), 1, 3);
      px1 = i64x2.shuffle(v128.load(p + offset), v128.load(p + offset, 32), 0, 2);
      py1 = i64x2.shuffle(v128.load(p + offset), v128.load(p + offset, 32), 1, 3);
      px2 = i64x2.shuffle(v128.load(p + offset, 16), v128.load(p + offset, 48), 0, 2);
      py2 = i64x2.shuffle(v128.load(p + offset, 16), v128.load(p + offset, 48), 1, 3);
    }
    const both = pairLoss(tx1, ty1, tx2, ty2, px1, py1, px2, py2);
    acc = f64x2.add(acc, both);
    ok = v128.and(ok, validPairs(tx1, ty1, tx2, ty2, px1, py1, px2, py2));
  }
  let total = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);

  // An odd last pair is computed in lane 0 with the same formula.
  if (pairs < n) {
    const index = <usize>pairs << 2;
    const tx1 = f64x2.splat(coordinate(t, index, float32));
    const ty1 = f64x2.splat(coordinate(t, index + 1, float32));
    const tx2 = f64x2.splat(coordinate(t, index + 2, float32));
    const ty2 = f64x2.splat(coordinate(t, index + 3, float32));
    const px1 = f64x2.splat(coordinate(p, index, float32));
    const py1 = f64x2.splat(coordinate(p, index + 1, float32));
    const px2 = f64x2.splat(coordinate(p, index + 2, float32));
    const py2 = f64x2.splat(coordinate(p, index + 3, float32));
    total += f64x2.extract_lane(pairLoss(tx1, ty1, tx2, ty2, px1, py1, px2, py2), 0);
    ok = v128.and(ok, validPairs(tx1, ty1, tx2, ty2, px1, py1, px2, py2));
  }
  lastSum = total;
  lastValid = i64x2.all_true(ok);
}

// @ts-ignore: decorator
@inline
function coordinate(base: usize, index: usize, float32: bool): f64 {
  return float32 ? <f64>load<f32>(base + (index << 2)) : load<f64>(base + (index << 3));
}

/** All-ones lanes where both boxes have finite coordinates and max >= min on both axes. */
// @ts-ignore: decorator
@inline
function validPairs(tx1: v128, ty1: v128, tx2: v128, ty2: v128, px1: v128, py1: v128, px2: v128, py2: v128): v128 {
  const ordered = v128.and(
    v128.and(f64x2.ge(tx2, tx1), f64x2.ge(ty2, ty1)),
    v128.and(f64x2.ge(px2, px1), f64x2.ge(py2, py1)),
  );
  // x - x is 0 for finite x and NaN for ±Infinity and NaN; a sum of such terms is 0 only when all are.
  const spread = f64x2.add(
    f64x2.add(f64x2.sub(tx1, tx1), f64x2.sub(ty1, ty1)),
    f64x2.add(f64x2.sub(tx2, tx2), f64x2.sub(ty2, ty2)),
  );
  const spread2 = f64x2.add(
    f64x2.add(f64x2.sub(px1, px1), f64x2.sub(py1, py1)),
    f64x2.add(f64x2.sub(px2, px2), f64x2.sub(py2, py2)),
  );
  return v128.and(ordered, f64x2.eq(f64x2.add(spread, spread2), f64x2.splat(0)));
}

/** 1 - GIoU of the two pairs in the lanes, as documented on giouLossSum. */
// @ts-ignore: decorator
@inline
function pairLoss(tx1: v128, ty1: v128, tx2: v128, ty2: v128, px1: v128, py1: v128, px2: v128, py2: v128): v128 {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const predArea = f64x2.mul(f64x2.sub(px2, px1), f64x2.sub(py2, py1));
  const targetArea = f64x2.mul(f64x2.sub(tx2, tx1), f64x2.sub(ty2, ty1));
  const overlapX = f64x2.pmax(f64x2.sub(f64x2.pmin(px2, tx2), f64x2.pmax(px1, tx1)), zero);
  const overlapY = f64x2.pmax(f64x2.sub(f64x2.pmin(py2, ty2), f64x2.pmax(py1, ty1)), zero);
  const intersection = f64x2.mul(overlapX, overlapY);
  const union = f64x2.sub(f64x2.add(predArea, targetArea), intersection);
  const hull = f64x2.mul(
    f64x2.sub(f64x2.pmax(px2, tx2), f64x2.pmin(px1, tx1)),
    f64x2.sub(f64x2.pmax(py2, ty2), f64x2.pmin(py1, ty1)),
  );

  const identical = v128.and(
    v128.and(f64x2.eq(px1, tx1), f64x2.eq(py1, ty1)),
    v128.and(f64x2.eq(px2, tx2), f64x2.eq(py2, ty2)),
  );
  const iou = v128.bitselect(f64x2.div(intersection, union), v128.and(identical, one), f64x2.gt(union, zero));
  const penalty = v128.and(f64x2.div(f64x2.sub(hull, union), hull), f64x2.gt(hull, zero));
  return f64x2.add(f64x2.sub(one, iou), penalty);
}
