import { formatValue } from "./format-value.js";

const ERROR_MARKER = Symbol.for("@zae/tensor-utils/error");

/** Kind of misuse that a {@link ZaeError} reports. */
export type ZaeErrorKind = "error" | "shape" | "value" | "option";

/** Details every {@link ZaeError} carries. */
export interface ZaeErrorDetails {
  /** Public function or method that rejected the input, e.g. `"mse"`. */
  readonly functionName: string;
  /** Name of the argument or option at fault, e.g. `"predict"` or `"options.reduction"`. */
  readonly parameter: string;
  /** Description of a valid argument, as a phrase: `"a shape equal to [3]"`. */
  readonly expected: string;
  /** The value received (kept as is on the error, summarised in the message). */
  readonly value: unknown;
  /** How to fix it, appended to the message when given. */
  readonly hint?: string;
  /** Replaces the default summary of `value` in the message. */
  readonly received?: string;
}

function hasMarker(value: unknown, kind: ZaeErrorKind): boolean {
  if (typeof value !== "object" || value === null) return false;
  const marker = (value as Record<symbol, unknown>)[ERROR_MARKER];
  return typeof marker === "string" && (kind === "error" || marker === kind);
}

/**
 * The error thrown by every `@zae` package for invalid input. The message names
 * the function, the parameter, what was expected and what was received.
 *
 * `instanceof` works across two installed copies of the package because it
 * checks a `Symbol.for` marker, not the prototype chain; {@link isZaeError}
 * does the same as a function.
 */
export class ZaeError extends Error {
  readonly functionName: string;
  readonly parameter: string;
  readonly expected: string;
  readonly value: unknown;

  constructor(details: ZaeErrorDetails) {
    const received = details.received ?? formatValue(details.value);
    const hint = details.hint === undefined ? "" : ` ${details.hint}`;
    super(`${details.functionName}: \`${details.parameter}\` must be ${details.expected}, received ${received}.${hint}`);
    this.name = "ZaeError";
    this.functionName = details.functionName;
    this.parameter = details.parameter;
    this.expected = details.expected;
    this.value = details.value;
    Object.defineProperty(this, ERROR_MARKER, { value: this.kind(), enumerable: false });
  }

  protected kind(): ZaeErrorKind {
    return "error";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasMarker(value, "error");
  }
}

/** A tensor has the wrong rank or shape, or two shapes do not match. */
export class ZaeShapeError extends ZaeError {
  constructor(details: ZaeErrorDetails) {
    super(details);
    this.name = "ZaeShapeError";
  }

  protected override kind(): ZaeErrorKind {
    return "shape";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasMarker(value, "shape");
  }
}

/** Error for a tensor that contains an invalid value: a non-integer or out-of-range label, NaN, an inverted box. */
export class ZaeValueError extends ZaeError {
  constructor(details: ZaeErrorDetails) {
    super(details);
    this.name = "ZaeValueError";
  }

  protected override kind(): ZaeErrorKind {
    return "value";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasMarker(value, "value");
  }
}

/** An option or scalar argument is unknown, of the wrong type or out of range. */
export class ZaeOptionError extends ZaeError {
  constructor(details: ZaeErrorDetails) {
    super(details);
    this.name = "ZaeOptionError";
  }

  protected override kind(): ZaeErrorKind {
    return "option";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasMarker(value, "option");
  }
}

/** Tells whether `value` is a {@link ZaeError} from any installed copy of this package. */
export function isZaeError(value: unknown): value is ZaeError {
  return hasMarker(value, "error");
}
