/** Settings of {@link Adam}; the defaults are PyTorch's `torch.optim.Adam` defaults. */
export interface AdamOptions {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * The Adam optimiser (Kingma and Ba, 2015) over a fixed list of parameter
 * arrays, updated in place. It has no randomness, so training stays deterministic.
 */
export class Adam {
  private readonly parameters: readonly Float64Array[];
  private readonly firstMoments: Float64Array[];
  private readonly secondMoments: Float64Array[];
  private readonly learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private steps = 0;

  constructor(parameters: readonly Float64Array[], options: AdamOptions = {}) {
    this.parameters = parameters;
    this.firstMoments = parameters.map((p) => new Float64Array(p.length));
    this.secondMoments = parameters.map((p) => new Float64Array(p.length));
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /**
   * Applies one update with `gradients`, given in the order of the parameters.
   * @throws {RangeError} when the count or a length of `gradients` differs from the parameters.
   */
  step(gradients: readonly Float64Array[]): void {
    if (gradients.length !== this.parameters.length) {
      throw new RangeError(`Adam.step: expected ${this.parameters.length} gradient arrays, received ${gradients.length}.`);
    }
    this.steps++;
    const correction1 = 1 - this.beta1 ** this.steps;
    const correction2 = 1 - this.beta2 ** this.steps;
    const stepSize = this.learningRate / correction1;

    for (let p = 0; p < this.parameters.length; p++) {
      const parameter = this.parameters[p];
      const gradient = gradients[p];
      if (gradient.length !== parameter.length) {
        throw new RangeError(`Adam.step: gradient ${p} must have ${parameter.length} entries, received ${gradient.length}.`);
      }
      const m = this.firstMoments[p];
      const v = this.secondMoments[p];
      for (let i = 0; i < parameter.length; i++) {
        const g = gradient[i];
        m[i] = this.beta1 * m[i] + (1 - this.beta1) * g;
        v[i] = this.beta2 * v[i] + (1 - this.beta2) * g * g;
        parameter[i] -= (stepSize * m[i]) / (Math.sqrt(v[i] / correction2) + this.epsilon);
      }
    }
  }
}
