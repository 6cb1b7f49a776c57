import { ZaeValueError } from "@zae/tensor-utils";
import type { ArcFaceLossOptions } from "./arc-face-loss-options.js";

/** Value of the `format` field that marks a saved {@link ArcFaceLoss}. */
export const ARC_FACE_JSON_FORMAT = "@zae/loss-arcface/ArcFaceLoss";

/**
 * A saved {@link ArcFaceLoss}: sizes, options and the weight as nested
 * arrays `[outFeatures][inFeatures]`. `JSON.stringify` prints every double
 * with enough digits to read it back unchanged, so a save and load restores
 * the weight bit for bit, except that -0 comes back as 0.
 */
export interface ArcFaceLossJSON {
  readonly format: typeof ARC_FACE_JSON_FORMAT;
  readonly version: 1;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly scale: number;
  readonly margin: number;
  readonly easyMargin: boolean;
  readonly marginFallback: boolean;
  /** The ignore index, or null when no label is ignored. */
  readonly ignoreIndex: number | null;
  readonly weight: number[][];
}

/** Constructor arguments read from a saved module; internal to this package. */
export interface ArcFaceJsonArguments {
  readonly inFeatures: unknown;
  readonly outFeatures: unknown;
  readonly options: ArcFaceLossOptions;
}

const JSON_KEYS = [
  "format",
  "version",
  "inFeatures",
  "outFeatures",
  "scale",
  "margin",
  "easyMargin",
  "marginFallback",
  "ignoreIndex",
  "weight",
] as const;

/**
 * Checks the envelope of a saved module (an object with the expected
 * `format`, `version` and no unknown or missing keys) and returns its fields
 * as constructor arguments. The sizes, options and weight are checked by the
 * constructor's own validation.
 */
export function readArcFaceJson(json: unknown, functionName: string): ArcFaceJsonArguments {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ZaeValueError({
      functionName,
      parameter: "json",
      expected: "an object returned by ArcFaceLoss.toJSON() (parse the text with JSON.parse first)",
      value: json,
    });
  }
  const record = json as Record<string, unknown>;
  if (record.format !== ARC_FACE_JSON_FORMAT || record.version !== 1) {
    throw new ZaeValueError({
      functionName,
      parameter: "json.format",
      expected: `"${ARC_FACE_JSON_FORMAT}" with version 1`,
      value: record.format,
      received: `format ${JSON.stringify(record.format)}, version ${JSON.stringify(record.version)}`,
    });
  }
  for (const key of JSON_KEYS) {
    if (key in record) continue;
    throw new ZaeValueError({ functionName, parameter: `json.${key}`, expected: "present", value: undefined, received: "no such key" });
  }
  for (const key of Object.keys(record)) {
    if ((JSON_KEYS as readonly string[]).includes(key)) continue;
    throw new ZaeValueError({
      functionName,
      parameter: `json.${key}`,
      expected: `one of the saved keys (${JSON_KEYS.join(", ")})`,
      value: key,
      received: `unknown key "${key}"`,
    });
  }

  const ignoreIndex = record.ignoreIndex === null ? undefined : record.ignoreIndex;
  return {
    inFeatures: record.inFeatures,
    outFeatures: record.outFeatures,
    options: {
      scale: record.scale as number,
      margin: record.margin as number,
      easyMargin: record.easyMargin as boolean,
      marginFallback: record.marginFallback as boolean,
      ignoreIndex: ignoreIndex as number | undefined,
      weight: record.weight as number[][],
    },
  };
}
