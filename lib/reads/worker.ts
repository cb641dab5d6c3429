// A read pool worker (lib/reads/pool.ts): a thread with its own read-only connection to the SQLite file, running
// the reads the main thread names (lib/reads/registry.ts) so that their queries never hold up the event loop
// that acknowledges pushes. Bundled into one file by lib/reads/bundle.ts; its packages load from node_modules.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { useReadOnlyDb } from "../db";
import { readPoolNice } from "../env";
import type { FromWorker, ToWorker } from "./protocol";
import { sendError } from "./protocol";
import { reads, streams } from "./registry";

const port = parentPort!;

// Below the main thread in the CPU scheduler (READ_POOL_NICE, default 10): on two cores a burst of console reads
// then takes the cycles the push path leaves over rather than sharing them evenly with it. The price is paid only
// when something else wants the CPU — on a machine shared with other busy processes, reads slow down too. Linux
// sets a nice value per thread (its tid, read from /proc/thread-self); elsewhere the worker keeps the process's.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0 && readPoolNice() > 0) os.setPriority(tid, readPoolNice());
} catch {
  // not Linux, or not permitted: same priority as the main thread
}

useReadOnlyDb();

const send = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer ?? []);
const readers = new Map<number, ReadableStreamDefaultReader<Uint8Array>>();

type AnyRead = (...args: unknown[]) => Promise<unknown>;
type AnyStream = (...args: unknown[]) => ReadableStream<Uint8Array>;

async function handle(m: ToWorker) {
  try {
    switch (m.kind) {
      case "call": {
        const read = (reads as Record<string, AnyRead>)[m.name];
        if (!read) throw new Error(`read pool: no read named ${m.name}`);
        send({ id: m.id, kind: "value", value: await read(...m.args) });
        return;
      }
      case "stream": {
        const open = (streams as Record<string, AnyStream>)[m.name];
        if (!open) throw new Error(`read pool: no stream named ${m.name}`);
        readers.set(m.id, open(...m.args).getReader());
        send({ id: m.id, kind: "value", value: null });
        return;
      }
      case "pull": {
        const reader = readers.get(m.id);
        if (!reader) throw new Error("read pool: no such stream");
        const { done, value } = await reader.read();
        if (done) {
          readers.delete(m.id);
          send({ id: m.id, kind: "end" });
        } else {
          // Copied out when the chunk shares its buffer, so that transferring it takes nothing else along.
          const chunk = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
          send({ id: m.id, kind: "chunk", chunk }, [chunk.buffer as ArrayBuffer]);
        }
        return;
      }
      case "cancel": {
        const reader = readers.get(m.id);
        readers.delete(m.id);
        await reader?.cancel();
        return;
      }
    }
  } catch (e) {
    if (m.kind === "pull") readers.delete(m.id);
    send({ id: m.id, kind: "error", error: sendError(e) });
  }
}

port.on("message", (m: ToWorker) => void handle(m));
send({ kind: "ready" });
