// The commission rules' history through the routes: every saved version, newest first, with the admin who saved
// it, when, and which values it changed against the version before it; paged; admins only.
import { beforeAll, describe, expect, it } from "vitest";
import { rows, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { RuleVersionPage } from "@/lib/contracts/settings";

useTestDatabase();

type H = (req: never, ctx: never) => Promise<Response>;
const load = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, H>;

let boss: Actor;
let deputy: Actor;
let member: Actor;

const history = async (as: Actor | undefined, query = "") =>
  call((await load("admin/settings/commission/history")).GET as never, `/api/admin/settings/commission/history${query}`, { as });
const save = async (as: Actor, rules: unknown) => call((await load("admin/settings/commission")).PUT as never, "/api/admin/settings/commission", { method: "PUT", as, json: rules });

const levels = (l0: number, l1: number, l2: number) => [
  { level: 0, rateBps: l0 },
  { level: 1, rateBps: l1 },
  { level: 2, rateBps: l2 },
];

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  await upsertAdmin("deputy@example.com", "Admin-Pass-123");
  await rows(q.updateTable("users").set({ name: "王经理" }).where("username", "=", "boss@example.com"));
  const ids = await rows(q.selectFrom("users").select(["id", "username"]).where("username", "in", ["boss@example.com", "deputy@example.com"]));
  boss = { id: ids.find((u) => u.username === "boss@example.com")!.id, role: "ADMIN" };
  deputy = { id: ids.find((u) => u.username === "deputy@example.com")!.id, role: "ADMIN" };
  const r = await call((await load("register")).POST as never, "/api/register", { json: { username: "m@example.com", agreed: true, password: "Password-123" } });
  member = { id: r.data.id, role: "MEMBER" };
});

describe("commission rules history", () => {
  it("401 anonymous, 403 member", async () => {
    expect((await history(undefined)).status).toBe(401);
    expect((await history(member)).status).toBe(403);
  });

  it("starts with the seeded version, saved by no one", async () => {
    const r = await history(boss);
    expect(r.status).toBe(200);
    const page = RuleVersionPage.parse(r.data);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ version: 1, actor: null, initial: true, changes: [] });
    expect(page.nextCursor).toBeNull();
  });

  it("lists each save newest first with who saved it, when, and what it changed", async () => {
    const first = await save(boss, { levels: levels(5000, 1200, 500), businessLineOverrides: [{ businessLine: 2, levels: levels(6000, 1000, 0) }], holdDays: 15, minWithdrawal: "10.00" });
    expect(first.status).toBe(200);
    const second = await save(deputy, { levels: levels(5000, 1200, 500), businessLineOverrides: [], holdDays: 7, minWithdrawal: "10.00" });
    expect(second.status).toBe(200);
    const third = await save(boss, { levels: levels(5000, 1200, 500), businessLineOverrides: [], holdDays: 7, minWithdrawal: "10.00" });
    const before = Date.now();
    const page = RuleVersionPage.parse((await history(boss)).data);
    expect(page.items.map((v) => [v.version, v.actor?.name ?? null, v.changes, v.initial])).toEqual([
      [third.data.version, "王经理", [], false], // saved as it was: nothing changed
      [second.data.version, "deputy@example.com", ["override:2", "holdDays"], false], // an admin without a name shows as their account
      [first.data.version, "王经理", ["level:1", "override:2"], false],
      [1, null, [], true],
    ]);
    expect(page.items[1]).toMatchObject({ holdDays: 7, businessLineOverrides: [], minWithdrawal: "10.00" });
    expect(page.items[2].levels).toEqual(levels(5000, 1200, 500));
    expect(Date.parse(page.items[0].createdAt)).toBeLessThanOrEqual(before);
    expect(Date.parse(page.items[0].createdAt)).toBeGreaterThan(before - 60_000);
    // The saver is the one the audit row of the change names.
    const audited = await rows(q.selectFrom("audit_logs").select(["actorId", "targetId"]).where("action", "=", "commission_rules.update").orderBy("id", "asc"));
    expect(audited.map((a) => [Number(a.targetId), a.actorId])).toEqual([
      [first.data.version, boss.id],
      [second.data.version, deputy.id],
      [third.data.version, boss.id],
    ]);
  });

  it("pages by version: each page's last version still compares with the one on the next page", async () => {
    const seen: { version: number; changes: string[] }[] = [];
    let cursor: string | null = null;
    do {
      const r = await history(boss, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status).toBe(200);
      const page = RuleVersionPage.parse(r.data);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((v) => ({ version: v.version, changes: v.changes })));
      cursor = page.nextCursor;
    } while (cursor);
    const all = RuleVersionPage.parse((await history(boss)).data).items.map((v) => ({ version: v.version, changes: v.changes }));
    expect(seen).toEqual(all);
    expect(all).toHaveLength(4);
    expect((await history(boss, "?cursor=nonsense")).status).toBe(422);
    expect((await history(boss, "?limit=0")).status).toBe(422);
  });

  it("a refused save adds no version", async () => {
    const bad = await save(boss, { levels: levels(9000, 2000, 0), businessLineOverrides: [], holdDays: 7, minWithdrawal: "10.00" });
    expect(bad.status).toBe(422);
    expect(RuleVersionPage.parse((await history(boss)).data).items).toHaveLength(4);
  });
});
