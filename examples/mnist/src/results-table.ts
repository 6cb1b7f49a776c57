/**
 * Renders rows as a Markdown table with padded columns, readable in a terminal
 * and pasteable into a README. Cells containing `|` are escaped.
 *
 * @throws {RangeError} when a row has a different number of cells than `headers`.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const [index, row] of rows.entries()) {
    if (row.length !== headers.length) {
      throw new RangeError(`renderTable: row ${index} must have ${headers.length} cells, received ${row.length}.`);
    }
  }

  const escape = (cell: string): string => cell.replaceAll("|", "\\|");
  const cells = [headers, ...rows].map((row) => row.map(escape));
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => row[column].length)));
  const line = (row: readonly string[]): string => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  const rule = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;

  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}
