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
  budget("mse alone", "{ mse }", "3420 B"), // measured 3313 B
  budget("crossEntropy alone", "{ crossEntropy }", "5720 B"), // measured 5548 B
  budget("GIoU alone", "{ GIoU }", "6140 B"), // measured 5954 B
  budget("mIoU alone", "{ mIoU }", "4360 B"), // measured 4225 B
  budget("ArcFaceLoss alone", "{ ArcFaceLoss }", "8550 B"), // measured 8294 B
  budget("all of @zae/loss", "*", "20190 B"), // measured 19599 B
];
