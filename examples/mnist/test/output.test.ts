import { describe, expect, it } from "vitest";
import { addToCentreSums, classCentres, meanOffDiagonalCosine, nearestCentreAccuracy } from "../src/embedding-evaluation.js";
import { ProgressBar } from "../src/progress-bar.js";
import { renderTable } from "../src/results-table.js";
import { averageInBuckets } from "../src/run-demo.js";
import { escapeXml, niceTicks, renderSvgChart } from "../src/svg-chart.js";

function captureStream(isTTY: boolean): { write(chunk: string): boolean; readonly isTTY: boolean; chunks: string[] } {
  const chunks: string[] = [];
  return {
    isTTY,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  };
}

describe("ProgressBar", () => {
  it("writes only the finished line off a terminal", () => {
    let time = 0;
    const stream = captureStream(false);
    const bar = new ProgressBar("run", 4, stream, { width: 4, now: () => time });
    bar.update(2, "loss 1");
    time = 1500;
    bar.finish("loss 0.5");
    expect(stream.chunks).toEqual(["run [####] 100% 4/4 1.5s loss 0.5\n"]);
  });

  it("redraws in place on a terminal at most once per interval", () => {
    let time = 0;
    const stream = captureStream(true);
    const bar = new ProgressBar("run", 10, stream, { width: 10, now: () => time, redrawInterval: 100 });
    bar.update(1);
    time = 50;
    bar.update(2);
    time = 150;
    bar.update(5, "loss 2");
    expect(stream.chunks).toEqual(["\rrun [#---------]  10% 1/10 0.0s\u001b[K", "\rrun [#####-----]  50% 5/10 0.1s loss 2\u001b[K"]);
  });

  it("cuts lines to the terminal width", () => {
    const chunks: string[] = [];
    const stream = { isTTY: true, columns: 20, write: (chunk: string) => chunks.push(chunk) };
    const bar = new ProgressBar("a long label", 4, stream, { width: 10, now: () => 0 });
    bar.update(1, "loss 1.2345");
    bar.finish("loss 0.5");
    expect(chunks).toEqual(["\ra long label [###--\u001b[K", "\ra long label [#####\u001b[K\n"]);
  });

  it("clamps updates to the total", () => {
    const stream = captureStream(true);
    const bar = new ProgressBar("run", 2, stream, { width: 2, now: () => 0 });
    bar.update(7);
    expect(stream.chunks[0]).toContain("[##] 100% 2/2");
  });

  it("finishes once", () => {
    const stream = captureStream(false);
    const bar = new ProgressBar("run", 1, stream, { now: () => 0 });
    bar.finish();
    bar.finish();
    bar.update(1);
    expect(stream.chunks).toHaveLength(1);
  });

  it("shows an empty run as complete", () => {
    const stream = captureStream(false);
    new ProgressBar("empty", 0, stream, { width: 3, now: () => 0 }).finish();
    expect(stream.chunks).toEqual(["empty [###] 100% 0/0 0.0s\n"]);
  });

  it("rejects an invalid total or width", () => {
    const stream = captureStream(false);
    expect(() => new ProgressBar("run", -1, stream)).toThrow(/total must be a non-negative integer, received -1/);
    expect(() => new ProgressBar("run", 2.5, stream)).toThrow(RangeError);
    expect(() => new ProgressBar("run", 2, stream, { width: 0 })).toThrow(/width must be a positive integer, received 0/);
  });
});

describe("renderTable", () => {
  it("pads columns to the widest cell", () => {
    expect(renderTable(["a", "long header"], [["wide cell", "x"]])).toBe(
      ["| a         | long header |", "| --------- | ----------- |", "| wide cell | x           |"].join("\n"),
    );
  });

  it("escapes pipes inside cells", () => {
    expect(renderTable(["h"], [["a|b"]])).toContain("| a\\|b |");
  });

  it("rejects a row of the wrong length", () => {
    expect(() => renderTable(["a", "b"], [["only one"]])).toThrow(/row 0 must have 2 cells, received 1/);
  });
});

