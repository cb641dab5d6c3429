// The read pool (lib/reads): every registered read answers the same from a worker as on the main thread; while a
// heavy read runs in the pool the event loop stays free (and the same read on the main thread does block it); a
// worker that dies or overruns its timeout fails only what it held and is replaced; the CSV export streams
// through it chunk by chunk. On PostgreSQL reads run in place (they are asynchronous already).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { ddl, raw, rows, testDatabase, useTestDatabase } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { q } from "@/lib/db/query";
import { AdminOrderQuery, MemberOrderQuery } from "@/lib/contracts/orders";
import { PushListQuery } from "@/lib/contracts/inbox";
import { MemberListQuery } from "@/lib/accounts/member-list";
import { AdminWithdrawalQuery, DailyQuery, MemberCommissionQuery } from "@/lib/contracts/earnings";
import { AuditQuery } from "@/lib/contracts/audit";
import { PageQuery } from "@/lib/contracts/common";
import { TeamOrderQuery } from "@/lib/contracts/team";
import type { ReadName, Reads } from "@/lib/reads/registry";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const db = useTestDatabase();
const sqlite = testDatabase === "sqlite";

type H = (req: never, ctx: never) => Promise<Response>;
const load = async (p: string) => (await import(/* @vite-ignore */ `@/app/api/${p}/route`)) as Record<string, H>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin: Actor;
let inviter: Actor & { sid: string; inviteCode: string };
let seller: Actor & { sid: string };

async function register(username: string, name: string, inviteCode?: string) {
  const r = await call((await load("register")).POST as never, "/api/register", { json: { username, agreed: true, password: "Password-123", name, inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string, inviteCode: r.data.inviteCode as string };
}

async function push(sid: string, status = "1", over: Record<string, string> = {}) {
  const t = Math.floor(Date.now() / 1000) - 3600;
  const p = pushPayload({ sid, status, ordertime: String(t - 5), paytime: String(t), modTime: String(t + Number(status)), ...over });
  const r = await call((await load("meituan/callback")).POST as never, "/api/meituan/callback", { json: signed(p) });
  expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
  return p.orderid as string;
}

/** `n` orders written in one statement on a connection of their own, none attributed, newest `minutesApart` apart. */
async function bulkOrders(n: number, sid: string, title = "批量订单") {
  const iso = "strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now', '-' || (x * 7) || ' seconds')";
  await ddl(`
    WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ${n})
    INSERT INTO orders (orderId, sid, title, status, upstreamStatus, businessLine, payFen, totalFen, ratio, occurredAt, statusRank,
                        gmvFen, baseFen, baseSource, source, rawPayload, createdAt, updatedAt)
    SELECT '${sid}-' || x, '${sid}', '${title}' || x, 'paid', '1', 1 + x % 3, 1000 + x % 5000, 1200 + x % 5000, '0.05', ${iso}, 1,
           1000 + x % 5000, 50 + x % 250, 'estimate', 'push', '{}', ${iso}, ${iso}
    FROM s`);
}

const NOW = new Date();

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("pool-boss@example.com", "Admin-Pass-123");
  const [boss] = await rows(q.selectFrom("users").select("id").where("username", "=", "pool-boss@example.com"));
  admin = { id: boss.id, role: "ADMIN" };
  inviter = await register("13900000001", "团长老周");
  seller = await register("13900000002", "小周", inviter.inviteCode);
  for (let i = 0; i < 6; i++) await push(seller.sid);
  const done = await push(seller.sid);
  await push(seller.sid, "8", { orderid: done });
  await (await raw()).rows(q.insertInto("withdrawals").values({ memberId: seller.id, amountFen: 100, method: "alipay", account: "zhou@example.com", status: "rejected", requestedAt: NOW }).returning("id"));
  await (await raw()).rows(q.insertInto("audit_logs").values({ actorId: admin.id, action: "member.disable", targetType: "member", targetId: seller.id, at: NOW }).returning("id"));
});

