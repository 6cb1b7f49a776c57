/** Output stream of a {@link ProgressBar}: `process.stderr` or a test double. */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** True for a terminal, where the bar redraws itself in place. */
  readonly isTTY?: boolean;
  /** Width of the terminal in characters, when known. */
  readonly columns?: number;
}

/** Settings of a {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Width of the bar in characters, default 24. */
  readonly width?: number;
  /** Minimum time between two redraws on a terminal, in milliseconds; default 100. */
  readonly redrawInterval?: number;
  /** Clock in milliseconds, default `performance.now`. */
  readonly now?: () => number;
}

/**
 * A one-line progress bar for a training run: label, bar, percentage, steps,
 * elapsed seconds and a status such as the running loss.
 *
 * On a terminal the line is redrawn in place (carriage return and erase to the
 * end of the line). Elsewhere, such as CI logs or a pipe, only the finished
 * line is written, so logs get one line per run instead of hundreds.
 */
export class ProgressBar {
  private readonly label: string;
  private readonly total: number;
  private readonly stream: ProgressStream;
  private readonly width: number;
  private readonly redrawInterval: number;
  private readonly now: () => number;
  private readonly startTime: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private completed = 0;
  private finished = false;

  /** @throws {RangeError} when `total` is not a non-negative integer or `width` is below 1. */
  constructor(label: string, total: number, stream: ProgressStream, options: ProgressBarOptions = {}) {
    if (!Number.isInteger(total) || total < 0) {
      throw new RangeError(`ProgressBar: total must be a non-negative integer, received ${total}.`);
    }
    const width = options.width ?? 24;
    if (!Number.isInteger(width) || width < 1) {
      throw new RangeError(`ProgressBar: width must be a positive integer, received ${width}.`);
    }
    this.label = label;
    this.total = total;
    this.stream = stream;
    this.width = width;
    this.redrawInterval = options.redrawInterval ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.startTime = this.now();
  }

  /** Records that `completed` steps of `total` are done (clamped to [0, total]) and redraws on a terminal. */
  update(completed: number, status = ""): void {
    if (this.finished) return;
    this.completed = Math.min(Math.max(completed, 0), this.total);
    if (this.stream.isTTY !== true) return;
    const time = this.now();
    if (time - this.lastDraw < this.redrawInterval) return;
    this.lastDraw = time;
    this.stream.write(`\r${this.fitToTerminal(this.render(status))}\u001b[K`);
  }

  /** Marks the run complete and writes the final line once; later calls do nothing. */
  finish(status = ""): void {
    if (this.finished) return;
    this.finished = true;
    this.completed = this.total;
    const line = this.render(status);
    if (this.stream.isTTY === true) this.stream.write(`\r${this.fitToTerminal(line)}\u001b[K\n`);
    else this.stream.write(`${line}\n`);
  }

  /**
   * Cuts a line to one character less than the terminal width, because a line
   * that wraps cannot be redrawn in place with a carriage return.
   */
  private fitToTerminal(line: string): string {
    const columns = this.stream.columns;
    if (columns === undefined || columns < 2 || line.length < columns) return line;
    return line.slice(0, columns - 1);
  }

  private render(status: string): string {
    // An empty run (total 0) is complete by definition.
    const fraction = this.total === 0 ? 1 : this.completed / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = "#".repeat(filled) + "-".repeat(this.width - filled);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const seconds = ((this.now() - this.startTime) / 1000).toFixed(1);
    const steps = `${this.completed}/${this.total}`;
    const suffix = status === "" ? "" : ` ${status}`;
    return `${this.label} [${bar}] ${percent} ${steps} ${seconds}s${suffix}`;
  }
}
