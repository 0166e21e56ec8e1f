import { describe, expect, it } from 'vitest';
import { MinHeap } from './MinHeap';
import { seededRandom } from './seededRandom';

describe('MinHeap', () => {
  it('pops values cheapest first, whatever order they were pushed in', () => {
    const random = seededRandom(7);
    const heap = new MinHeap();
    const priorities = Array.from({ length: 500 }, () => Math.floor(random() * 100));
    priorities.forEach((p, i) => heap.push(i, p));
    const popped: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(priorities[v]!);
    expect(popped).toEqual([...priorities].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });

  it('breaks ties in priority by the tie-break', () => {
    const heap = new MinHeap();
    heap.push(1, 5, 3);
    heap.push(2, 5, -1);
    heap.push(3, 4, 9);
    heap.push(4, 5, 0);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([3, 2, 4, 1]);
  });

  it('is empty-safe and keeps working after draining', () => {
    const heap = new MinHeap();
    expect(heap.pop()).toBeUndefined();
    heap.push(1, 5);
    heap.push(2, 3);
    expect(heap.pop()).toBe(2);
    heap.push(3, 4);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([3, 1, undefined]);
  });
});
