// Signed Meituan pushes streamed by a few concurrent senders that behave like Meituan: a push that did not get
// {"errcode":"0","errmsg":"ok"} is sent again (same bytes) until it does; an order's next state is only pushed once
// the previous one was acknowledged; now and then an already acknowledged push is delivered again (Meituan
// repeats pushes), sometimes after a newer state of the order. Then the database is checked directly.
import { md5, num, OK_BODY, request, sample, truthy, unionSign, type Q, type Rand, type Reply, type Row } from "./common";

export type Step = "1" | "8" | "9";
export const STEP_STATUS: Record<Step, string> = { "1": "paid", "8": "completed", "9": "refunded" };
const STEP_EARNING: Record<Step, string> = { "1": "estimated", "8": "pending", "9": "void" };
const NEXT_STEP: Partial<Record<Step, Step>> = { "1": "8", "8": "9" };
export const FINAL_OUTCOMES = new Set(["applied", "ignored", "duplicate"]);

export interface Push {
  orderId: string;
  seq: number;
  step: Step;
  body: Buffer;
  hash: string;
  dedupeKey: string;
  sends: number;
  acks: number;
  /** Replies that were not ok, by kind. */
  failures: number;
}

export interface SendRecord {
  push: Push;
  redelivery: boolean;
  start: number;
  end: number;
  reply: Reply;
  kind: "ok" | "503-err" | "other";
}

export class PushStream {
  readonly runId: string;
  readonly pushes = new Map<string, Push>();
  private seq = 0;
  private retry: { p: Push; at: number }[] = [];
  private updates: { seq: number; step: Step }[] = [];
  private ackedList: Push[] = [];
  private scheduled = new Set<string>();
  inflight = 0;
  /** Pushes sent and not yet acknowledged, redeliveries excluded. */
  private unacked = new Set<Push>();
  allowNew = true;
  records: SendRecord[] = [];
  errorKinds: Record<string, number> = {};
  maxOkMs = 0;

  constructor(
    readonly sids: string[],
    private readonly rand: Rand,
    readonly redeliverRate = 0.05,
    readonly burstRate = 0.08,
  ) {
    this.runId = String(rand.between(10_000_000, 99_999_999));
  }

  orderId(seq: number) {
    return `6${this.runId}${String(seq).padStart(9, "0")}`; // 18 digits
  }

  get prefix() {
    return `6${this.runId}`;
  }

  build(seq: number, step: Step): Push {
    const orderId = this.orderId(seq);
    const key = `${orderId}:${step}`;
    const known = this.pushes.get(key);
    if (known) return known;
    const payTime = 1714550400 + seq * 7;
    const modTime = payTime + (step === "1" ? 1 : step === "8" ? 86_400 : 2 * 86_400);
    const pay = (1000 + ((seq * 37) % 5000)) / 100;
    const params: Record<string, string> = {
      orderid: orderId,
      sid: this.sids[seq % this.sids.length],
      appkey: "demo_appkey",
      uid: String(100200 + (seq % 1000)),
      smstitle: "美团外卖-故障测试店铺",
      quantity: "1",
      paytime: String(payTime),
      ordertime: String(payTime - 10),
      modTime: String(modTime),
      status: step,
      businessLine: "2",
      subBusinessLine: "1",
      actId: "33",
      total: (pay + 6.7).toFixed(2),
      payPrice: pay.toFixed(2),
      direct: pay.toFixed(2),
      ratio: "0.05",
    };
    if (step === "9") params.refundType = "1";
    params.sign = unionSign(params);
    const body = Buffer.from(JSON.stringify(params), "utf8");
    const p: Push = {
      orderId, seq, step, body, hash: md5(body),
      dedupeKey: [step, String(modTime), params.refundType ?? "", "", ""].join("|"),
      sends: 0, acks: 0, failures: 0,
    };
    this.pushes.set(key, p);
    return p;
  }

  /** A specific order's push, outside the random mix (the trigger tests). */
  newOrderSeq() {
    return this.seq++;
  }

