import { beforeAll, describe, expect, it } from "vitest";
import { bundleSource, containsStringLiteral, declaresName, importBundle, topLevelDeclarations } from "./helpers/bundle.js";

/** The losses an application imports one at a time, with the package that defines each. */
const TARGETS = [
  { name: "mse", packageName: "@zae/loss-regression" },
  { name: "crossEntropy", packageName: "@zae/loss-core" },
  { name: "GIoU", packageName: "@zae/loss-iou" },
  { name: "mIoU", packageName: "@zae/loss-iou" },
  { name: "ArcFaceLoss", packageName: "@zae/loss-arcface" },
] as const;

type Target = (typeof TARGETS)[number];

const LOSS_PACKAGES = [...new Set(TARGETS.map((target) => target.packageName))];

/**
 * Top-level declarations of each loss package bundled whole, without the
 * number esbuild appends to a name that collides with another module's
 * (`BLOCK2` is stored as `BLOCK`), because that number depends on which other
 * modules share the bundle.
 */
const packageDeclarations = new Map<string, Set<string>>();

function withoutCollisionSuffix(name: string): string {
  return name.replace(/(?<=\D)\d+$/, "");
}

beforeAll(async () => {
  for (const packageName of LOSS_PACKAGES) {
    const bundle = await bundleSource(`export * from "${packageName}";`);
    packageDeclarations.set(packageName, new Set([...topLevelDeclarations(bundle)].map(withoutCollisionSuffix)));
  }
});

/**
 * Lists the names whose presence in a bundle of `target` alone means that
 * code of another loss was kept. These are the other targets' names, as
 * declarations or as string literals because error messages carry the
 * function name. They also include every top-level declaration of another
 * loss package that `target`'s own package does not declare too. Shared
 * tensor-utils helpers are in both packages and so are allowed, and esbuild's
 * `__`-prefixed runtime helpers are ignored.
 */
function foreignNames(target: Target): { declarations: string[]; literals: string[] } {
  const own = packageDeclarations.get(target.packageName) ?? new Set<string>();
  const declarations = new Set<string>();
  for (const [packageName, names] of packageDeclarations) {
    if (packageName === target.packageName) continue;
    for (const name of names) {
      if (!own.has(name) && !name.startsWith("__")) declarations.add(name);
    }
  }

  const literals: string[] = [];
  for (const other of TARGETS) {
    if (other.name === target.name) continue;
    declarations.add(other.name);
    literals.push(other.name);
  }

  return { declarations: [...declarations], literals };
}

function findLeaks(bundle: string, target: Target): string[] {
  const { declarations, literals } = foreignNames(target);
  const leakedDeclarations = declarations.filter((name) => declaresName(bundle, name));
  const leakedLiterals = literals.filter((name) => containsStringLiteral(bundle, name)).map((name) => `"${name}"`);
  return [...leakedDeclarations, ...leakedLiterals];
}

describe("tree shaking through @zae/loss", () => {
  it.each(TARGETS)("$name alone keeps no other loss", async (target) => {
    const bundle = await bundleSource(`import { ${target.name} } from "@zae/loss";\nexport { ${target.name} };`);

    expect(declaresName(bundle, target.name), `declaration of ${target.name}`).toBe(true);
    const namespace = await importBundle(bundle);
    expect(typeof namespace[target.name]).toBe("function");
    expect(findLeaks(bundle, target)).toEqual([]);
  });

  it.each(TARGETS)("$name via umbrella equals direct import", async (target) => {
    const viaUmbrella = await bundleSource(`import { ${target.name} } from "@zae/loss";\nexport { ${target.name} };`);
    const direct = await bundleSource(`import { ${target.name} } from "${target.packageName}";\nexport { ${target.name} };`);

    expect([...topLevelDeclarations(viaUmbrella)].sort()).toEqual([...topLevelDeclarations(direct)].sort());
  });

  it("leak check detects a second loss", async () => {
    // Control case: an application that imports two losses must be reported,
    // otherwise the checks above could pass on a detector that finds nothing.
    const mse = TARGETS[0];
    const bundle = await bundleSource(`import { mse, crossEntropy } from "@zae/loss";\nexport { mse, crossEntropy };`);

    const leaks = findLeaks(bundle, mse);

    expect(leaks).toContain("crossEntropy");
    expect(leaks).toContain('"crossEntropy"');
  });

  it("bundling an unknown export fails", async () => {
    await expect(bundleSource(`import { notALoss } from "@zae/loss";\nexport { notALoss };`)).rejects.toThrow(/notALoss/);
  });
});
