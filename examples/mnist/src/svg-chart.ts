/** One line of a chart panel. */
export interface ChartSeries {
  readonly name: string;
  /** CSS colour of the line. */
  readonly color: string;
  /** `[x, y]` points in drawing order; points with a non-finite coordinate are left out. */
  readonly points: readonly (readonly [number, number])[];
  /** Draws the line dashed, for baselines. */
  readonly dashed?: boolean;
}

/** One plot of a {@link renderSvgChart} grid. */
export interface ChartPanel {
  readonly title: string;
  readonly xLabel: string;
  readonly series: readonly ChartSeries[];
  /** Keeps x ticks at whole numbers, for axes such as epochs. */
  readonly integerX?: boolean;
}

/** Layout of {@link renderSvgChart}; sizes are in SVG user units (pixels). */
export interface ChartLayout {
  readonly columns?: number;
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

const MARGIN = { left: 56, right: 16, top: 48, bottom: 44 };
const TITLE_HEIGHT = 36;

/**
 * Renders line charts in a grid as a standalone SVG document that browsers
 * open directly: each panel has its own axes with rounded tick values, a
 * legend and its series as polylines. Text is XML-escaped. A panel with no
 * finite point shows "no data" instead of axes.
 */
export function renderSvgChart(title: string, panels: readonly ChartPanel[], layout: ChartLayout = {}): string {
  const columns = Math.max(1, Math.min(layout.columns ?? 3, panels.length));
  const panelWidth = layout.panelWidth ?? 360;
  const panelHeight = layout.panelHeight ?? 260;
  const rows = Math.ceil(panels.length / columns);
  const width = columns * panelWidth;
  const height = TITLE_HEIGHT + rows * panelHeight;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  panels.forEach((panel, index) => {
    const x = (index % columns) * panelWidth;
    const y = TITLE_HEIGHT + Math.floor(index / columns) * panelHeight;
    parts.push(`<g transform="translate(${x},${y})">`, renderPanel(panel, panelWidth, panelHeight), "</g>");
  });
  parts.push("</svg>");

  return `${parts.join("\n")}\n`;
}

function renderPanel(panel: ChartPanel, width: number, height: number): string {
  const parts = [`<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(panel.title)}</text>`];
  const series = panel.series.map((s) => ({ ...s, points: s.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py)) }));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#888">no data</text>`);
    return parts.join("\n");
  }

  const [xMin, xMax] = extent(all, 0);
  const [yMin, yMax] = extent(all, 1);
  const xTicks = niceTicks(xMin, xMax, panel.integerX === true ? 1 : 0);
  const yTicks = niceTicks(yMin, yMax);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const sx = (value: number): number => MARGIN.left + ((value - x0) / (x1 - x0)) * plotWidth;
  const sy = (value: number): number => MARGIN.top + plotHeight - ((value - y0) / (y1 - y0)) * plotHeight;

  for (const tick of yTicks) {
    const ty = round(sy(tick));
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${ty}" y2="${ty}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${ty + 4}" text-anchor="end">${formatTick(tick)}</text>`);
  }
  for (const tick of xTicks) {
    const tx = round(sx(tick));
    parts.push(`<text x="${tx}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle" fill="#444">${escapeXml(panel.xLabel)}</text>`,
  );

  // Each series gets its line and then its legend entry. The legend is one row
  // between the panel title and the plot, so it never covers a line.
  let legendX = MARGIN.left;
  for (const s of series) {
    const dash = s.dashed === true ? ' stroke-dasharray="5 4"' : "";
    const color = escapeXml(s.color);
    if (s.points.length === 1) {
      const [px, py] = s.points[0];
      parts.push(`<circle cx="${round(sx(px))}" cy="${round(sy(py))}" r="3" fill="${color}"/>`);
    } else if (s.points.length > 1) {
      const coordinates = s.points.map(([px, py]) => `${round(sx(px))},${round(sy(py))}`).join(" ");
      parts.push(`<polyline points="${coordinates}" fill="none" stroke="${color}" stroke-width="1.6"${dash}/>`);
    }
    const legendY = MARGIN.top - 12;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 16}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${legendX + 20}" y="${legendY}">${escapeXml(s.name)}</text>`,
    );
    // About 6 units per character at font size 11, plus the sample line and a gap.
    legendX += 36 + 6 * s.name.length;
  }

  return parts.join("\n");
}

/**
 * Returns three to seven evenly spaced round tick values (steps of 1, 2 or 5
 * times a power of ten) that cover [min, max]. A step of at least `minStep`
 * can give fewer ticks. A zero-width range is widened so the axis still has a
 * length.
 */
export function niceTicks(min: number, max: number, minStep = 0): number[] {
  if (min === max) {
    const pad = Math.max(min === 0 ? 1 : Math.abs(min) * 0.1, minStep);
    return niceTicks(min - pad, max + pad, minStep);
  }
  const rough = Math.max((max - min) / 5, minStep);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    // Multiplying instead of adding keeps rounding errors from accumulating.
    const value = Number((first + i * step).toPrecision(12));
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

/** Returns the minimum and maximum of coordinate `axis` (0 for x, 1 for y) over `points`. */
function extent(points: readonly (readonly [number, number])[], axis: 0 | 1): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    min = Math.min(min, point[axis]);
    max = Math.max(max, point[axis]);
  }
  return [min, max];
}

/** Escapes the five XML special characters. */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

function formatTick(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(1) : String(Number(value.toPrecision(4)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
