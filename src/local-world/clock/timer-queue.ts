/** A timer of the virtual clock. */
export interface Timer {
  readonly seq: number;
  dueMs: number;
  /** Repeats every this many ms; null for a one-shot timer. */
  readonly everyMs: number | null;
  readonly fire: () => unknown;
  /** A schedule (health checks, alarm evaluation): it never keeps the world going on its own. */
  readonly background: boolean;
  /** Cancelled, or a one-shot that has fired: either way it will not fire again. */
  cancelled: boolean;
}

/**
 * The virtual clock's timers, earliest first; timers due at the same instant come out in the
 * order they were armed (by `seq`), so the same run always fires them in the same order.
 * A binary heap: O(log n) to arm and to take, for the tens of thousands of request latencies
 * a simulation arms. Cancelled timers are dropped lazily when they reach the top.
 */
export class TimerQueue {
  private readonly heap: Timer[] = [];
  private live = 0;
  private liveForeground = 0;

  get size(): number {
    return this.live;
  }

  /** Live timers that keep the world going (not background schedules). */
  get foreground(): number {
    return this.liveForeground;
  }

  push(timer: Timer): void {
    this.heap.push(timer);
    this.count(timer, 1);
    this.siftUp(this.heap.length - 1);
  }

  cancel(timer: Timer): void {
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.count(timer, -1);
  }

  /** The next live timer, without taking it. */
  peek(): Timer | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Takes the next live timer. */
  take(): Timer | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.count(top, -1);
    return top;
  }

  private count(timer: Timer, delta: number): void {
    this.live += delta;
    if (!timer.background) this.liveForeground += delta;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop() as Timer;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.heap[i] as Timer, this.heap[parent] as Timer)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && before(this.heap[left] as Timer, this.heap[smallest] as Timer))
        smallest = left;
      if (right < this.heap.length && before(this.heap[right] as Timer, this.heap[smallest] as Timer))
        smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const held = this.heap[a] as Timer;
    this.heap[a] = this.heap[b] as Timer;
    this.heap[b] = held;
  }
}

const before = (a: Timer, b: Timer): boolean => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
