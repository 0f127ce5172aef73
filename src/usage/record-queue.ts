/**
 * A FIFO with O(1) push and O(1) amortized removal from the front: an array plus a head index, compacted once the
 * consumed part dominates. (Array.shift and splice(0, n) copy the whole array, which a 100k-record queue with the
 * database down would pay on every request.)
 */
export class RecordQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Drops the oldest `count` items. */
  dropOldest(count: number): void {
    const end = Math.min(this.head + count, this.items.length);
    for (let index = this.head; index < end; index++) this.items[index] = undefined;
    this.head = end;
    this.compact();
  }

  /** Removes and returns up to `count` items from the front, oldest first. */
  take(count: number): T[] {
    if (this.head === 0 && this.items.length <= count) {
      const all = this.items as T[];
      this.items = [];
      return all;
    }
    const end = Math.min(this.head + count, this.items.length);
    const batch = this.items.slice(this.head, end) as T[];
    for (let index = this.head; index < end; index++) this.items[index] = undefined;
    this.head = end;
    this.compact();
    return batch;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
