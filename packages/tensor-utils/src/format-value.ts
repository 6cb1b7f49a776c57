const MAX_ITEMS = 6;

/** Summarises a value for an error message: shapes and short arrays in full, long ones cut. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, MAX_ITEMS).map((item) => (typeof item === "object" && item !== null ? "[…]" : formatValue(item)));
    const more = items.length > MAX_ITEMS ? `, … (${items.length} items)` : "";
    const prefix = Array.isArray(value) ? "" : `${value.constructor.name} `;
    return `${prefix}[${shown.join(", ")}${more}]`;
  }
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name === undefined || name === "Object" ? "an object" : `a ${name}`;
}
