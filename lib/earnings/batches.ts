// Payout batches: every approved withdrawal not yet exported goes into one batch, downloaded as a CSV for the
// bank's or Alipay's batch transfer; once the transfers are done the operator marks the whole batch paid. Marking
// a paid batch again changes nothing. Both steps are audited.
import { sql, type Selectable } from "kysely";
import type { z } from "zod";
import type { PayBatchBody } from "../contracts/earnings";
import { PAYOUT_BATCH_STATUSES, storedCode } from "../contracts/enums";
import { rawDb } from "../db";
import { ApiError, notFound } from "../api/errors";
import { audit } from "../audit";
import { exec, first, q, type DB } from "../db/query";
import { fenToYuan } from "../money";
import { formatBeijing } from "../time";
import { PAYOUT_METHOD_LABEL, WITHDRAWAL_STATUS_LABEL, label } from "../labels";
import { csvField } from "../orders/export";
import { reviewWithdrawal } from "./withdrawals";

const BATCH_COLUMNS = ["id", "status", "count", "totalFen", "createdAt", "paidAt"] as const;

function batchDto(b: Pick<Selectable<DB["payout_batches"]>, (typeof BATCH_COLUMNS)[number]>) {
  return { id: b.id, status: storedCode(PAYOUT_BATCH_STATUSES, b.status), count: b.count, total: fenToYuan(b.totalFen), createdAt: b.createdAt.toISOString(), paidAt: b.paidAt?.toISOString() ?? null };
}

export async function listPayoutBatches() {
  const raw = rawDb();
  const batches = await raw.rows(q.selectFrom("payout_batches").select(BATCH_COLUMNS).orderBy("id", "desc").limit(20));
  const [waiting] = await raw.rows(
    q.selectFrom("withdrawals").select([sql<number>`COUNT(*)`.as("n"), sql<number>`COALESCE(SUM("amountFen"), 0)`.as("total")]).where("status", "=", "approved").where("batchId", "is", null),
  );
  return { items: batches.map(batchDto), unexported: { count: Number(waiting.n), total: fenToYuan(Number(waiting.total)) } };
}

/** Puts every approved withdrawal not yet exported into a new batch. */
export async function createPayoutBatch(actorId: string) {
  const raw = rawDb();
  const id = await raw.transaction(function* () {
    const rows = yield* exec(q.selectFrom("withdrawals").select(["id", "amountFen"]).where("status", "=", "approved").where("batchId", "is", null).orderBy("id").forUpdate());
    if (!rows.length) throw new ApiError(409, "nothing_to_export", "没有待导出的已通过提现");
    const totalFen = rows.reduce((t, r) => t + r.amountFen, 0);
    const now = new Date();
    const [{ id: batchId }] = yield* exec(
      q.insertInto("payout_batches").values({ status: "exported", count: rows.length, totalFen, createdById: actorId, createdAt: now }).returning("id"),
    );
    yield* exec(q.updateTable("withdrawals").set({ batchId }).where("status", "=", "approved").where("batchId", "is", null));
    yield* audit({ actorId, action: "payout_batch.export", targetType: "payout_batch", targetId: String(batchId), after: { count: rows.length, total: fenToYuan(totalFen) } }, now);
    return batchId;
  });
  return batchDto(await batchById(id));
}

async function batchById(id: number) {
  const batch = await rawDb().row(q.selectFrom("payout_batches").select(BATCH_COLUMNS).where("id", "=", id));
  if (!batch) throw notFound("打款批次");
  return batch;
}

const HEADER = ["序号", "提现单号", "收款方式", "收款账号", "收款人真实姓名", "开户银行", "金额（元）", "会员", "申请时间（北京）", "当前状态"];

/** The batch as a CSV for batch transfer: full accounts (this file is what the money is sent with). */
export async function payoutBatchCsv(batchId: number): Promise<string> {
  await batchById(batchId);
  const raw = rawDb();
  const rows = await raw.rows(
    q.selectFrom("withdrawals").select(["id", "method", "account", "realName", "bankName", "amountFen", "memberId", "requestedAt", "status"]).where("batchId", "=", batchId).orderBy("id"),
  );
  const memberIds = [...new Set(rows.map((w) => w.memberId))];
  const users = memberIds.length ? await raw.rows(q.selectFrom("users").select(["id", "username"]).where("id", "in", memberIds)) : [];
  const username = new Map(users.map((u) => [u.id, u.username]));
  const line = (fields: (string | number | null)[]) => fields.map(csvField).join(",") + "\r\n";
  // Long digit strings (card numbers, phone numbers) keep their digits in Excel with a tab in front.
  const digits = (s: string) => (/^\d{8,}$/.test(s) ? `\t${s}` : s);
  return (
    "\uFEFF" +
    line(HEADER) +
    rows
      .map((w, i) =>
        line([i + 1, w.id, label(PAYOUT_METHOD_LABEL, w.method), digits(w.account), w.realName, w.bankName, fenToYuan(w.amountFen), username.get(w.memberId) ?? w.memberId, formatBeijing(w.requestedAt, true), label(WITHDRAWAL_STATUS_LABEL, w.status)]),
      )
      .join("")
  );
}

/**
 * Marks every approved withdrawal of the batch paid (one rejected meanwhile is left as it is). When the balance no
 * longer covers some of them, nothing is marked and the answer lists them, unless a reason is given.
 */
export async function payPayoutBatch(batchId: number, actorId: string, body: z.infer<typeof PayBatchBody>) {
  const raw = rawDb();
  const result = await raw.transaction(function* () {
    const batch = yield* first(q.selectFrom("payout_batches").select("status").where("id", "=", batchId).forUpdate());
    if (!batch) throw notFound("打款批次");
    if (batch.status === "paid") return { paid: [] as number[], skipped: [] as number[], alreadyPaid: true };
    const ws = yield* exec(q.selectFrom("withdrawals").select(["id", "status"]).where("batchId", "=", batchId).orderBy("id"));
    const now = new Date();
    const paid: number[] = [];
    const short: string[] = [];
    for (const w of ws) {
      if (w.status !== "approved") continue;
      try {
        yield* reviewWithdrawal(w.id, "pay", actorId, { note: `批次 #${batchId} 打款`, overrideReason: body.overrideReason || null }, now);
        paid.push(w.id);
      } catch (e) {
        // Refused before it changed anything: collected, and the whole batch is refused below.
        if (e instanceof ApiError && e.code === "balance_short") short.push(`提现 #${w.id}：${e.message}`);
        else throw e;
      }
    }
    if (short.length) throw new ApiError(409, "balance_short", `批次中有 ${short.length} 笔提现的会员余额已不足，未做任何标记。如确认仍要整批标记已打款，请填写原因。\n${short.join("\n")}`, { overrideReason: ["余额不足：如确认仍要执行，请填写原因"] });
    yield* exec(q.updateTable("payout_batches").set({ status: "paid", paidAt: now, paidById: actorId }).where("id", "=", batchId));
    const skipped = ws.filter((w) => w.status !== "approved").map((w) => w.id);
    yield* audit({ actorId, action: "payout_batch.pay", targetType: "payout_batch", targetId: String(batchId), before: { status: "exported" }, after: { status: "paid", count: paid.length, skipped }, reason: body.overrideReason ?? null }, now);
    return { paid, skipped, alreadyPaid: false };
  });
  return { batch: batchDto(await batchById(batchId)), ...result };
}
