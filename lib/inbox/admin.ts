// The admin's view of the inbox: every raw push, and reprocessing — one push, all failed ones, or a time
// range, with a dry run that shows what a range would change and then rolls everything back.
import type { z } from "zod";
import type { PushListQuery, RangeBody } from "../contracts/inbox";
import { rawDb } from "../db";
import { exec, first, q, type Work } from "../db/query";
import { keysetPage, type KeysetOrder } from "../api/cursor";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { PUSH_COLUMNS, pushDto } from "../orders/dto";
import { beijingDayEnd, beijingDayStart } from "../time";
import { reprocessStored, type PushOutcome } from "./store";
import { memberMoneyOn, moneyChange } from "../earnings/effect";
import { ORDER_STATUSES, storedCode, type OrderStatus } from "../contracts/enums";

const NEWEST_FIRST: KeysetOrder<"id"> = { column: "id", direction: "desc" };

export async function listPushes(f: z.infer<typeof PushListQuery>) {
  let query = q.selectFrom("inbox_pushes").select([...PUSH_COLUMNS, "body", "bodyTruncated", "orderId"]);
  if (f.signFailed) query = query.where("signatureValid", "=", false);
  if (f.failed) query = query.where("outcome", "=", "failed");
  else if (f.outcome) query = query.where("outcome", "=", f.outcome);
  if (f.orderId) query = query.where("orderId", "=", f.orderId);
  if (f.from) query = query.where("receivedAt", ">=", beijingDayStart(f.from));
  if (f.to) query = query.where("receivedAt", "<", beijingDayEnd(f.to));
  const { rows, nextCursor } = await rawDb().run(() => keysetPage(query, NEWEST_FIRST, f));
  return { items: rows.map((p) => ({ ...pushDto(p), orderId: p.orderId })), nextCursor };
}

export async function reprocessOne(pushId: number, actorId: string) {
  const raw = rawDb();
  const result = await raw.transaction(function* () {
    const r = yield* reprocessStored(pushId);
    if (!r) throw new ApiError(409, "not_reprocessable", "该推送不存在、签名错误或内容无法解析，不能重新处理");
    yield* audit({ actorId, action: "push.reprocess", targetType: "push", targetId: String(pushId), after: { outcome: r.outcome, error: r.error } });
    return r;
  });
  return { pushId: result.pushId, outcome: result.outcome, error: result.error };
}

type Outcomes = Record<PushOutcome, number>;
const emptyOutcomes = (): Outcomes => ({ applied: 0, ignored: 0, duplicate: 0, rejected: 0, failed: 0 });

export async function reprocessFailed(actorId: string) {
  const raw = rawDb();
  const outcomes = emptyOutcomes();
  let processed = 0;
  let after = 0;
  for (;;) {
    const batch = await raw.rows(q.selectFrom("inbox_pushes").select("id").where("outcome", "=", "failed").where("id", ">", after).orderBy("id").limit(200));
    if (!batch.length) break;
    for (const row of batch) {
      after = row.id;
      const r = await raw.transaction(() => reprocessStored(after, true));
      if (!r) continue;
      processed++;
      outcomes[r.outcome]++;
    }
  }
  await raw.transaction(() => audit({ actorId, action: "push.reprocess_failed", targetType: "inbox", targetId: "failed", after: { processed, outcomes } }));
  return { processed, outcomes };
}

const MAX_RANGE_PUSHES = 10_000;

interface RangeChange {
  pushId: number;
  orderId: string | null;
  outcome: PushOutcome;
  from: OrderStatus | null;
  to: OrderStatus | null;
}

type RangeResult = { pushes: number; outcomes: Outcomes; changes: RangeChange[]; money: ReturnType<typeof moneyChange> };

class DryRunRollback extends Error {
  constructor(readonly result: RangeResult) {
    super("dry run");
  }
}

function* reprocessRange(range: z.infer<typeof RangeBody>, dryRun: boolean): Work<RangeResult> {
  const rows = yield* exec(
    q
      .selectFrom("inbox_pushes")
      .select(["id", "orderId"])
      .where("signatureValid", "=", true)
      .where("receivedAt", ">=", beijingDayStart(range.from))
      .where("receivedAt", "<", beijingDayEnd(range.to))
      .orderBy("id")
      .limit(MAX_RANGE_PUSHES + 1),
  );
  if (rows.length > MAX_RANGE_PUSHES) throw new ApiError(422, "range_too_large", `该时间范围内的推送超过 ${MAX_RANGE_PUSHES} 条，请缩小范围`);
  const outcomes = emptyOutcomes();
  const changes: RangeChange[] = [];
  // What it does to members' money, for the confirmation (lib/earnings/effect.ts).
  const orderIds = rows.map((r) => r.orderId).filter((id): id is string => id !== null);
  const moneyBefore = yield* memberMoneyOn(orderIds);
  const statusOf = function* (orderId: string | null): Work<OrderStatus | null> {
    if (!orderId) return null;
    const o = yield* first(q.selectFrom("orders").select("status").where("platform", "=", "union").where("orderId", "=", orderId));
    return o ? storedCode(ORDER_STATUSES, o.status) : null;
  };
  for (const row of rows) {
    const orderId = row.orderId;
    const from = yield* statusOf(orderId);
    const r = yield* reprocessStored(row.id);
    if (!r) continue;
    outcomes[r.outcome]++;
    const to = yield* statusOf(orderId);
    if (r.outcome !== "duplicate") changes.push({ pushId: r.pushId, orderId, outcome: r.outcome, from, to });
  }
  const result = { pushes: rows.length, outcomes, changes: changes.slice(0, 1000), money: moneyChange(moneyBefore, yield* memberMoneyOn(orderIds)) };
  if (dryRun) throw new DryRunRollback(result);
  return result;
}

/** What reprocessing the range would do: it runs for real inside a transaction that is then rolled back. */
export async function dryRunRange(range: z.infer<typeof RangeBody>) {
  const raw = rawDb();
  try {
    await raw.transaction(() => reprocessRange(range, true));
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    throw e;
  }
  throw new Error("dry run did not roll back");
}

export async function reprocessRangeNow(range: z.infer<typeof RangeBody>, actorId: string) {
  const raw = rawDb();
  return raw.transaction(function* () {
    const result = yield* reprocessRange(range, false);
    yield* audit({ actorId, action: "push.reprocess_range", targetType: "inbox", targetId: `${range.from}..${range.to}`, after: { pushes: result.pushes, outcomes: result.outcomes } });
    return result;
  });
}
