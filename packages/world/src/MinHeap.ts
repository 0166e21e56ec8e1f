/**
 * A binary min-heap of numbers ordered by a priority, then a tie-break, for searches that pop the cheapest open
 * entry. Parallel arrays rather than objects, so a search over thousands of entries allocates nothing per push.
 */
export class MinHeap {
  private readonly values: number[] = [];
  private readonly priorities: number[] = [];
  private readonly tiebreaks: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(value: number, priority: number, tiebreak = 0): void {
    this.values.push(value);
    this.priorities.push(priority);
    this.tiebreaks.push(tiebreak);
    let i = this.values.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The value with the lowest priority (then tie-break), removed; undefined when empty. */
  pop(): number | undefined {
    const n = this.values.length;
    if (n === 0) return undefined;
    const top = this.values[0];
    this.swap(0, n - 1);
    this.values.pop();
    this.priorities.pop();
    this.tiebreaks.pop();
    const size = n - 1;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(right, left) ? right : left;
      if (!this.before(child, i)) break;
      this.swap(i, child);
      i = child;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const pa = this.priorities[a]!;
    const pb = this.priorities[b]!;
    return pa < pb || (pa === pb && this.tiebreaks[a]! < this.tiebreaks[b]!);
  }

  private swap(a: number, b: number): void {
    swapIn(this.values, a, b);
    swapIn(this.priorities, a, b);
    swapIn(this.tiebreaks, a, b);
  }
}

function swapIn(list: number[], a: number, b: number): void {
  const held = list[a]!;
  list[a] = list[b]!;
  list[b] = held;
}
