// Guard cases of the release rehearsal's own tooling: a registry that must
// stop and reject foreign packages, a browser that must close when its page
// fails, and an environment that must not leak registry overrides.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, runPageInChromium } from "./helpers/chromium.js";
import { listInstalledPackages } from "./helpers/consumer.js";
import { startLocalRegistry, type LocalRegistry } from "./helpers/local-registry.js";
import { cleanEnvironment, runCommand } from "./helpers/run-command.js";
import { serveDirectory } from "./helpers/static-server.js";

const workDir = mkdtempSync(join(tmpdir(), "zae-release-tooling-"));

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Command lines of the running processes that mention `text` (Linux /proc). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (commandLine.includes(text)) found.push(`${pid}: ${commandLine.slice(0, 200)}`);
    } catch {
      // The process exited while the list was read.
    }
  }
  return found;
}

function writePackage(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", license: "MIT" }));
  writeFileSync(join(dir, "index.js"), "export const value = 1;\n");
}

describe("cleanEnvironment", () => {
  it("drops registry overrides", () => {
    const names = ["npm_config_registry", "NPM_CONFIG_REGISTRY", "pnpm_config_registry"];
    const saved = names.map((name) => process.env[name]);
    for (const name of names) process.env[name] = "https://registry.example.invalid/";
    try {
      const env = cleanEnvironment({ NPM_CONFIG_USERCONFIG: "/tmp/user.npmrc" });

      for (const name of names) expect(env[name], name).toBeUndefined();
      expect(env.NPM_CONFIG_USERCONFIG).toBe("/tmp/user.npmrc");
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      names.forEach((name, index) => {
        if (saved[index] === undefined) delete process.env[name];
        else process.env[name] = saved[index];
      });
    }
  });
});

describe("runCommand", () => {
  const env = cleanEnvironment({});

  it("throws with the exit code and output", () => {
    expect(() => runCommand(process.execPath, ["-e", "console.error('disk full'); process.exit(3)"], { cwd: workDir, env })).toThrow(
      /exited with 3[\s\S]*disk full/,
    );
  });

  it("returns a failure when allowed", () => {
    const result = runCommand(process.execPath, ["-e", "process.exit(3)"], { cwd: workDir, env, allowFailure: true });

    expect(result.status).toBe(3);
  });

  it("reports a missing program", () => {
    expect(() => runCommand("zae-no-such-program", [], { cwd: workDir, env })).toThrow(/failed to start/);
  });
});

describe("local registry", () => {
  let registry: LocalRegistry | undefined;
  let publisherEnv: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    registry = await startLocalRegistry(join(workDir, "registry"));
    const config = join(workDir, "publisher.npmrc");
    writeFileSync(config, `//${new URL(registry.url).host}/:_authToken=placeholder-anonymous\nupdate-notifier=false\n`);
    publisherEnv = cleanEnvironment({ NPM_CONFIG_USERCONFIG: config, npm_config_cache: join(workDir, "npm-cache") });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  function publish(packageDir: string) {
    if (registry === undefined) throw new Error("The local registry did not start.");
    return runCommand("npm", ["publish", "--registry", registry.url], { cwd: packageDir, env: publisherEnv, allowFailure: true });
  }

  it("accepts an anonymous @zae publish", () => {
    const packageDir = join(workDir, "scoped");
    writePackage(packageDir, "@zae/guard-check");

    const result = publish(packageDir);

    expect(result.status, result.stderr).toBe(0);
  });

  it("rejects a package outside @zae", async () => {
    const packageDir = join(workDir, "unscoped");
    writePackage(packageDir, "zae-guard-unscoped");

    const result = publish(packageDir);

    // Verdaccio responds with 401 to an anonymous client that lacks the permission.
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/E401|E403/);
    expect((await fetch(`${registry?.url}zae-guard-unscoped`)).status).toBe(404);
  });

  it("stops and frees its port", async () => {
    const own = await startLocalRegistry(join(workDir, "registry-stop"));
    expect((await fetch(`${own.url}-/ping`)).status).toBe(200);

    await own.stop();

    await expect(fetch(`${own.url}-/ping`)).rejects.toThrow();
    await expect(own.stop()).resolves.toBeUndefined();
  });
});

describe("static server", () => {
  it("serves only HTML and JavaScript", async () => {
    const root = join(workDir, "public");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html><title>t</title>");
    writeFileSync(join(root, "notes.txt"), "not served");
    const server = await serveDirectory(root);
    try {
      expect((await fetch(server.url)).status).toBe(200);
      expect((await fetch(`${server.url}notes.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe("runPageInChromium", () => {
  it("closes Chromium after a page failure", async () => {
    expect(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} is missing: apt-get install -y chromium`).toBe(true);
    const root = join(workDir, "failing-page");
    mkdirSync(root, { recursive: true });
    // The script throws before it can mark the page as done.
    writeFileSync(join(root, "index.html"), "<!doctype html><title>t</title><script>throw new Error('broken bundle');</script>");
    const server = await serveDirectory(root);
    const userDataDir = mkdtempSync(join(workDir, "profile-"));
    try {
      await expect(runPageInChromium(`${server.url}index.html`, userDataDir, "zaeConsumer", 2_000)).rejects.toThrow(/Timeout/);
    } finally {
      await server.close();
    }

    expect(processesMentioning(userDataDir)).toEqual([]);
  });
});

describe("listInstalledPackages", () => {
  it("finds scoped and nested packages", () => {
    const nodeModules = join(workDir, "tree", "node_modules");
    writePackage(join(nodeModules, "plain"), "plain");
    writePackage(join(nodeModules, "@scope", "inner"), "@scope/inner");
    writePackage(join(nodeModules, "plain", "node_modules", "nested"), "nested");
    mkdirSync(join(nodeModules, ".bin"), { recursive: true });

    expect(listInstalledPackages(nodeModules)).toEqual(["@scope/inner", "nested", "plain"]);
  });

  it("returns nothing without node_modules", () => {
    expect(listInstalledPackages(join(workDir, "no-such-dir"))).toEqual([]);
  });
});
