// Renders take a core each for a few hundred milliseconds: at most `concurrency` run at once and at most
// `maxWaiting` wait. Beyond that a request is refused at once (503) rather than growing a queue whose tail
// would wait longer than anyone holds a phone.
export class QueueFull extends Error {
  constructor() {
    super("poster render queue is full");
  }
}

export class RenderQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get depth() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `job` when a slot is free; throws QueueFull at once when the queue is at its bound. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await job();
    } finally {
      // The slot passes straight to the next waiting job, so `running` never dips and lets a newcomer jump ahead.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
