import { createRng, type Rng } from "./create-rng.js";

/**
 * Returns a `[fanOut, fanIn]` row-major matrix drawn from U(-a, a) with
 * a = sqrt(6 / (fanIn + fanOut)), the Xavier/Glorot uniform initialisation of
 * PyTorch's `nn.init.xavier_uniform_` (gain 1). The same seed gives the same
 * matrix everywhere; the values differ from PyTorch's, whose generator differs.
 */
export function xavierUniform(fanOut: number, fanIn: number, seed: number | Rng): Float64Array {
  const rng = typeof seed === "number" ? createRng(seed) : seed;
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float64Array(fanOut * fanIn);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * bound;
  return out;
}
