/**
 * Bytes a task may hold at once, shared by tasks running concurrently: `take` waits (first come,
 * first served) until the bytes are free, `give` returns them. A request larger than the whole
 * budget waits until the budget is entirely free, so one large file is never refused.
 */
export class ByteBudget {
  readonly #capacity: number;
  #free: number;
  readonly #waiting: { size: number; resolve: () => void }[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#free = capacity;
  }

  take(bytes: number): Promise<void> {
    const size = Math.min(bytes, this.#capacity);
    if (this.#waiting.length === 0 && size <= this.#free) {
      this.#free -= size;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push({ size, resolve }));
  }

  give(bytes: number): void {
    this.#free += Math.min(bytes, this.#capacity);
    while (this.#waiting.length > 0 && this.#waiting[0]!.size <= this.#free) {
      const next = this.#waiting.shift()!;
      this.#free -= next.size;
      next.resolve();
    }
  }
}
