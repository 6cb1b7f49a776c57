import { build } from "esbuild";
import { fileURLToPath } from "node:url";

/** The directory imports resolve from: this workspace links every @zae package. */
const RESOLVE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Bundles `source` (an ES module that imports @zae packages) the way an
 * application bundler would: ESM for browsers, tree shaking on. The output
 * is not minified, so top-level names and string literals stay readable.
 * Tree shaking does not depend on minification.
 */
export async function bundleSource(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, sourcefile: "app.js", loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    treeShaking: true,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

const DECLARATION = /^(?:async function\*?|function\*?|class|var|let|const) ([A-Za-z_$][\w$]*)/gm;

/** Top-level names declared in an unminified esbuild bundle. */
export function topLevelDeclarations(bundle: string): Set<string> {
  const names = new Set<string>();
  for (const match of bundle.matchAll(DECLARATION)) names.add(match[1]);
  return names;
}

/**
 * Reports whether `bundle` declares `name` at the top level. esbuild renames a
 * declaration whose name collides with another module's by appending a
 * number (`normalizeRows2`), so a numeric suffix still counts.
 */
export function declaresName(bundle: string, name: string): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(`^(?:async function\\*?|function\\*?|class|var|let|const) ${escaped}\\d*\\b`, "m").test(bundle);
}

/** Reports whether `bundle` contains `text` as a complete string literal. */
export function containsStringLiteral(bundle: string, text: string): boolean {
  return [`"${text}"`, `'${text}'`, `\`${text}\``].some((literal) => bundle.includes(literal));
}

/** Imports an ES module bundle from memory and returns its namespace. */
export async function importBundle(bundle: string): Promise<Record<string, unknown>> {
  const url = `data:text/javascript;base64,${Buffer.from(bundle).toString("base64")}`;
  return (await import(url)) as Record<string, unknown>;
}
