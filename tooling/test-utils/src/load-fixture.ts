import { readFileSync } from "node:fs";

/** A JSON fixture written by tooling/reference/common.py. */
export interface Fixture<Case> {
  readonly generator: string;
  readonly torch_version: string;
  readonly seed: number;
  readonly cases: Case[];
}

/**
 * Replaces the strings "NaN", "Infinity" and "-Infinity" that common.py writes
 * for non-finite floats (JSON has no literal for them) by numbers, at any depth.
 */
export function decodeNumbers<T>(value: T): T {
  if (value === "NaN") return NaN as T;
  if (value === "Infinity") return Infinity as T;
  if (value === "-Infinity") return -Infinity as T;
  if (Array.isArray(value)) return value.map((item: unknown) => decodeNumbers(item)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeNumbers(item)])) as T;
  }
  return value;
}

/** Reads a committed fixture; `url` is usually `new URL("./fixtures/x.json", import.meta.url)`. */
export function loadFixture<Case>(url: URL): Fixture<Case> {
  return decodeNumbers(JSON.parse(readFileSync(url, "utf8")) as Fixture<Case>);
}
