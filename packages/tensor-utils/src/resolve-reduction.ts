import { ZaeOptionError } from "./errors.js";
import type { Reduction } from "./tensor.js";

const REDUCTIONS: readonly Reduction[] = ["mean", "sum", "none"];

/** Returns `value` as a {@link Reduction}, or `fallback` when it is undefined; anything else throws and lists the allowed values. */
export function resolveReduction(value: unknown, functionName: string, fallback: Reduction = "mean"): Reduction {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (REDUCTIONS as readonly string[]).includes(value)) return value as Reduction;
  throw new ZaeOptionError({
    functionName,
    parameter: "options.reduction",
    expected: `one of ${REDUCTIONS.map((r) => `"${r}"`).join(", ")}`,
    value,
  });
}
