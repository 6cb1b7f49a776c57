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

/**
 * Adds the products of p in [p0, p1) to the lane sums at `lanes` (two float64
 * per entry of C: even p and odd p) for C = A·Bᵀ. With k split into chunks
 * this way the rows of A and B in use fit the cache even for k in the tens of
 * thousands, and every entry still receives its products in increasing p, so
 * finishLanes gives the same bits as matmulTransposeB. p0 and p1 - p0 must be
 * even, except that p1 may be k.
 */
export function accumulateLanes(a: usize, b: usize, lanes: usize, m: i32, k: i32, n: i32, p0: i32, p1: i32): void {
  const rowBytes = (<usize>k) << 3;
  const first = (<usize>p0) << 3;
  const pairs = (p1 - p0) & ~1;
  let tile = 32768 / max(pairs, 2);
  if (tile < 2) tile = 2;
  tile &= ~1;
  const m4 = m & ~3;
  const n2 = n & ~1;
  for (let j0 = 0; j0 < n2; j0 += tile) {
    const j1 = min(j0 + tile, n2);
    for (let i = 0; i < m4; i += 4) {
      for (let j = j0; j < j1; j += 2) {
        lanes4x2(a + <usize>i * rowBytes + first, b + <usize>j * rowBytes + first, lanes + ((<usize>i * n + j) << 4), k, n, pairs);
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const firstJ = i < m4 ? n2 : 0;
    for (let j = firstJ; j < n; j++) {
      const lane = lanes + ((<usize>i * n + j) << 4);
      let acc = v128.load(lane);
      const x = a + <usize>i * rowBytes + first;
      const y = b + <usize>j * rowBytes + first;
      for (let offset: usize = 0; offset < (<usize>pairs) << 3; offset += 16) {
        acc = f64x2.add(acc, f64x2.mul(v128.load(x + offset), v128.load(y + offset)));
      }
      v128.store(lane, acc);
    }
  }
}

/** Writes C from the lane sums: lane 0 + lane 1, plus the last product when k is odd. */
export function finishLanes(a: usize, b: usize, lanes: usize, c: usize, m: i32, k: i32, n: i32): void {
  const rowBytes = (<usize>k) << 3;
  const last = (<usize>(k - 1)) << 3;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const entry = <usize>i * n + j;
      let sum = horizontalSum(v128.load(lanes + (entry << 4)));
      if (k & 1) sum += load<f64>(a + <usize>i * rowBytes + last) * load<f64>(b + <usize>j * rowBytes + last);
      store<f64>(c + (entry << 3), sum);
    }
  }
}

/** The 4 x 2 block of block4x2 over `pairs` p values, starting from and returning to the lane sums. */
function lanes4x2(a: usize, b: usize, lanes: usize, k: i32, n: i32, pairs: i32): void {
  const rowBytes = (<usize>k) << 3;
  const a1 = a + rowBytes;
  const a2 = a1 + rowBytes;
  const a3 = a2 + rowBytes;
  const b1 = b + rowBytes;
  const laneRow = (<usize>n) << 4;

  let c00 = v128.load(lanes);
  let c01 = v128.load(lanes, 16);
  let c10 = v128.load(lanes + laneRow);
  let c11 = v128.load(lanes + laneRow, 16);
  let c20 = v128.load(lanes + 2 * laneRow);
  let c21 = v128.load(lanes + 2 * laneRow, 16);
  let c30 = v128.load(lanes + 3 * laneRow);
  let c31 = v128.load(lanes + 3 * laneRow, 16);

  const end = (<usize>pairs) << 3;
  for (let offset: usize = 0; offset < end; offset += 16) {
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

  v128.store(lanes, c00);
  v128.store(lanes, c01, 16);
  v128.store(lanes + laneRow, c10);
  v128.store(lanes + laneRow, c11, 16);
  v128.store(lanes + 2 * laneRow, c20);
  v128.store(lanes + 2 * laneRow, c21, 16);
  v128.store(lanes + 3 * laneRow, c30);
  v128.store(lanes + 3 * laneRow, c31, 16);
}
