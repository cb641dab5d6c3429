// The outbox: a member's notifications are rows written by the transaction that made the change, so a change
// that rolls back tells nobody and one that commits cannot be lost. After the commit the member's open pages are
// woken (lib/live/bus.ts); the delivery job (lib/notify/delivery.ts) sends the off-site copies later.
import type { Insertable } from "kysely";
import { afterCommit, exec, prepare, q, type DB, type Prepared, type Query, type Work } from "../db/query";
import type { NotificationKind } from "../contracts/enums";
import { wakeMembers } from "../live/bus";

export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  /** The change it reports, so that the same change tells once however often it is applied. */
  dedupeKey: string;
  orderRef?: number | null;
  withdrawalId?: number | null;
  amountFen?: number | null;
  count?: number | null;
  level?: number | null;
};

type Values = Required<Omit<Insertable<DB["notifications"]>, "id" | "readAt" | "dispatchedAt">>;
const FIELDS = ["userId", "kind", "dedupeKey", "orderRef", "withdrawalId", "amountFen", "count", "level", "createdAt"] as const satisfies readonly (keyof Values)[];

const build = (n: number) => (p: Record<string, unknown>) =>
  q.insertInto("notifications")
    .values(Array.from({ length: n }, (_, i) => Object.fromEntries(FIELDS.map((f) => [f, p[`${f}${i}`]])) as Values))
    .onConflict((oc) => oc.columns(["userId", "dedupeKey"]).doNothing());

// An order's rows are at most three levels: those counts are compiled once (they run on the push path).
const PREPARED = new Map<number, (p: Record<string, unknown>) => Prepared<Query>>([1, 2, 3].map((n) => [n, prepare<Record<string, unknown>>()(build(n))]));

/** Records the notifications in the transaction at hand and wakes their members' live pages once it commits. */
export function* notify(items: NewNotification[], at: Date): Work<void> {
  if (!items.length) return;
  for (let start = 0; start < items.length; start += 200) {
    const chunk = items.slice(start, start + 200);
    const params: Record<string, unknown> = {};
    chunk.forEach((it, i) => {
      const v: Values = {
        userId: it.userId, kind: it.kind, dedupeKey: it.dedupeKey, orderRef: it.orderRef ?? null, withdrawalId: it.withdrawalId ?? null,
        amountFen: it.amountFen ?? null, count: it.count ?? null, level: it.level ?? null, createdAt: at,
      };
      for (const f of FIELDS) params[`${f}${i}`] = v[f];
    });
    const prepared = PREPARED.get(chunk.length);
    yield* exec(prepared ? prepared(params) : build(chunk.length)(params));
  }
  const members = [...new Set(items.map((i) => i.userId))];
  yield* afterCommit(() => wakeMembers(members));
}
