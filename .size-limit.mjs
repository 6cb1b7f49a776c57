// Size budgets of @zae/loss as an application bundles it: esbuild, minified,
// tree-shaken, then gzipped (`pnpm size`, run by `pnpm verify` after the
// build). Each check imports from the built ESM entry of the umbrella package,
// which is what `import { mse } from "@zae/loss"` resolves to.
//
// Each limit is the size measured with size-limit 11.2 and esbuild 0.25 (shown
// beside it) plus 3%, rounded up to 10 bytes, so that real growth fails the
// check. After an intended change, run `pnpm size` and set the limit the same way.
const UMBRELLA = "packages/loss/dist/index.js";

/** Builds one check, where `importList` is what the application imports from @zae/loss. */
function budget(name, importList, limit) {
  return { name, path: UMBRELLA, import: { [UMBRELLA]: importList }, gzip: true, limit };
}

export default [
  budget("mse alone", "{ mse }", "2270 B"), // measured 2197 B
  budget("crossEntropy alone", "{ crossEntropy }", "3080 B"), // measured 2988 B
  budget("GIoU alone", "{ GIoU }", "3550 B"), // measured 3439 B
  budget("mIoU alone", "{ mIoU }", "2710 B"), // measured 2626 B
  budget("ArcFaceLoss alone", "{ ArcFaceLoss }", "5700 B"), // measured 5526 B
  budget("all of @zae/loss", "*", "12020 B"), // measured 11668 B
];
