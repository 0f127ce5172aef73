import { describe, expect, it } from 'vitest';
import { RecordQueue } from './record-queue.js';

describe('RecordQueue', () => {
  it('hands out items oldest first, in batches', () => {
    const queue = new RecordQueue<number>();
    for (let i = 0; i < 5; i++) queue.push(i);
    expect(queue.take(2)).toEqual([0, 1]);
    expect(queue.length).toBe(3);
    queue.push(5);
    expect(queue.take(10)).toEqual([2, 3, 4, 5]);
    expect(queue.length).toBe(0);
    expect(queue.take(10)).toEqual([]);
  });

  it('drops the oldest items', () => {
    const queue = new RecordQueue<number>();
    for (let i = 0; i < 5; i++) queue.push(i);
    queue.dropOldest(2);
    expect(queue.take(10)).toEqual([2, 3, 4]);
    queue.dropOldest(3);
    expect(queue.length).toBe(0);
  });

  it('stays in order across many pushes, drops and takes (compaction)', () => {
    const queue = new RecordQueue<number>();
    const expected: number[] = [];
    let next = 0;
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 37; i++) {
        queue.push(next);
        expected.push(next++);
      }
      queue.dropOldest(3);
      expected.splice(0, 3);
      const batch = queue.take(25);
      expect(batch).toEqual(expected.splice(0, 25));
    }
    expect(queue.length).toBe(expected.length);
    expect(queue.take(Number.MAX_SAFE_INTEGER)).toEqual(expected);
  });
});
