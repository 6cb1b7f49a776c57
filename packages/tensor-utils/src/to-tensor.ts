import { ZaeShapeError, ZaeValueError } from "./errors.js";
import { formatShape } from "./format-shape.js";
import { shapeSize } from "./shape-size.js";
import type { NestedArray, Tensor, TensorData, TensorLike } from "./tensor.js";

function isTensorData(value: unknown): value is TensorData {
  return (
    value instanceof Float32Array ||
    value instanceof Float64Array ||
    value instanceof Int32Array ||
    value instanceof Uint8Array
  );
}

function isShape(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((extent) => Number.isInteger(extent) && extent >= 0);
}

/** Copies any array-like of numbers or bigints into a Float64Array, rejecting bigints beyond 2^53. */
function toFloat64(values: ArrayLike<number> | ArrayLike<bigint>, functionName: string, parameterName: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const item = values[i];
    if (typeof item === "bigint") {
      if (item > BigInt(Number.MAX_SAFE_INTEGER) || item < BigInt(-Number.MAX_SAFE_INTEGER)) {
        throw new ZaeValueError({
          functionName,
          parameter: `${parameterName}[${i}]`,
          expected: "an integer within ±2^53",
          value: item,
        });
      }
    }
    out[i] = Number(item);
  }
  return out;
}

function fromTypedData(
  data: ArrayLike<number> | ArrayLike<bigint>,
  shape: readonly number[],
  functionName: string,
  parameterName: string,
): Tensor {
  if (data.length !== shapeSize(shape)) {
    throw new ZaeShapeError({
      functionName,
      parameter: parameterName,
      expected: `data of ${shapeSize(shape)} elements for shape ${formatShape(shape)}`,
      value: data,
      received: `${data.length} elements`,
    });
  }
  return { data: isTensorData(data) ? data : toFloat64(data, functionName, parameterName), shape: [...shape] };
}

function nestedShape(value: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = (level as readonly NestedArray[])[0];
  }
  return shape;
}

function flattenNested(
  value: readonly NestedArray[],
  shape: readonly number[],
  functionName: string,
  parameterName: string,
): Float64Array {
  const out = new Float64Array(shapeSize(shape));
  let offset = 0;
  const visit = (node: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node === "number") out[offset++] = node;
      else if (typeof node === "boolean") out[offset++] = node ? 1 : 0;
      else if (Array.isArray(node)) {
        throw new ZaeShapeError({
          functionName,
          parameter: `${parameterName}${path}`,
          expected: `a number (the array is ragged: shape ${formatShape(shape)} was read from its first elements)`,
          value: node,
        });
      } else {
        throw new ZaeValueError({ functionName, parameter: `${parameterName}${path}`, expected: "a number or a boolean", value: node });
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ZaeShapeError({
        functionName,
        parameter: `${parameterName}${path}`,
        expected: `an array of length ${shape[depth]} (the array is ragged: shape ${formatShape(shape)} was read from its first elements)`,
        value: node,
      });
    }
    for (let i = 0; i < node.length; i++) visit((node as readonly NestedArray[])[i], depth + 1, `${path}[${i}]`);
  };
  visit(value, 0, "");
  return out;
}

/**
 * Converts `value` to a dense row-major {@link Tensor} without copying when it
 * can and without ever mutating the input.
 *
 * Accepted inputs:
 * - a number or boolean: a scalar of shape `[]`;
 * - a rectangular nested array of numbers or booleans: copied to a `Float64Array`;
 * - a typed array: shape `[length]`; Float32Array, Float64Array, Int32Array and
 *   Uint8Array are used as they are, other typed arrays are copied to Float64Array;
 * - a `{ data, shape }` tensor (data length must equal the product of `shape`);
 * - a TensorFlow.js tensor (`shape` and `dataSync()`) or an ONNX Runtime tensor
 *   (`dims` and `data`; int64 data is converted when within ±2^53).
 *
 * @param value - the input to convert.
 * @param parameterName - argument name used in error messages.
 * @param functionName - public function used in error messages (default `"toTensor"`).
 * @throws {ZaeShapeError} for ragged nested arrays (naming the first bad index) or a data length that does not match the shape.
 * @throws {ZaeValueError} for any other value.
 * @example
 * toTensor([[1, 2], [3, 4]], "x"); // { data: Float64Array [1, 2, 3, 4], shape: [2, 2] }
 */
export function toTensor(value: TensorLike, parameterName: string, functionName = "toTensor"): Tensor {
  if (typeof value === "number") return { data: Float64Array.of(value), shape: [] };
  if (typeof value === "boolean") return { data: Float64Array.of(value ? 1 : 0), shape: [] };
  if (Array.isArray(value)) {
    const nested = value as readonly NestedArray[];
    const shape = nestedShape(nested);
    return { data: flattenNested(nested, shape, functionName, parameterName), shape };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<number> | ArrayLike<bigint>;
    return fromTypedData(typed, [typed.length], functionName, parameterName);
  }
  if (typeof value === "object" && value !== null) {
    const candidate = value as unknown as Record<string, unknown>;
    if (isShape(candidate.shape) && (ArrayBuffer.isView(candidate.data) || Array.isArray(candidate.data))) {
      return fromTypedData(candidate.data as unknown as ArrayLike<number>, candidate.shape, functionName, parameterName);
    }
    if (isShape(candidate.shape) && typeof candidate.dataSync === "function") {
      const data = (candidate.dataSync as () => unknown).call(value);
      if (ArrayBuffer.isView(data)) {
        return fromTypedData(data as unknown as ArrayLike<number>, candidate.shape, functionName, parameterName);
      }
    }
    if (isShape(candidate.dims) && (ArrayBuffer.isView(candidate.data) || Array.isArray(candidate.data))) {
      return fromTypedData(candidate.data as ArrayLike<number>, candidate.dims, functionName, parameterName);
    }
    // A tensor-like object whose shape is invalid: name the shape, not the whole object.
    for (const shapeField of ["shape", "dims"]) {
      if (shapeField in candidate && !isShape(candidate[shapeField])) {
        throw new ZaeShapeError({
          functionName,
          parameter: `${parameterName}.${shapeField}`,
          expected: "an array of non-negative integers",
          value: candidate[shapeField],
        });
      }
    }
  }
  throw new ZaeValueError({
    functionName,
    parameter: parameterName,
    expected:
      "a number, a nested array, a typed array, a { data, shape } tensor, a TensorFlow.js tensor or an ONNX Runtime tensor",
    value,
  });
}
