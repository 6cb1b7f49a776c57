import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** File that receives Verdaccio's stdout and stderr. */
  readonly logFile: string;
  /** Stops the server. Calling it again does nothing. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("Could not read the port of a probe server on 127.0.0.1.");
  return address.port;
}

/**
 * Builds the Verdaccio configuration of a registry that only serves what is
 * published to it. It has no uplinks, so a request for any other package
 * gets 404 instead of being fetched from the public registry. Anonymous
 * users may publish @zae/* (no account exists, so every client is
 * anonymous). The web UI is off, and so is the audit middleware, which
 * forwards `npm audit` requests to registry.npmjs.org when enabled.
 */
function registryConfig(storage: string, htpasswd: string): string {
  return [
    `storage: ${JSON.stringify(storage)}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(htpasswd)}`,
    "    max_users: -1",
    "packages:",
    "  '@zae/*':",
    "    access: $all",
    "    publish: $anonymous",
    "    unpublish: $anonymous",
    "  '**':",
    "    access: $all",
    "web:",
    "  enable: false",
    "middlewares:",
    "  audit:",
    "    enabled: false",
    "log:",
    "  type: stdout",
    "  format: pretty",
    "  level: warn",
    "",
  ].join("\n");
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts Verdaccio (the repository's pinned dev dependency) on 127.0.0.1
 * with its configuration, storage and log under `workDir`, and resolves once
 * it responds to `/-/ping`.
 */
export async function startLocalRegistry(workDir: string): Promise<LocalRegistry> {
  mkdirSync(workDir, { recursive: true });
  const configFile = join(workDir, "config.yaml");
  const logFile = join(workDir, "verdaccio.log");
  writeFileSync(configFile, registryConfig(join(workDir, "storage"), join(workDir, "htpasswd")));

  const require = createRequire(import.meta.url);
  const verdaccioBin = join(dirname(require.resolve("verdaccio/package.json")), "bin", "verdaccio");
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}/`;

  const logFd = openSync(logFile, "a");
  const child = spawn(process.execPath, [verdaccioBin, "--config", configFile, "--listen", `127.0.0.1:${port}`], {
    cwd: workDir,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);

  // Guard for a test runner that exits without running its teardown.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill("SIGKILL");
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return { url, logFile, stop };
    } catch {
      // Not listening yet: retry until the deadline.
    }
    await delay(200);
  }

  await stop();
  const log = readFileSync(logFile, "utf8").slice(-2000);
  throw new Error(`Verdaccio did not respond to ${url}-/ping within ${START_TIMEOUT_MS} ms (exit code ${child.exitCode}). Log:\n${log}`);
}
