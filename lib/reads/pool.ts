// The read pool: worker threads (lib/reads/worker.ts), each with its own read-only connection to the SQLite file,
// that run heavy reads while the main thread keeps acknowledging pushes. A read goes to the worker with the least
// work in hand; a worker that dies or overruns the timeout fails the reads it held with a clear error (500) and
// is replaced on the next read.
import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./protocol";
import { receivedError } from "./protocol";

/** A read the pool could not answer: its worker died or the read overran the timeout. */
export class ReadPoolError extends Error {}

type Answer = Extract<FromWorker, { id: number }>;

interface Pending {
  what: string;
  resolve(a: Answer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  /** Streams open on this worker (each holds a reader there between pulls). */
  streams: number;
  stopped: boolean;
}

export class ReadPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly script: () => Promise<string>,
    readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  private scriptFile?: Promise<string>;

  /** Fills the pool to its size and waits until every worker has its connection. */
  async start(): Promise<void> {
    await Promise.all(this.fill().map((s) => s.ready));
  }

  /** How many workers are alive (tests, logs). */
  get workers(): number {
    return this.slots.length;
  }

  private fill(): Slot[] {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    return this.slots;
  }

  private spawn(): Slot {
    this.scriptFile ??= this.script().catch((e) => {
      this.scriptFile = undefined; // a failed bundle is tried again on the next read
      throw e;
    });
    const file = this.scriptFile;
    const slot = { pending: new Map(), streams: 0, stopped: false } as unknown as Slot;
    let worker: Worker | undefined;
    slot.ready = file.then(
      (f) =>
        new Promise<void>((resolve, reject) => {
          worker = slot.worker = new Worker(f);
          // A pool nobody closed must not keep a test or a script alive.
          worker.unref();
          worker.on("message", (m: FromWorker) => {
            if (m.kind === "ready") return resolve();
            const p = slot.pending.get(m.id);
            if (!p) return;
            slot.pending.delete(m.id);
            clearTimeout(p.timer);
            if (m.kind === "error") p.reject(receivedError(m.error));
            else p.resolve(m);
          });
          worker.on("error", (e) => reject(e));
          worker.on("exit", (code) => {
            reject(new ReadPoolError(`read pool worker stopped before it was ready (exit code ${code})`));
            this.stopped(slot, `exit code ${code}`);
          });
        }),
    );
    slot.ready.catch((e: Error) => this.stopped(slot, e.message));
    return slot;
  }

  /** A worker is gone (or given up on): what it held fails, and the next read starts its replacement. */
  private stopped(slot: Slot, why: string) {
    if (slot.stopped) return;
    slot.stopped = true;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ReadPoolError(`read pool worker stopped (${why}) while running ${p.what}`));
    }
    slot.pending.clear();
    void slot.worker?.terminate();
  }

  private pick(): Slot {
    if (this.closed) throw new ReadPoolError("read pool is closed");
    const load = (s: Slot) => s.pending.size + s.streams;
    return this.fill().reduce((a, b) => (load(b) < load(a) ? b : a));
  }

  private request(slot: Slot, message: ToWorker, what: string): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const pending: Pending = { what, resolve, reject, timer: undefined as unknown as NodeJS.Timeout };
      slot.pending.set(message.id, pending);
      slot.ready.then(
        () => {
          if (slot.stopped) return;
          // From the moment the worker has it: a worker's start-up fails on its own (error, exit), it does not hang.
          pending.timer = setTimeout(() => {
            slot.pending.delete(message.id);
            reject(new ReadPoolError(`read pool: ${what} took longer than ${this.timeoutMs / 1000} s`));
            // Its thread is inside a query that cannot be interrupted: give up on it (and what else it held).
            this.stopped(slot, `${what} timed out`);
          }, this.timeoutMs);
          pending.timer.unref();
          slot.worker.postMessage(message);
        },
        () => undefined, // stopped() has failed it
      );
    });
  }

  /** Runs the read of that name in a worker; its value comes back by structured clone. */
  async call(name: string, args: unknown[]): Promise<unknown> {
    const answer = await this.request(this.pick(), { id: this.nextId++, kind: "call", name, args }, name);
    return (answer as Extract<Answer, { kind: "value" }>).value;
  }

  /**
   * The stream of that name, opened in a worker and pulled from it one chunk at a time as the consumer reads:
   * at most a chunk or two are in flight, whatever the stream's length.
   */
  stream(name: string, args: unknown[]): ReadableStream<Uint8Array> {
    const slot = this.pick();
    const id = this.nextId++;
    slot.streams++;
    let open = true;
    const done = () => {
      if (open) slot.streams--;
      open = false;
    };
    return new ReadableStream<Uint8Array>(
      {
        start: async () => {
          try {
            await this.request(slot, { id, kind: "stream", name, args }, name);
          } catch (e) {
            done();
            throw e;
          }
        },
        pull: async (controller) => {
          try {
            const a = await this.request(slot, { id, kind: "pull" }, name);
            if (a.kind === "chunk") return controller.enqueue(a.chunk);
            done();
            controller.close();
          } catch (e) {
            done();
            throw e;
          }
        },
        cancel: () => {
          done();
          if (!slot.stopped) slot.worker.postMessage({ id, kind: "cancel" } satisfies ToWorker);
        },
      },
      { highWaterMark: 0 },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (s) => {
        this.stopped(s, "pool closed");
        await s.ready.catch(() => undefined);
        await s.worker?.terminate();
      }),
    );
  }
}