  private pick(): { p: Push; redelivery: boolean } | null {
    const now = Date.now();
    const i = this.retry.findIndex((r) => r.at <= now);
    if (i >= 0) return { p: this.retry.splice(i, 1)[0].p, redelivery: false };
    if (!this.allowNew) return null;
    if (this.ackedList.length && this.rand.next() < this.redeliverRate) {
      return { p: this.ackedList[Math.floor(this.rand.next() * this.ackedList.length)], redelivery: true };
    }
    if (this.updates.length && this.rand.next() < 0.55) {
      const u = this.updates.shift()!;
      return { p: this.build(u.seq, u.step), redelivery: false };
    }
    const seq = this.seq++;
    // Now and then an order's "paid" push arrives late, after its "completed" one (Meituan retried it): the
    // order is created completed, and the older state must then be recorded but ignored, never applied.
    if (this.rand.next() < this.burstRate) {
      this.scheduled.add(`${seq}:8`);
      this.schedule(seq, "1");
      return { p: this.build(seq, "8"), redelivery: false };
    }
    return { p: this.build(seq, "1"), redelivery: false };
  }

  private schedule(seq: number, step: Step) {
    const key = `${seq}:${step}`;
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    this.updates.push({ seq, step });
  }

  /** Sends one push and does the bookkeeping; null when there was nothing to send. */
  async sendOne(port: () => number, timeoutMs = 15_000): Promise<SendRecord | null> {
    const picked = this.pick();
    if (!picked) return null;
    const { p, redelivery } = picked;
    return this.send(p, redelivery, port(), timeoutMs);
  }

  async send(p: Push, redelivery: boolean, port: number, timeoutMs = 15_000): Promise<SendRecord> {
    p.sends++;
    if (!redelivery) this.unacked.add(p);
    this.inflight++;
    const start = Date.now();
    const reply = await request(port, "POST", "/api/meituan/callback", p.body, timeoutMs);
    this.inflight--;
    const end = Date.now();
    let kind: SendRecord["kind"] = "other";
    if (reply.ok && reply.status === 200 && reply.body === OK_BODY) kind = "ok";
    else if (reply.ok && reply.status === 503 && safeJson(reply.body)?.errcode === "1") kind = "503-err";
    const rec: SendRecord = { push: p, redelivery, start, end, reply, kind };
    this.records.push(rec);
    if (kind === "ok") {
      this.maxOkMs = Math.max(this.maxOkMs, reply.ms);
      p.acks++;
      this.unacked.delete(p);
      if (p.acks === 1) {
        this.ackedList.push(p);
        const next = NEXT_STEP[p.step];
        if (next) this.schedule(p.seq, next);
      }
    } else {
      p.failures++;
      const k = reply.ok ? `HTTP ${reply.status} ${reply.body.slice(0, 60)}` : `network ${reply.error}`;
      this.errorKinds[k] = (this.errorKinds[k] ?? 0) + 1;
      // Meituan retries what was not acknowledged; a failed repeat of an acknowledged push needs nothing.
      if (!redelivery && p.acks === 0) this.retry.push({ p, at: Date.now() + 150 + Math.floor(this.rand.next() * 250) });
    }
    return rec;
  }

  get unackedCount() {
    return this.unacked.size;
  }

  /** Senders loop until `stop()` says so; in drain mode only the unacknowledged pushes are retried. */
  async senders(n: number, port: () => number, stop: () => boolean) {
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (!stop()) {
          const rec = await this.sendOne(port);
          // Nothing to send, or a refused push: a pause, as Meituan's pusher does not retry in a tight loop.
          if (!rec) await new Promise((r) => setTimeout(r, 20));
          else if (rec.kind !== "ok") await new Promise((r) => setTimeout(r, 100 + Math.floor(this.rand.next() * 100)));
        }
      }),
    );
  }

  /** Retries every unacknowledged push until acknowledged or the deadline passes. */
  async drain(n: number, port: () => number, deadlineMs: number) {
    this.allowNew = false;
    const until = Date.now() + deadlineMs;
    await this.senders(n, port, () => Date.now() > until || (this.unacked.size === 0 && this.inflight === 0));
  }

  stats() {
    const all = [...this.pushes.values()].filter((p) => p.sends > 0);
    return {
      distinctSent: all.length,
      requests: this.records.length,
      distinctAcked: all.filter((p) => p.acks > 0).length,
      acks: all.reduce((s, p) => s + p.acks, 0),
      neverAcked: all.filter((p) => p.acks === 0),
    };
  }
}

