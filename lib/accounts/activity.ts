// A member's activity for the admin: registration, orders, withdrawal requests and what admins did to them
// (audit_logs), newest first, keyset-paged across the four sources by (time, source, id).
import { z } from "zod";
import { cursorParam, limitParam } from "../contracts/common";
import { ApiError, notFound } from "../api/errors";
import { rawDb } from "../db";
import { q } from "../db/query";
import { fenToYuan } from "../money";
import type { OrderStatus } from "../meituan/status";
import { AUDIT_ACTION_LABEL, ORDER_STATUS_LABEL, WITHDRAWAL_STATUS_LABEL, label } from "../labels";
import { memberRefsOf } from "./display";

export const MemberActivityQuery = z.object({ cursor: cursorParam, limit: limitParam(20) });

/** Each source's place among entries at the same instant (newest first, so a higher rank comes first). */
const RANK = { registration: 0, order: 1, withdrawal: 2, admin: 3 } as const;
type Kind = keyof typeof RANK;

interface Key {
  at: number;
  rank: number;
  id: number;
}

function decode(cursor: string | undefined): Key | null {
  if (!cursor) return null;
  const m = /^(\d{1,15}):([0-3]):(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m || Number(m[1]) > Date.UTC(9999, 11, 31)) throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试");
  return { at: Number(m[1]), rank: Number(m[2]), id: Number(m[3]) };
}
const encode = (k: Key) => Buffer.from(`${k.at}:${k.rank}:${k.id}`).toString("base64url");

export async function memberActivity(memberId: string, query: z.infer<typeof MemberActivityQuery>) {
  const raw = rawDb();
  const member = await raw.row(q.selectFrom("users").select(["id", "createdAt"]).where("id", "=", memberId));
  if (!member) throw notFound("会员");
  const cursor = decode(query.cursor);
  const take = query.limit + 1;
  const at = cursor ? new Date(cursor.at) : null;
  /**
   * Where a source continues after the cursor, in (time, rank, id) descending order: a source ranked below the
   * cursor's may repeat its instant, one ranked above may not, and the cursor's own continues below its id.
   */
  const timeCond = (rank: number) => {
    if (!cursor || !at) return null;
    if (rank < cursor.rank) return { op: "<=" as const, at, id: null };
    if (rank > cursor.rank) return { op: "<" as const, at, id: null };
    return { op: "tie" as const, at, id: cursor.id };
  };

  const orderCond = timeCond(RANK.order);
  const withdrawalCond = timeCond(RANK.withdrawal);
  const adminCond = timeCond(RANK.admin);
  const [orders, withdrawals, audits] = await Promise.all([
    raw.rows(
      q.selectFrom("orders").select(["id", "orderId", "title", "status", "payFen", "occurredAt"]).where("memberId", "=", memberId)
        .$if(orderCond !== null, (w) =>
          w.where((eb) =>
            orderCond!.op === "tie"
              ? eb.or([eb("occurredAt", "<", orderCond!.at), eb.and([eb("occurredAt", "=", orderCond!.at), eb("id", "<", orderCond!.id!)])])
              : eb("occurredAt", orderCond!.op, orderCond!.at),
          ),
        )
        .orderBy("occurredAt", "desc").orderBy("id", "desc").limit(take),
    ),
    raw.rows(
      q.selectFrom("withdrawals").select(["id", "amountFen", "status", "requestedAt"]).where("memberId", "=", memberId)
        .$if(withdrawalCond !== null, (w) =>
          w.where((eb) =>
            withdrawalCond!.op === "tie"
              ? eb.or([eb("requestedAt", "<", withdrawalCond!.at), eb.and([eb("requestedAt", "=", withdrawalCond!.at), eb("id", "<", withdrawalCond!.id!)])])
              : eb("requestedAt", withdrawalCond!.op, withdrawalCond!.at),
          ),
        )
        .orderBy("requestedAt", "desc").orderBy("id", "desc").limit(take),
    ),
    raw.rows(
      q.selectFrom("audit_logs").select(["id", "action", "actorId", "reason", "at"]).where("targetType", "=", "member").where("targetId", "=", memberId)
        .$if(adminCond !== null, (w) =>
          w.where((eb) =>
            adminCond!.op === "tie"
              ? eb.or([eb("at", "<", adminCond!.at), eb.and([eb("at", "=", adminCond!.at), eb("id", "<", adminCond!.id!)])])
              : eb("at", adminCond!.op, adminCond!.at),
          ),
        )
        .orderBy("at", "desc").orderBy("id", "desc").limit(take),
    ),
  ]);
  const actors = await memberRefsOf(audits.map((a) => a.actorId));

  type Entry = { key: Key; kind: Kind; title: string; detail: string | null; orderId: string | null };
  const entries: Entry[] = [
    ...orders.map((o) => ({
      key: { at: o.occurredAt.getTime(), rank: RANK.order, id: o.id },
      kind: "order" as const,
      title: `下单：${o.title ?? "（无标题）"}`,
      detail: `实付 ¥${o.payFen === null ? "—" : fenToYuan(o.payFen)} · ${ORDER_STATUS_LABEL[o.status as OrderStatus] ?? o.status}`,
      orderId: o.orderId,
    })),
    ...withdrawals.map((w) => ({
      key: { at: w.requestedAt.getTime(), rank: RANK.withdrawal, id: w.id },
      kind: "withdrawal" as const,
      title: `申请提现 ¥${fenToYuan(w.amountFen)}`,
      detail: label(WITHDRAWAL_STATUS_LABEL, w.status),
      orderId: null,
    })),
    ...audits.map((a) => ({
      key: { at: a.at.getTime(), rank: RANK.admin, id: a.id },
      kind: "admin" as const,
      title: `管理员 ${actors.get(a.actorId)?.label ?? ""}：${label(AUDIT_ACTION_LABEL, a.action)}`,
      detail: a.reason,
      orderId: null,
    })),
  ];
  const registration: Key = { at: member.createdAt.getTime(), rank: RANK.registration, id: 0 };
  if (!cursor || compare(registration, cursor) > 0) entries.push({ key: registration, kind: "registration", title: "注册", detail: null, orderId: null });
  entries.sort((a, b) => compare(a.key, b.key));
  const items = entries.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((e) => ({ at: new Date(e.key.at).toISOString(), kind: e.kind, title: e.title, detail: e.detail, orderId: e.orderId })),
    nextCursor: entries.length > query.limit && last ? encode(last.key) : null,
  };
}

/** Negative when `a` comes before `b` (newest first): by time, then rank, then id. */
function compare(a: Key, b: Key): number {
  return b.at - a.at || b.rank - a.rank || b.id - a.id;
}
