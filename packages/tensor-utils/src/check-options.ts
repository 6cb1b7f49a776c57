import { ZaeOptionError } from "./errors.js";

/**
 * Returns `options` as a plain record after checking that it is `undefined` or
 * an object whose keys are all in `allowed`. A misspelt option is an error
 * rather than silently ignored.
 */
export function checkOptions(
  options: unknown,
  allowed: readonly string[],
  functionName: string,
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ZaeOptionError({ functionName, parameter: "options", expected: "an object or undefined", value: options });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ZaeOptionError({
        functionName,
        parameter: `options.${key}`,
        expected: `one of the known options (${allowed.join(", ")})`,
        value: key,
        received: `unknown option "${key}"`,
      });
    }
  }
  return options as Record<string, unknown>;
}
