import { spawnSync } from "node:child_process";

export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether a failed command returns its result instead of throwing. Default: false. */
  readonly allowFailure?: boolean;
  /** Milliseconds before the command is killed. Default: 5 minutes. */
  readonly timeout?: number;
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Returns the current environment plus `overrides`, without the `npm_*` and
 * `pnpm_config_*` variables (in any letter case) that `pnpm run` exports to
 * its children. Those variables, for example `npm_config_registry`, override
 * every `.npmrc`. A child npm or pnpm started with them would ignore the
 * throwaway configuration and could reach the public registry.
 */
export function cleanEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_config_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...overrides };
}

/** Runs a command to completion and throws with its output when it fails. */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): CommandResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout ?? 300_000,
  });
  if (result.error) throw new Error(`${command} ${args.join(" ")} failed to start in ${options.cwd}: ${result.error.message}`);

  const output: CommandResult = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  if (result.status !== 0 && !options.allowFailure) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().slice(-4000);
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal} in ${options.cwd}:\n${tail}`);
  }
  return output;
}
