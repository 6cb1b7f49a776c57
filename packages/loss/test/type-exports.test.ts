import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const INDEX = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const LOSS_PACKAGES = ["@zae/loss-core", "@zae/loss-regression", "@zae/loss-iou", "@zae/loss-arcface"];
const TENSOR_UTILS_TYPES = [
  "FloatArray",
  "NestedArray",
  "OnnxTensorLike",
  "Reduction",
  "Tensor",
  "TensorData",
  "TensorLike",
  "TfjsTensorLike",
  "ValueAndGrad",
  "ZaeErrorDetails",
  "ZaeErrorKind",
];

/** Names exported by each module, types included, as the TypeScript compiler resolves them from the umbrella. */
function exportedNames(): { umbrella: Set<string>; packages: Map<string, Set<string>> } {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const namesOf = (file: ts.SourceFile): Set<string> => {
    const symbol = checker.getSymbolAtLocation(file);
    if (symbol === undefined) throw new Error(`no module symbol for ${file.fileName}`);
    return new Set(checker.getExportsOfModule(symbol).map((s) => s.name));
  };

  const index = program.getSourceFile(INDEX);
  if (index === undefined) throw new Error(`${INDEX} was not loaded`);
  const packages = new Map<string, Set<string>>();
  for (const name of LOSS_PACKAGES) {
    const resolved = ts.resolveModuleName(name, INDEX, program.getCompilerOptions(), ts.sys).resolvedModule;
    const file = resolved === undefined ? undefined : program.getSourceFile(resolved.resolvedFileName);
    if (file === undefined) throw new Error(`${name} did not resolve; build it first`);
    packages.set(name, namesOf(file));
  }
  return { umbrella: namesOf(index), packages };
}

describe("@zae/loss type exports", () => {
  const { umbrella, packages } = exportedNames();

  for (const [name, exports] of packages) {
    it(`re-exports every type and value of ${name}`, () => {
      const missing = [...exports].filter((exported) => !umbrella.has(exported));
      expect(missing).toEqual([]);
    });
  }

  it("re-exports the tensor-utils tensor and error types", () => {
    const missing = TENSOR_UTILS_TYPES.filter((exported) => !umbrella.has(exported));
    expect(missing).toEqual([]);
  });
});
