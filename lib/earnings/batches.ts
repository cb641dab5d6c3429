// Payout batches: every approved withdrawal not yet exported goes into one batch, downloaded as a CSV for the
// bank's or Alipay's batch transfer; once the transfers are done the operator marks the whole batch paid. Marking
// a paid batch again changes nothing. Both steps are audited.
import { z } from "zod";
import { db, rawDb } from "../db";
import { ApiError, notFound } from "../api/errors";
import { audit } from "../audit";
import { one } from "../db/sql";
import { fenToYuan } from "../money";
import { formatBeijing } from "../time";
import { PAYOUT_METHOD_LABEL, WITHDRAWAL_STATUS_LABEL, label } from "../labels";
import { csvField } from "../orders/export";
import { reviewWithdrawal } from "./withdrawals";

function batchDto(b: { id: number; status: string; count: number; totalFen: number; createdAt: Date; paidAt: Date | null }) {
  return { id: b.id, status: b.status, count: b.count, total: fenToYuan(b.totalFen), createdAt: b.createdAt.toISOString(), paidAt: b.paidAt?.toISOString() ?? null };
}

export async function listPayoutBatches() {
  const batches = await db().payoutBatch.findMany({ orderBy: { id: "desc" }, take: 20 });
  const [waiting] = await rawDb().query(`SELECT COUNT(*) AS "n", COALESCE(SUM("amountFen"), 0) AS "total" FROM withdrawals WHERE "status" = 'approved' AND "batchId" IS NULL`);
  return { items: batches.map(batchDto), unexported: { count: Number(waiting.n), total: fenToYuan(Number(waiting.total)) } };
}

/** Puts every approved withdrawal not yet exported into a new batch. */
export async function createPayoutBatch(actorId: string) {
  const raw = rawDb();
  const id = await raw.transaction(function* () {
    const rows = yield* one(`SELECT "id", "amountFen" FROM withdrawals WHERE "status" = 'approved' AND "batchId" IS NULL ORDER BY "id"${raw.dialect === "pg" ? " FOR UPDATE" : ""}`);
    if (!rows.length) throw new ApiError(409, "nothing_to_export", "没有待导出的已通过提现");
    const totalFen = rows.reduce((t, r) => t + Number(r.amountFen), 0);
    const now = new Date();
    const [b] = yield* one(`INSERT INTO payout_batches ("status", "count", "totalFen", "createdById", "createdAt") VALUES ('exported', ?, ?, ?, ?) RETURNING "id"`, [rows.length, totalFen, actorId, now]);
    const batchId = Number(b.id);
    yield* one(`UPDATE withdrawals SET "batchId" = ? WHERE "status" = 'approved' AND "batchId" IS NULL`, [batchId]);
    yield* audit({ actorId, action: "payout_batch.export", targetType: "payout_batch", targetId: String(batchId), after: { count: rows.length, total: fenToYuan(totalFen) } }, now);
    return batchId;
  });
  return batchDto(await db().payoutBatch.findUniqueOrThrow({ where: { id } }));
}

const HEADER = ["序号", "提现单号", "收款方式", "收款账号", "收款人真实姓名", "开户银行", "金额（元）", "会员", "申请时间（北京）", "当前状态"];

/** The batch as a CSV for batch transfer: full accounts (this file is what the money is sent with). */
export async function payoutBatchCsv(batchId: number): Promise<string> {
  const batch = await db().payoutBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw notFound("打款批次");
  const rows = await db().withdrawal.findMany({ where: { batchId }, orderBy: { id: "asc" } });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(rows.map((w) => w.memberId))] } }, select: { id: true, username: true } });
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

export const PayBatchBody = z.object({ overrideReason: z.string().trim().max(500, "原因最多 500 字").optional() });

/**
 * Marks every approved withdrawal of the batch paid (one rejected meanwhile is left as it is). When the balance no
 * longer covers some of them, nothing is marked and the answer lists them, unless a reason is given.
 */
export async function payPayoutBatch(batchId: number, actorId: string, body: z.infer<typeof PayBatchBody>) {
  const raw = rawDb();
  const result = await raw.transaction(function* () {
    const [batch] = yield* one(`SELECT * FROM payout_batches WHERE "id" = ?${raw.dialect === "pg" ? " FOR UPDATE" : ""}`, [batchId]);
    if (!batch) throw notFound("打款批次");
    if (batch.status === "paid") return { paid: [] as number[], skipped: [] as number[], alreadyPaid: true };
    const ws = yield* one(`SELECT "id", "status" FROM withdrawals WHERE "batchId" = ? ORDER BY "id"`, [batchId]);
    const now = new Date();
    const paid: number[] = [];
    const short: string[] = [];
    for (const w of ws) {
      if (w.status !== "approved") continue;
      try {
        yield* reviewWithdrawal(Number(w.id), "pay", actorId, { note: `批次 #${batchId} 打款`, overrideReason: body.overrideReason || null }, raw.dialect, now);
        paid.push(Number(w.id));
      } catch (e) {
        // Refused before it changed anything: collected, and the whole batch is refused below.
        if (e instanceof ApiError && e.code === "balance_short") short.push(`提现 #${w.id}：${e.message}`);
        else throw e;
      }
    }
    if (short.length) throw new ApiError(409, "balance_short", `批次中有 ${short.length} 笔提现的会员余额已不足，未做任何标记。如确认仍要整批标记已打款，请填写原因。\n${short.join("\n")}`, { overrideReason: ["余额不足：如确认仍要执行，请填写原因"] });
    yield* one(`UPDATE payout_batches SET "status" = 'paid', "paidAt" = ?, "paidById" = ? WHERE "id" = ?`, [now, actorId, batchId]);
    const skipped = ws.filter((w) => w.status !== "approved").map((w) => Number(w.id));
    yield* audit({ actorId, action: "payout_batch.pay", targetType: "payout_batch", targetId: String(batchId), before: { status: "exported" }, after: { status: "paid", count: paid.length, skipped }, reason: body.overrideReason ?? null }, now);
    return { paid, skipped, alreadyPaid: false };
  });
  return { batch: batchDto(await db().payoutBatch.findUniqueOrThrow({ where: { id: batchId } })), ...result };
}