describe("niceTicks", () => {
  it("covers the range with round steps", () => {
    expect(niceTicks(0.03, 0.97)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 750)).toEqual([0, 200, 400, 600, 800]);
  });

  it("widens a zero-width range", () => {
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(2, 2, 1)).toEqual([1, 2, 3]);
  });

  it("keeps whole-number steps when asked", () => {
    expect(niceTicks(1, 2, 1)).toEqual([1, 2]);
  });
});

describe("renderSvgChart", () => {
  it("escapes text", () => {
    const svg = renderSvgChart("a < b & c", [{ title: "x > y", xLabel: '"q"', series: [{ name: "s&t", color: "red", points: [[0, 1]] }] }]);
    expect(svg).toContain("a &lt; b &amp; c");
    expect(svg).toContain("x &gt; y");
    expect(svg).toContain("&quot;q&quot;");
    expect(svg).toContain(">s&amp;t</text>");
    expect(escapeXml("'")).toBe("&apos;");
  });

  it("leaves out non-finite points", () => {
    const svg = renderSvgChart("t", [
      { title: "p", xLabel: "x", series: [{ name: "s", color: "red", points: [[1, 1], [2, Number.NaN], [3, Infinity], [4, 2]] }] },
    ]);
    const polyline = /<polyline points="([^"]+)"/.exec(svg);
    expect(polyline?.[1].split(" ")).toHaveLength(2);
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("Infinity");
  });

  it("marks a panel without data", () => {
    const svg = renderSvgChart("t", [{ title: "p", xLabel: "x", series: [{ name: "s", color: "red", points: [[Number.NaN, 1]] }] }]);
    expect(svg).toContain(">no data</text>");
    expect(svg).not.toContain("<polyline");
  });

  it("draws a single point as a dot", () => {
    const svg = renderSvgChart("t", [{ title: "p", xLabel: "x", series: [{ name: "s", color: "red", points: [[1, 0.5]] }] }]);
    expect(svg).toContain("<circle ");
  });
});

describe("averageInBuckets", () => {
  it("averages consecutive values", () => {
    expect(averageInBuckets([1, 3, 5, 7, 9], 2)).toEqual([
      [3, 3],
      [5, 8],
    ]);
  });

  it("keeps short series as they are", () => {
    expect(averageInBuckets([4, 5], 10)).toEqual([
      [1, 4],
      [2, 5],
    ]);
    expect(averageInBuckets([], 10)).toEqual([]);
  });
});

describe("embedding evaluation", () => {
  const dim = 10;
  // Row r is 2·e_(r mod 10); its label is r mod 10, so each class centre is a basis vector.
  const rows = 20;
  const embeddings = new Float64Array(rows * dim);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    embeddings[r * dim + (r % 10)] = 2;
    labels[r] = r % 10;
  }

  it("averages normalised embeddings per class", () => {
    const centres = classCentres(embeddings, labels, dim);
    for (let c = 0; c < 10; c++) expect(centres[c * dim + c]).toBe(1);
    expect(centres.reduce((a, b) => a + b)).toBe(10);
  });

  it("sums normalised embeddings per class", () => {
    const sums = new Float64Array(10 * dim);
    addToCentreSums(sums, embeddings, labels, dim);
    expect(sums[3 * dim + 3]).toBe(2);
  });

  it("scores the nearest centre by cosine", () => {
    const centres = classCentres(embeddings, labels, dim);
    expect(nearestCentreAccuracy(embeddings, labels, dim, centres)).toBe(1);
    const shifted = labels.map((label) => (label + 1) % 10);
    expect(nearestCentreAccuracy(embeddings, shifted, dim, centres)).toBe(0);
    expect(nearestCentreAccuracy(new Float64Array(0), new Int32Array(0), dim, centres)).toBe(0);
  });

  it("measures the mean cosine between centres", () => {
    const orthogonal = classCentres(embeddings, labels, dim);
    expect(meanOffDiagonalCosine(orthogonal, dim)).toBe(0);
    const identical = new Float64Array(10 * dim);
    for (let c = 0; c < 10; c++) identical[c * dim] = c + 1;
    expect(meanOffDiagonalCosine(identical, dim)).toBeCloseTo(1, 12);
  });
});
