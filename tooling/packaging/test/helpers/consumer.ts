import { cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATE_DIR = fileURLToPath(new URL("../consumer-template", import.meta.url));

/**
 * Creates a consumer project in `dir`, outside any workspace, whose
 * per-project .npmrc sends every request (the @zae scope and the default
 * registry) to the local registry. A runtime dependency outside @zae/* can
 * then not be fetched from anywhere, and audit, fund and update checks,
 * which would contact other hosts, are off.
 */
export function writeConsumerProject(dir: string, registryUrl: string): void {
  cpSync(TEMPLATE_DIR, dir, { recursive: true });
  const manifest = { name: "zae-release-consumer", version: "1.0.0", private: true, type: "module" };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const npmrc = [
    `registry=${registryUrl}`,
    `@zae:registry=${registryUrl}`,
    "audit=false",
    "fund=false",
    "update-notifier=false",
    "",
  ].join("\n");
  writeFileSync(join(dir, ".npmrc"), npmrc);
}

/**
 * Names of every package installed under `nodeModulesDir`, including those
 * nested in other packages' own node_modules folders.
 */
export function listInstalledPackages(nodeModulesDir: string): string[] {
  const names: string[] = [];
  if (!existsSync(nodeModulesDir)) return names;

  const addPackage = (name: string, packageDir: string) => {
    names.push(name);
    names.push(...listInstalledPackages(join(packageDir, "node_modules")));
  };

  for (const entry of readdirSync(nodeModulesDir)) {
    // .bin and .package-lock.json are npm's bookkeeping, not packages.
    if (entry.startsWith(".")) continue;
    const entryDir = join(nodeModulesDir, entry);
    if (entry.startsWith("@")) {
      for (const scoped of readdirSync(entryDir)) addPackage(`${entry}/${scoped}`, join(entryDir, scoped));
    } else {
      addPackage(entry, entryDir);
    }
  }
  return names.sort();
}
