// AssemblyScript source of the WebAssembly SIMD kernel behind matmulTransposeB
// and matmul: C = A·Bᵀ for row-major float64 A [m, k] and B [n, k] already
// copied into linear memory. Each entry is a dot product of two contiguous
// rows, accumulated in float64 in two lanes (even and odd p) that are added at
// the end, so every entry is computed in the same order whichever block
// computes it. Compiled by scripts/build-wasm.mjs.

/** Returns the first 16-byte aligned address after the module's own data. */
export function scratchBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

/**
 * Computes C = A·Bᵀ into `c` [m, n]. With `symmetric` (A and B are the same
 * matrix and m = n), only blocks on or above the diagonal are computed and the
 * lower triangle is copied from the upper one.
 */
export function matmulTransposeB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, symmetric: bool): void {
  const rowBytes = (<usize>k) << 3;
  // B rows are processed in tiles of about 256 KiB so they stay in the L2
  // cache while every row block of A passes over them.
  let tile = 32768 / k;
  if (tile < 2) tile = 2;
  tile &= ~1;
  const m4 = m & ~3;
  const n2 = n & ~1;

  for (let j0 = 0; j0 < n2; j0 += tile) {
    const j1 = min(j0 + tile, n2);
    for (let i = 0; i < m4; i += 4) {
      let j = j0;
      // Skip blocks entirely below the diagonal; block (i, j) is needed when j + 1 >= i.
      if (symmetric && j < i - 1) j = min((i - 1) & ~1, j1);
      for (; j < j1; j += 2) {
        block4x2(a + <usize>i * rowBytes, b + <usize>j * rowBytes, c + ((<usize>i * n + j) << 3), k, n);
      }
    }
  }

  // Entries outside the 4 x 2 blocks: the last m % 4 rows and the last column when n is odd.
  for (let i = 0; i < m; i++) {
    const firstJ = i < m4 ? n2 : 0;
    for (let j = firstJ; j < n; j++) {
      if (symmetric && j < i) continue;
      store<f64>(c + ((<usize>i * n + j) << 3), dot(a + <usize>i * rowBytes, b + <usize>j * rowBytes, k));
    }
  }

  // The lower triangle is copied in 16 x 16 tiles, so the column reads of
  // the upper triangle stay within a few cache lines per tile.
  if (symmetric) {
    for (let i0 = 0; i0 < m; i0 += 16) {
      const i1 = min(i0 + 16, m);
      for (let j0 = 0; j0 <= i0; j0 += 16) {
        for (let i = i0; i < i1; i++) {
          const j1 = min(j0 + 16, i);
          for (let j = j0; j < j1; j++) {
            store<f64>(c + ((<usize>i * n + j) << 3), load<f64>(c + ((<usize>j * n + i) << 3)));
          }
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function horizontalSum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Dot product of two rows of length k, in the same lane order as block4x2. */
function dot(x: usize, y: usize, k: i32): f64 {
  let acc = f64x2.splat(0);
  const pairs = k & ~1;
  for (let p = 0; p < pairs; p += 2) {
    const offset = <usize>p << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + offset), v128.load(y + offset)));
  }
  let sum = horizontalSum(acc);
  if (pairs < k) sum += load<f64>(x + (<usize>pairs << 3)) * load<f64>(y + (<usize>pairs << 3));
  return sum;
}

/** Computes the 4 x 2 block C[i..i+3, j..j+1] from rows a (4 of A) and b (2 of B). */
function block4x2(a: usize, b: usize, c: usize, k: i32, n: i32): void {
  const rowBytes = (<usize>k) << 3;
  const a1 = a + rowBytes;
  const a2 = a1 + rowBytes;
  const a3 = a2 + rowBytes;
  const b1 = b + rowBytes;

  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);

  const pairs = k & ~1;
  for (let p = 0; p < pairs; p += 2) {
    const offset = <usize>p << 3;
    const y0 = v128.load(b + offset);
    const y1 = v128.load(b1 + offset);
    let x = v128.load(a + offset);
    c00 = f64x2.add(c00, f64x2.mul(x, y0));
    c01 = f64x2.add(c01, f64x2.mul(x, y1));
    x = v128.load(a1 + offset);
    c10 = f64x2.add(c10, f64x2.mul(x, y0));
    c11 = f64x2.add(c11, f64x2.mul(x, y1));
    x = v128.load(a2 + offset);
    c20 = f64x2.add(c20, f64x2.mul(x, y0));
    c21 = f64x2.add(c21, f64x2.mul(x, y1));
    x = v128.load(a3 + offset);
    c30 = f64x2.add(c30, f64x2.mul(x, y0));
    c31 = f64x2.add(c31, f64x2.mul(x, y1));
  }

  let s00 = horizontalSum(c00);
  let s01 = horizontalSum(c01);
  let s10 = horizontalSum(c10);
  let s11 = horizontalSum(c11);
  let s20 = horizontalSum(c20);
  let s21 = horizontalSum(c21);
  let s30 = horizontalSum(c30);
  let s31 = horizontalSum(c31);
  if (pairs < k) {
    const offset = <usize>pairs << 3;
    const y0 = load<f64>(b + offset);
    const y1 = load<f64>(b1 + offset);
    s00 += load<f64>(a + offset) * y0;
    s01 += load<f64>(a + offset) * y1;
    s10 += load<f64>(a1 + offset) * y0;
    s11 += load<f64>(a1 + offset) * y1;
    s20 += load<f64>(a2 + offset) * y0;
    s21 += load<f64>(a2 + offset) * y1;
    s30 += load<f64>(a3 + offset) * y0;
    s31 += load<f64>(a3 + offset) * y1;
  }

  const rowStride = (<usize>n) << 3;
  store<f64>(c, s00);
  store<f64>(c, s01, 8);
  store<f64>(c + rowStride, s10);
  store<f64>(c + rowStride, s11, 8);
  store<f64>(c + 2 * rowStride, s20);
  store<f64>(c + 2 * rowStride, s21, 8);
  store<f64>(c + 3 * rowStride, s30);
  store<f64>(c + 3 * rowStride, s31, 8);
}