/** Each registered read with arguments a route would pass; a read added to the registry must be added here. */
const samples = (): { [K in ReadName]: Parameters<Reads[K]> } => ({
  dashboard: ["30d", NOW],
  orderTotals: [{}],
  listAdminOrders: [AdminOrderQuery.parse({})],
  listPushes: [PushListQuery.parse({})],
  listMembers: [MemberListQuery.parse({}), NOW],
  memberDetail: [seller.id],
  listWithdrawals: [AdminWithdrawalQuery.parse({ status: "rejected" })],
  listAudit: [AuditQuery.parse({})],
  listMemberOrders: [seller.id, MemberOrderQuery.parse({})],
  memberSummary: [seller.id, NOW],
  memberDailyEarnings: [inviter.id, DailyQuery.parse({}).days, NOW],
  memberCommissions: [inviter.id, MemberCommissionQuery.parse({})],
  memberWithdrawals: [seller.id, PageQuery.parse({})],
  memberTeam: [inviter.id],
  teamOrders: [inviter.id, TeamOrderQuery.parse({})],
  downlineDetail: [inviter.id, seller.id],
});

describe("every registered read", () => {
  it(`answers the same through read() as called in place (${testDatabase}: ${sqlite ? "in a worker" : "in place"})`, async () => {
    const { read, readPool } = await import("@/lib/reads");
    const { reads } = await import("@/lib/reads/registry");
    expect(readPool() === null).toBe(!sqlite);
    const args = samples();
    expect(Object.keys(args).sort()).toEqual(Object.keys(reads).sort());
    for (const name of Object.keys(reads) as ReadName[]) {
      const direct = await (reads[name] as (...a: unknown[]) => Promise<unknown>)(...args[name]);
      const pooled = await (read as (n: ReadName, ...a: unknown[]) => Promise<unknown>)(name, ...args[name]);
      expect(pooled, name).toEqual(direct);
    }
    // Not vacuous: the member's orders, their inviter's team and the sums came back with something in them.
    const orders = await read("listMemberOrders", seller.id, MemberOrderQuery.parse({}));
    expect(orders.items).toHaveLength(7);
    expect((await read("memberTeam", inviter.id)).members.length).toBe(1);
    expect((await read("dashboard", "30d", NOW)).totals.orders).toBe(7);
  });

  it("a read right after a write sees it (the worker reads the last commit)", async () => {
    const { read } = await import("@/lib/reads");
    const before = (await read("listMemberOrders", seller.id, MemberOrderQuery.parse({}))).items.length;
    const id = await push(seller.sid);
    const after = await read("listMemberOrders", seller.id, MemberOrderQuery.parse({}));
    expect(after.items).toHaveLength(before + 1);
    expect(after.items.map((o) => o.orderId)).toContain(id);
  });

  it("a domain error keeps its status through the pool: an unknown member is 404 with its message", async () => {
    const r = await call((await load("admin/members/[id]")).GET as never, "/api/admin/members/nobody", { as: admin, params: { id: "nobody" } });
    expect(r.status).toBe(404);
    expect(r.data.error.code).toBe("not_found");
    expect(r.data.error.message).toMatch(/不存在/);
  });

  it("identical dashboards asked for at once share one computation", async () => {
    const { read } = await import("@/lib/reads");
    const a = read("dashboard", "7d");
    const b = read("dashboard", "7d");
    if (sqlite) expect(b).toBe(a);
    expect(await b).toEqual(await a);
  });
});

