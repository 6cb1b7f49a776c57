import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { runCommand } from "./run-command.js";

export interface PublicPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the package directory. */
  readonly dir: string;
}

interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
}

export function readManifest(packageDir: string): PackageManifest {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as PackageManifest;
}

/** Lists every package under `<root>/packages` that is not private, sorted by name. */
export function listPublicPackages(root: string): PublicPackage[] {
  const packagesDir = join(root, "packages");
  const found: PublicPackage[] = [];
  for (const entry of readdirSync(packagesDir)) {
    const dir = join(packagesDir, entry);
    if (!existsSync(join(dir, "package.json"))) continue;
    const manifest = readManifest(dir);
    if (manifest.private === true) continue;
    found.push({ name: manifest.name, version: manifest.version, dir });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Copies the workspace at `root` into `target`: every file git tracks or
 * would track (so ignored files such as node_modules and reports are left
 * out), plus the built `dist` folder of each package under packages/, which
 * is what gets published. Versioning does not change build output, so the
 * copy publishes the builds of the checked-out sources.
 */
export function copyWorkspace(root: string, target: string, env: NodeJS.ProcessEnv): void {
  const listing = runCommand("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, env });
  for (const file of listing.stdout.split("\0")) {
    // A tracked file deleted in the working tree is still listed: skip it.
    if (file === "" || !existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }

  for (const pkg of listPublicPackages(root)) {
    const dist = join(pkg.dir, "dist");
    if (!existsSync(dist)) throw new Error(`${pkg.name} has no dist folder: build the packages first (pnpm build).`);
    cpSync(dist, join(target, "packages", basename(pkg.dir), "dist"), { recursive: true });
  }
}

/**
 * Links the copy's dependencies from the local pnpm store without network
 * access. pnpm needs them installed to replace `workspace:` ranges when it
 * publishes, and changesets is run from the copy's own node_modules.
 */
export function installOffline(copyDir: string, storeDir: string, env: NodeJS.ProcessEnv): void {
  runCommand("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts", "--store-dir", storeDir], { cwd: copyDir, env });
}

/**
 * Adds a patch changeset for every public package and runs `changeset
 * version` in the copy, which also applies any changesets already pending
 * in the repository.
 */
export function versionWithChangesets(copyDir: string, packages: readonly PublicPackage[], env: NodeJS.ProcessEnv): void {
  const frontMatter = packages.map((pkg) => `"${pkg.name}": patch`).join("\n");
  const changeset = `---\n${frontMatter}\n---\n\nRelease rehearsal against a local registry.\n`;
  writeFileSync(join(copyDir, ".changeset", "release-rehearsal.md"), changeset);

  const changesetBin = join(copyDir, "node_modules", "@changesets", "cli", "bin.js");
  runCommand(process.execPath, [changesetBin, "version"], { cwd: copyDir, env });
}

/**
 * Removes `publishConfig.provenance` from a package copied for the local
 * registry. npm generates provenance only inside a supported CI provider
 * (GitHub Actions, GitLab CI) and fails the publish anywhere else.
 */
export function disableProvenance(packageDir: string): void {
  const manifest = readManifest(packageDir);
  if (manifest.publishConfig) delete manifest.publishConfig.provenance;
  writeFileSync(join(packageDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Publishes one package of the copy with pnpm to `registryUrl`. */
export function publishPackage(packageDir: string, registryUrl: string, env: NodeJS.ProcessEnv): void {
  // --no-git-checks: the copy is not a git repository.
  runCommand("pnpm", ["publish", "--no-git-checks", "--registry", registryUrl], { cwd: packageDir, env });
}
