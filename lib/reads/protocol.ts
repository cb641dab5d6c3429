// The messages between the read pool (lib/reads/pool.ts) and its workers (lib/reads/worker.ts).
import { ApiError } from "../api/errors";

export type ToWorker =
  | { id: number; kind: "call"; name: string; args: unknown[] }
  | { id: number; kind: "stream"; name: string; args: unknown[] }
  | { id: number; kind: "pull" }
  | { id: number; kind: "cancel" };

export type FromWorker =
  | { id: number; kind: "value"; value: unknown }
  | { id: number; kind: "error"; error: SentError }
  | { id: number; kind: "chunk"; chunk: Uint8Array }
  | { id: number; kind: "end" }
  | { kind: "ready" };

/** An error as a worker sends it: structured clone keeps only an Error's message, so the API's fields travel apart. */
export interface SentError {
  message: string;
  stack?: string;
  code?: string;
  api?: { status: number; code: string; fields?: Record<string, string[] | undefined> };
}

export function sendError(e: unknown): SentError {
  if (e instanceof ApiError) return { message: e.message, stack: e.stack, api: { status: e.status, code: e.code, fields: e.fields } };
  if (e instanceof Error) return { message: e.message, stack: e.stack, code: (e as { code?: string }).code };
  return { message: String(e) };
}

/** The error again on the main thread: an ApiError stays one (a 404 is still a 404), anything else an Error. */
export function receivedError(e: SentError): Error {
  const error = e.api ? new ApiError(e.api.status, e.api.code, e.message, e.api.fields) : Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
  if (e.stack) error.stack = `${e.stack}\n    (in a read pool worker)`;
  return error;
}