describe.runIf(sqlite)("the CSV export through the pool", () => {
  beforeAll(() => bulkOrders(12_345, "exportsid0000000"));

  it("streams the same bytes as on the main thread, one batch per chunk", async () => {
    const { readStream } = await import("@/lib/reads");
    const { exportOrdersCsv } = await import("@/lib/orders/export");
    const chunks: Uint8Array[] = [];
    const reader = readStream("exportOrdersCsv", { sid: "exportsid0000000" }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const pooled = Buffer.concat(chunks);
    const direct = Buffer.from(await new Response(exportOrdersCsv({ sid: "exportsid0000000" })).arrayBuffer());
    expect(pooled.equals(direct)).toBe(true);
    // The header, then 5,000 + 5,000 + 2,345 rows.
    expect(chunks).toHaveLength(4);
    expect(pooled.toString("utf8").split("\r\n").length - 2).toBe(12_345);
  });

  it("the route answers the CSV from the pool; a stream given up half-way leaves the pool working", async () => {
    const r = await call((await load("admin/orders/export.csv")).GET as never, "/api/admin/orders/export.csv?sid=exportsid0000000", { as: admin });
    expect(r.status).toBe(200);
    expect(r.text.split("\r\n").length - 2).toBe(12_345);
    const { read, readStream } = await import("@/lib/reads");
    const reader = readStream("exportOrdersCsv", {}).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect((await read("orderTotals", { sid: "exportsid0000000" })).count).toBe(12_345);
  });
});

/** The longest the event loop went without running a 5 ms timer while `run` ran (started after the timer). */
async function maxLag(run: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  await sleep(20);
  worst = 0;
  last = performance.now();
  await run();
  await sleep(20); // the tick after a blocking read
  clearInterval(timer);
  return worst;
}

describe.runIf(sqlite)("a heavy read", () => {
  // Unattributed orders' totals: every one of them is read (no index answers a sum).
  const heavy = { attributed: "no" as const };
  beforeAll(() => bulkOrders(400_000, "heavysid00000000", "一个足够长的标题，让每一行都多读一些字节"), 120_000);

  it("in the pool leaves the event loop free; the same read in place blocks it", async () => {
    const { read, readPool } = await import("@/lib/reads");
    const { orderTotals } = await import("@/lib/orders/money");
    await readPool()!.start();
    await read("orderTotals", heavy); // the worker's statements prepared, its pages cached, like the main thread's below
    await orderTotals(heavy);
    // Three times each, interleaved: the read from the pool, and an idle loop for as long. This machine is shared,
    // and a busy neighbour holds up even an idle event loop for tens of milliseconds now and then; a read on the
    // main thread would hold it up every time, for its whole length.
    const pooled: number[] = [];
    const idle: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      pooled.push(await maxLag(() => read("orderTotals", heavy)));
      idle.push(await maxLag(() => sleep(performance.now() - t0 - 40)));
    }
    const t0 = performance.now();
    const inPlace = await maxLag(() => orderTotals(heavy));
    console.log(`heavy read: ${Math.round(performance.now() - t0 - 40)} ms; event loop lag: in place ${Math.round(inPlace)} ms, from the pool ${pooled.map(Math.round).join(", ")} ms, idle ${idle.map(Math.round).join(", ")} ms`);
    // In place, the loop waits for the whole read; from the pool it only receives the answer: under 20 ms, or no
    // worse than this machine does to an idle loop.
    expect(inPlace).toBeGreaterThan(100);
    expect(Math.min(...pooled)).toBeLessThan(Math.max(20, Math.max(...idle) + 10));
    expect(await read("orderTotals", heavy)).toEqual(await orderTotals(heavy));
  });

  it("overrunning the timeout fails with a clear error, and the next read gets a new worker", async () => {
    const { ReadPool, ReadPoolError } = await import("@/lib/reads/pool");
    const { workerScript } = await import("@/lib/reads/bundle");
    const pool = new ReadPool(workerScript, 1, 30);
    try {
      await pool.start();
      const err = await pool.call("orderTotals", [heavy]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReadPoolError);
      expect((err as Error).message).toMatch(/orderTotals took longer than 0.03 s/);
      expect(pool.workers).toBe(0);
      const audit = (await pool.call("listAudit", [AuditQuery.parse({})])) as { items: unknown[] };
      expect(audit.items.length).toBeGreaterThan(0);
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

describe.runIf(sqlite)("a worker that dies", () => {
  it("fails the read it held with the exit code; the pool replaces it and carries on", async () => {
    const { ReadPool, ReadPoolError } = await import("@/lib/reads/pool");
    // A stand-in worker speaking the pool's protocol: it echoes, or exits on "crash".
    const script = path.join(db.dataDir, "crashing-worker.mjs");
    writeFileSync(
      script,
      `import { parentPort } from "node:worker_threads";
       parentPort.on("message", (m) => { if (m.name === "crash") process.exit(7); parentPort.postMessage({ id: m.id, kind: "value", value: m.args[0] }); });
       parentPort.postMessage({ kind: "ready" });`,
    );
    const pool = new ReadPool(async () => script, 2, 5_000);
    try {
      await pool.start();
      expect(pool.workers).toBe(2);
      const err = await pool.call("crash", []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReadPoolError);
      expect((err as Error).message).toMatch(/exit code 7.*while running crash/);
      expect(pool.workers).toBe(1);
      expect(await Promise.all([pool.call("echo", [1]), pool.call("echo", [new Date(0)])])).toEqual([1, new Date(0)]);
      expect(pool.workers).toBe(2);
    } finally {
      await pool.close();
    }
    await expect(pool.call("echo", [1])).rejects.toThrow(/closed/);
  });
});
