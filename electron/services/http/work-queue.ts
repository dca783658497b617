// Runs in Node (pure logic).
/**
 * A queue that workers drain while a producer is still adding: `take()` waits for the next item and
 * answers null once the queue is closed and empty.
 */
export class WorkQueue<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T | null) => void)[] = [];
  added = 0;
  closed = false;

  add(item: T): void {
    if (this.closed) throw new Error('the queue is closed');
    this.added++;
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  take(): Promise<T | null> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** No more items will come: idle workers are released. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(null);
  }
}