function safeJson(s: string): Record<string, unknown> | null {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------------ verification

export interface PushVerification {
  sent: number;
  acked: number;
  stored: number;
  lost: number;
  duplicated: number;
  checks: { name: string; ok: boolean; detail: string }[];
  /** What the faults did: inbox outcomes, pushes stored although their reply was lost, out-of-order states. */
  info: string;
}

export interface Chain {
  c: { id: string; sid: string };
  b: { id: string };
  a: { id: string };
}

/**
 * Checks, in the database itself, everything the stream's acknowledgements promise: each acknowledged push
 * stored with a final outcome, its state applied exactly once, the order's status the latest acknowledged
 * one, the commission ledger complete and single, nothing half-written.
 */
export async function verifyPushes(
  q: Q,
  streams: PushStream[],
  chain: Chain,
  /** Forged requests naming these orders were sent too (the flood scenario): their rows are checked apart. */
  opts: { forgedAlongside?: boolean } = {},
): Promise<PushVerification> {
  const checks: PushVerification["checks"] = [];
  const check = (name: string, bad: unknown[], detail: string) => checks.push({ name, ok: bad.length === 0, detail: bad.length ? `${bad.length} ${detail}: ${sample(bad)}` : "" });
  const pushes = streams.flatMap((s) => [...s.pushes.values()].filter((p) => p.sends > 0));
  const acked = pushes.filter((p) => p.acks > 0);
  const likes = streams.map((s) => s.prefix + "%");
  const inLike = (col: string) => "(" + likes.map(() => `${col} LIKE ?`).join(" OR ") + ")";

  // --- inbox
  const rowsNamingThem = await q.all(`SELECT "id", "orderId", "outcome", "body", "attempts", "error", "signatureValid" FROM inbox_pushes WHERE ${inLike(`"orderId"`)}`, likes);
  const forged = opts.forgedAlongside ? rowsNamingThem.filter((r) => !truthy(r.signatureValid)) : [];
  const inbox = opts.forgedAlongside ? rowsNamingThem.filter((r) => truthy(r.signatureValid)) : rowsNamingThem;
  if (opts.forgedAlongside) {
    check("forged requests naming these orders are stored refused, never processed", forged.filter((r) => r.outcome !== "rejected").map((r) => `#${r.id} ${r.outcome}`), "forged rows not refused");
  }
  const byHash = new Map<string, Row[]>();
  for (const r of inbox) {
    const h = md5(Buffer.from(r.body as Uint8Array));
    if (!byHash.has(h)) byHash.set(h, []);
    byHash.get(h)!.push(r);
  }
  const missingAcks: string[] = [];
  const notFinal: string[] = [];
  let stored = 0;
  for (const p of acked) {
    const rows = byHash.get(p.hash) ?? [];
    if (rows.length < p.acks) missingAcks.push(`${p.orderId}/status ${p.step}: ${p.acks} ok, ${rows.length} inbox rows`);
    const bad = rows.filter((r) => !FINAL_OUTCOMES.has(String(r.outcome)));
    if (bad.length) notFinal.push(`${p.orderId}/status ${p.step}: inbox ${bad.map((r) => `#${r.id} ${r.outcome} (attempts ${r.attempts}${r.error ? `, ${String(r.error).slice(0, 80)}` : ""})`).join("; ")}`);
    if (rows.length >= p.acks && bad.length === 0) stored++;
  }
  check("every acknowledged push is in inbox_pushes (one row per ok)", missingAcks, "acknowledged pushes missing");
  check("every acknowledged push's inbox rows have a final outcome (not failed/received)", notFinal, "acknowledged pushes not finally processed");
  const invalid = inbox.filter((r) => !truthy(r.signatureValid));
  check("stored pushes have a valid signature", invalid.map((r) => `#${r.id}`), "rows with signatureValid false");
  // Anything stored but never acknowledged must still have been processed (the retry job), never left failed.
  const strayFailed = inbox.filter((r) => !FINAL_OUTCOMES.has(String(r.outcome)));
  check("no inbox row of these pushes is left failed/received", strayFailed.map((r) => `#${r.id} ${r.orderId} ${r.outcome}: ${String(r.error ?? "").slice(0, 100)}`), "rows not final");

  // --- orders
  const dupOrders = await q.all(`SELECT "platform", "orderId", count(*) AS n FROM orders GROUP BY "platform", "orderId" HAVING count(*) > 1`);
  check("no duplicated order (platform, orderId)", dupOrders.map((r) => `${r.orderId}×${r.n}`), "duplicated orders");
  const orders = await q.all(`SELECT "id", "orderId", "status", "statusRank", "memberId", "sid", "commissionFen", "lastPushId" FROM orders WHERE ${inLike(`"orderId"`)}`, likes);
  const orderById = new Map(orders.map((o) => [String(o.orderId), o]));
  const byOrder = new Map<string, Push[]>();
  for (const p of pushes) {
    if (!byOrder.has(p.orderId)) byOrder.set(p.orderId, []);
    byOrder.get(p.orderId)!.push(p);
  }
  const rank = (s: Step) => Number(s);
  const missingOrders: string[] = [];
  const wrongStatus: string[] = [];
  let behind = 0;
  for (const [orderId, ps] of byOrder) {
    const ackedSteps = ps.filter((p) => p.acks > 0).map((p) => p.step);
    if (!ackedSteps.length) continue;
    const last = ackedSteps.sort((x, y) => rank(y) - rank(x))[0];
    const sentMax = ps.map((p) => p.step).sort((x, y) => rank(y) - rank(x))[0];
    const o = orderById.get(orderId);
    if (!o) {
      missingOrders.push(orderId);
      continue;
    }
    const st = String(o.status);
    // An unacknowledged later push may have been stored before its reply was lost: it may show, nothing older may.
    const allowed = ps.filter((p) => rank(p.step) >= rank(last) && rank(p.step) <= rank(sentMax)).map((p) => STEP_STATUS[p.step]);
    if (!allowed.includes(st)) {
      wrongStatus.push(`${orderId}: status ${st}, latest acknowledged ${STEP_STATUS[last]}`);
      const order = ["paid", "completed", "refunded"];
      if (order.indexOf(st) < order.indexOf(STEP_STATUS[last])) behind++;
    }
  }
  check("every acknowledged order exists", missingOrders, "acknowledged orders missing");
  check("each order's status equals its latest acknowledged state", wrongStatus, "orders in the wrong status");

  // --- order events
  const dupEvents = await q.all(`SELECT "orderRef", "dedupeKey", count(*) AS n FROM order_events GROUP BY "orderRef", "dedupeKey" HAVING count(*) > 1`);
  check("no duplicated order_events (orderRef, dedupeKey)", dupEvents.map((r) => `order #${r.orderRef} ${r.dedupeKey}×${r.n}`), "duplicated events");
  const events = await q.all(
    `SELECT e."id", e."orderRef", e."dedupeKey", e."fromStatus", e."toStatus", e."applied", e."pushId" FROM order_events e JOIN orders o ON o."id" = e."orderRef" WHERE ${inLike(`o."orderId"`)} ORDER BY e."id"`,
    likes,
  );
  const eventsByOrder = new Map<number, Row[]>();
  for (const e of events) {
    const k = num(e.orderRef);
    if (!eventsByOrder.has(k)) eventsByOrder.set(k, []);
    eventsByOrder.get(k)!.push(e);
  }
  const noEvent: string[] = [];
  const halfApplied: string[] = [];
  const ackedNoEvent: string[] = [];
  for (const o of orders) {
    const evs = eventsByOrder.get(num(o.id)) ?? [];
    if (!evs.some((e) => truthy(e.applied) && e.fromStatus === null)) noEvent.push(String(o.orderId));
    const lastApplied = evs.filter((e) => truthy(e.applied)).at(-1);
    if (lastApplied && lastApplied.toStatus !== o.status) halfApplied.push(`${o.orderId}: order ${o.status}, last applied event #${lastApplied.id} → ${lastApplied.toStatus}`);
    const keys = new Set(evs.map((e) => String(e.dedupeKey)));
    for (const p of byOrder.get(String(o.orderId)) ?? []) if (p.acks > 0 && !keys.has(p.dedupeKey)) ackedNoEvent.push(`${p.orderId}/status ${p.step}`);
  }
  check("no order without its creation event", noEvent, "orders without an applied creation event");
  check("no applied event without the order status (last applied event = order status)", halfApplied, "orders disagreeing with their events");
  check("every acknowledged push has its order_event (exactly-once effect)", ackedNoEvent, "acknowledged pushes without an event");

  // inbox ↔ events: an applied/ignored row has exactly one event with its pushId, a duplicate row none.
  const evByPush = new Map<number, number>();
  for (const e of events) if (e.pushId !== null) evByPush.set(num(e.pushId), (evByPush.get(num(e.pushId)) ?? 0) + 1);
  const inboxIds = new Set(inbox.map((r) => num(r.id)));
  const inboxMismatch: string[] = [];
  let multiEventRows = 0;
  for (const r of inbox) {
    const n = evByPush.get(num(r.id)) ?? 0;
    const want = r.outcome === "applied" || r.outcome === "ignored" ? 1 : 0;
    if (n !== want) {
      inboxMismatch.push(`inbox #${r.id} ${r.orderId} outcome ${r.outcome} has ${n} events`);
      if (n > 1) multiEventRows++;
    }
  }
  const orphanEvents = events.filter((e) => e.pushId !== null && !inboxIds.has(num(e.pushId))).map((e) => `event #${e.id} pushId ${e.pushId}`);
  check("inbox outcome matches its events (applied/ignored → 1 event, duplicate → 0)", inboxMismatch, "inbox rows disagreeing with order_events");
  check("every event's pushId is a stored inbox row", orphanEvents, "events pointing at no inbox row");

  // --- commission ledger
  const dupEarning = await q.all(`SELECT "orderRef", "level", "key", count(*) AS n FROM commissions GROUP BY "orderRef", "level", "key" HAVING count(*) > 1`);
  check("no duplicated commission row (orderRef, level, key)", dupEarning.map((r) => `order #${r.orderRef} L${r.level} ${r.key}×${r.n}`), "duplicated commission rows");
  const comms = await q.all(
    `SELECT c."id", c."orderRef", c."level", c."key", c."status", c."beneficiaryId", c."baseFen", c."rateBps", c."amountFen" FROM commissions c JOIN orders o ON o."id" = c."orderRef" WHERE ${inLike(`o."orderId"`)}`,
    likes,
  );
  const commByOrder = new Map<number, Row[]>();
  for (const c of comms) {
    const k = num(c.orderRef);
    if (!commByOrder.has(k)) commByOrder.set(k, []);
    commByOrder.get(k)!.push(c);
  }
  const benef = [chain.c.id, chain.b.id, chain.a.id];
  const ledgerBad: string[] = [];
  let ledgerMissing = 0;
  for (const o of orders) {
    const rows = commByOrder.get(num(o.id)) ?? [];
    const attributed = o.sid === chain.c.sid;
    if (!attributed) {
      if (rows.length) ledgerBad.push(`${o.orderId}: unattributed but has ${rows.length} commission rows`);
      continue;
    }
    if (o.memberId !== chain.c.id) ledgerBad.push(`${o.orderId}: sid of C but memberId ${o.memberId}`);
    const earning = rows.filter((r) => r.key === "earning").sort((x, y) => num(x.level) - num(y.level));
    const levels = earning.map((r) => num(r.level)).join(",");
    if (levels !== "0,1,2") {
      ledgerBad.push(`${o.orderId}: earning levels [${levels}] (want 0,1,2)`);
      if (earning.length < 3) ledgerMissing++;
      continue;
    }
    const st = String(o.status);
    const want = Object.entries(STEP_STATUS).find(([, s]) => s === st)?.[0] as Step | undefined;
    for (const r of earning) {
      if (r.beneficiaryId !== benef[num(r.level)]) ledgerBad.push(`${o.orderId} L${r.level}: beneficiary ${r.beneficiaryId}`);
      if (want && r.status !== STEP_EARNING[want]) ledgerBad.push(`${o.orderId} L${r.level}: earning ${r.status} for order ${st} (want ${STEP_EARNING[want]})`);
      if (num(r.baseFen) !== num(o.commissionFen)) ledgerBad.push(`${o.orderId} L${r.level}: baseFen ${r.baseFen} ≠ order commissionFen ${o.commissionFen}`);
      if (num(r.amountFen) !== Math.floor((num(r.baseFen) * num(r.rateBps)) / 10000)) ledgerBad.push(`${o.orderId} L${r.level}: amount ${r.amountFen} ≠ floor(${r.baseFen}×${r.rateBps}/10000)`);
    }
    const other = rows.filter((r) => r.key !== "earning");
    if (other.length) ledgerBad.push(`${o.orderId}: unexpected rows ${other.map((r) => r.key).join(",")}`);
  }
  check("attributed orders: exactly one earning row per level 0,1,2 in the state the order implies; unattributed: none", ledgerBad, "ledger problems");

  const cev = await q.all(
    `SELECT ce."id", ce."commissionId", ce."fromStatus", ce."toStatus", ce."fromAmountFen", ce."toAmountFen", ce."reason" FROM commission_events ce JOIN orders o ON o."id" = ce."orderRef" WHERE ${inLike(`o."orderId"`)} ORDER BY ce."id"`,
    likes,
  );
  const cevBy = new Map<number, Row[]>();
  for (const e of cev) {
    const k = num(e.commissionId);
    if (!cevBy.has(k)) cevBy.set(k, []);
    cevBy.get(k)!.push(e);
  }
  const cevBad: string[] = [];
  let dupCev = 0;
  for (const c of comms) {
    const evs = cevBy.get(num(c.id)) ?? [];
    const created = evs.filter((e) => e.fromStatus === null);
    if (created.length !== 1) cevBad.push(`commission #${c.id} (order #${c.orderRef} L${c.level}): ${created.length} creation events`);
    if (created.length > 1) dupCev += created.length - 1;
    const seen = new Set<string>();
    let prev: string | null = null;
    for (const e of evs) {
      const k = `${e.fromStatus}>${e.toStatus}:${e.fromAmountFen}>${e.toAmountFen}`;
      if (seen.has(k)) {
        dupCev++;
        cevBad.push(`commission #${c.id}: repeated event ${k} (${e.reason})`);
      }
      seen.add(k);
      if (e.fromStatus !== prev) cevBad.push(`commission #${c.id}: event #${e.id} from ${e.fromStatus} but previous state ${prev}`);
      prev = String(e.toStatus);
    }
    if (prev !== c.status) cevBad.push(`commission #${c.id}: events end at ${prev}, row is ${c.status}`);
  }
  check("commission_events: one creation per row, a clean chain ending at the row's status, nothing repeated", cevBad, "commission event problems");

  const outcomes: Record<string, number> = {};
  for (const r of inbox) outcomes[String(r.outcome)] = (outcomes[String(r.outcome)] ?? 0) + 1;
  // A push with more inbox rows than ok replies was committed at least once without its reply arriving
  // (the server died, or the reply was lost, between COMMIT and the response): Meituan's retry was a duplicate.
  const replyLost = pushes.filter((p) => (byHash.get(p.hash)?.length ?? 0) > p.acks).length;
  const retried = inbox.filter((r) => num(r.attempts) > 1).length;
  const info = `inbox ${inbox.length} rows ${JSON.stringify(outcomes)}${opts.forgedAlongside ? ` (+${forged.length} forged)` : ""}; ${replyLost} pushes stored although a reply was lost; ${retried} rows processed more than once; ${events.filter((e) => !truthy(e.applied)).length} out-of-order states ignored`;

  const stats = streams.map((s) => s.stats());
  const lost = missingAcks.length + notFinal.length + missingOrders.length + behind + ackedNoEvent.length + ledgerMissing;
  const duplicated =
    dupOrders.reduce((s, r) => s + num(r.n) - 1, 0) + dupEvents.reduce((s, r) => s + num(r.n) - 1, 0) + dupEarning.reduce((s, r) => s + num(r.n) - 1, 0) + dupCev + multiEventRows;
  return {
    sent: stats.reduce((s, x) => s + x.distinctSent, 0),
    acked: stats.reduce((s, x) => s + x.distinctAcked, 0),
    stored,
    lost,
    duplicated,
    checks,
    info,
  };
}
