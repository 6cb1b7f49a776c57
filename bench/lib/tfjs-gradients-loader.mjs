// A Node module resolve hook for one file set: the ES module build of
// @tensorflow/tfjs-core 4.22 imports its own files without the ".js"
// extension, which Node's ESM resolver rejects. The benchmark needs that
// build only for dist/register_all_gradients.js, because the CommonJS bundle
// of tfjs-core does not register gradient functions (the @tensorflow/tfjs
// union package normally does). Gradients land in a registry shared through
// globalThis, so the CommonJS core finds them.
export async function resolve(specifier, context, nextResolve) {
  const fromTfjsCore = context.parentURL?.includes("/@tensorflow/tfjs-core/dist/") ?? false;
  if (fromTfjsCore && specifier.startsWith(".") && !specifier.endsWith(".js")) {
    return nextResolve(`${specifier}.js`, context);
  }
  return nextResolve(specifier, context);
}
