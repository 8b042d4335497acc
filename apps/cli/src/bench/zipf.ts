/**
 * Draws ranks `0..n-1` with probability proportional to `1 / (rank + 1)^exponent` (a zipfian
 * law: with exponent 1 and 200 players, the first takes about 17% of the draws, the first ten
 * about half). `uniform` is a number in [0, 1).
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, exponent: number) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let rank = 0; rank < n; rank++) this.cumulative[rank] = sum += 1 / (rank + 1) ** exponent;
    for (let rank = 0; rank < n; rank++) this.cumulative[rank]! /= sum;
  }

  /** The rank a uniform draw falls on (binary search of the cumulative distribution). */
  draw(uniform: number): number {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! > uniform) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
