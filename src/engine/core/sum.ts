/**
 * Compensated (Neumaier) summation for money. Plain float addition of 50,000 values such as
 * 1234.56 drifts into 1051353.0600000005; the compensated sum stays at the double nearest the
 * exact total, so figures add up to the cent and JSON shows 1051353.06.
 */
export class MoneySum {
  private s = 0;
  private c = 0;

  add(x: number): void {
    const t = this.s + x;
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x;
    else this.c += x - t + this.s;
    this.s = t;
  }

  addSum(other: MoneySum): void {
    this.add(other.s);
    this.add(other.c);
  }

  get value(): number {
    return this.s + this.c;
  }

  reset(): void {
    this.s = 0;
    this.c = 0;
  }
}
