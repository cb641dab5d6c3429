// GET /api/health as it answers: the database's kind and latency and the background jobs' state, or (503) why the
// database is unreachable.
import { z } from "zod";
import { Instant } from "./common";

export const Health = z.union([
  z.object({
    ok: z.literal(true),
    database: z.object({ kind: z.enum(["sqlite", "pg"]), latencyMs: z.number() }),
    callbackSecretConfigured: z.boolean(),
    jobs: z.object({
      failedPushesWaiting: z.number().int(),
      lastPushAt: Instant.nullable(),
      lastSuccessfulSyncAt: Instant.nullable(),
      running: z.number().int(),
      settlementOverdue: z.number().int(),
    }),
  }),
  z.object({ ok: z.literal(false), database: z.object({ kind: z.enum(["sqlite", "pg"]), error: z.string() }) }),
]);
export type Health = z.infer<typeof Health>;

/** GET and POST /api/ping: a constant. */
export const Ping = z.object({ ok: z.literal(true) });
