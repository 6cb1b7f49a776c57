/**
 * A float64 running sum with Neumaier's compensation, for kernels that
 * produce their terms one block at a time: add each block's partial sum with
 * {@link CompensatedSum.add} and read {@link CompensatedSum.value} at the end.
 * An infinite or NaN total is returned as it is.
 */
export class CompensatedSum {
  private total = 0;
  private compensation = 0;

  add(term: number): void {
    const next = this.total + term;
    this.compensation +=
      Math.abs(this.total) >= Math.abs(term) ? this.total - next + term : term - next + this.total;
    this.total = next;
  }

  get value(): number {
    return Number.isFinite(this.total) ? this.total + this.compensation : this.total;
  }
}
