import { matmul, matmulTransposeB, xavierUniform, type Rng } from "@zae/tensor-utils";

/**
 * A fully connected network `y = relu(x · W1 + b1) · W2 + b2` with hand-written
 * backpropagation, enough to train a small embedding or regressor in plain
 * TypeScript.
 *
 * Weights are stored `[inputs, outputs]` (the transpose of PyTorch's
 * `nn.Linear.weight`) so that `x · W1` goes through tensor-utils' `matmul`,
 * which skips zero entries of `x`: about 80 % of MNIST pixels are zero.
 */
export class TwoLayerNetwork {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /** First layer weights, `[inputSize, hiddenSize]`. */
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  /** Second layer weights, `[hiddenSize, outputSize]`. */
  readonly w2: Float64Array;
  readonly b2: Float64Array;
  readonly gradW1: Float64Array;
  readonly gradB1: Float64Array;
  readonly gradW2: Float64Array;
  readonly gradB2: Float64Array;

  private input: Float64Array = new Float64Array(0);
  private hidden: Float64Array = new Float64Array(0);
  private rows = 0;

  /** Initialises both weight matrices Xavier-uniform from `rng` and the biases at zero. */
  constructor(inputSize: number, hiddenSize: number, outputSize: number, rng: Rng) {
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.outputSize = outputSize;
    // Xavier-uniform draws every entry from the same U(-a, a), so a
    // [inputs, outputs] matrix has the distribution of PyTorch's [outputs, inputs] one.
    this.w1 = xavierUniform(inputSize, hiddenSize, rng);
    this.b1 = new Float64Array(hiddenSize);
    this.w2 = xavierUniform(hiddenSize, outputSize, rng);
    this.b2 = new Float64Array(outputSize);
    this.gradW1 = new Float64Array(this.w1.length);
    this.gradB1 = new Float64Array(hiddenSize);
    this.gradW2 = new Float64Array(this.w2.length);
    this.gradB2 = new Float64Array(outputSize);
  }

  /** Trainable arrays, in the order of {@link gradients}. */
  parameters(): Float64Array[] {
    return [this.w1, this.b1, this.w2, this.b2];
  }

  /** Gradient arrays filled by {@link backward}, in the order of {@link parameters}. */
  gradients(): Float64Array[] {
    return [this.gradW1, this.gradB1, this.gradW2, this.gradB2];
  }

  /**
   * Computes the `[rows, outputSize]` output for a row-major `[rows, inputSize]`
   * input and keeps the input and hidden activations for {@link backward}.
   */
  forward(input: Float64Array, rows: number): Float64Array {
    const hidden = matmul(input, this.w1, rows, this.inputSize, this.hiddenSize);
    for (let r = 0; r < rows; r++) {
      const offset = r * this.hiddenSize;
      for (let j = 0; j < this.hiddenSize; j++) {
        const value = hidden[offset + j] + this.b1[j];
        hidden[offset + j] = value > 0 ? value : 0;
      }
    }

    const output = matmul(hidden, this.w2, rows, this.hiddenSize, this.outputSize);
    addBias(output, this.b2, rows);

    this.input = input;
    this.hidden = hidden;
    this.rows = rows;
    return output;
  }

  /**
   * Computes the output for many rows in blocks of `blockSize`, without
   * keeping activations, so evaluating thousands of digits stays small in memory.
   */
  predict(input: Float64Array, rows: number, blockSize = 1024): Float64Array {
    const output = new Float64Array(rows * this.outputSize);
    const saved = { input: this.input, hidden: this.hidden, rows: this.rows };
    for (let start = 0; start < rows; start += blockSize) {
      const count = Math.min(blockSize, rows - start);
      const block = input.subarray(start * this.inputSize, (start + count) * this.inputSize);
      output.set(this.forward(block, count), start * this.outputSize);
    }
    this.input = saved.input;
    this.hidden = saved.hidden;
    this.rows = saved.rows;
    return output;
  }

  /**
   * Fills the gradient arrays with the gradient of a scalar loss, given its
   * gradient `gradOutput` (`[rows, outputSize]`) with respect to the output
   * of the last {@link forward} call. Gradients are overwritten, not accumulated.
   */
  backward(gradOutput: Float64Array): void {
    const { rows, hiddenSize, inputSize, outputSize } = this;

    // Second layer: dW2 = Hᵀ · dY and db2 = Σ_rows dY.
    matmul(transpose(this.hidden, rows, hiddenSize), gradOutput, hiddenSize, rows, outputSize, this.gradW2);
    sumRows(gradOutput, rows, outputSize, this.gradB2);

    // Through the second layer, dH = dY · W2ᵀ, then through the ReLU, which
    // passes the gradient only where its output was positive.
    const gradHidden = matmulTransposeB(gradOutput, this.w2, rows, outputSize, hiddenSize);
    for (let i = 0; i < gradHidden.length; i++) {
      if (this.hidden[i] <= 0) gradHidden[i] = 0;
    }

    // First layer: dW1 = Xᵀ · dH, where matmul skips the zero pixels of Xᵀ.
    matmul(transpose(this.input, rows, inputSize), gradHidden, inputSize, rows, hiddenSize, this.gradW1);
    sumRows(gradHidden, rows, hiddenSize, this.gradB1);
  }
}

function addBias(matrix: Float64Array, bias: Float64Array, rows: number): void {
  const cols = bias.length;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) matrix[r * cols + c] += bias[c];
  }
}

function sumRows(matrix: Float64Array, rows: number, cols: number, out: Float64Array): void {
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c] += matrix[r * cols + c];
  }
}

function transpose(matrix: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  }
  return out;
}
