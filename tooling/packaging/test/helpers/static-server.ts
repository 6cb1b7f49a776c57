import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

export interface StaticServer {
  /** Base URL with a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the files of `rootDir` (HTML and JavaScript only) on 127.0.0.1 at a free port. */
export async function serveDirectory(rootDir: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? "/", "http://127.0.0.1").pathname).replace(/^(\.\.[/\\])+/, "");
    const file = join(rootDir, path === "/" ? "index.html" : path);
    const contentType = CONTENT_TYPES[extname(file)];
    if (!file.startsWith(rootDir) || contentType === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { "content-type": contentType }).end(body),
      () => response.writeHead(404).end(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("Could not read the port of the static server.");

  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
