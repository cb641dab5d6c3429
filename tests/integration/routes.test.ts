// Every state-changing route, found by walking app/api rather than listed by hand, so a new route that forgets
// its actor wrapper fails here: a request from another site is refused with 403 before any work, a body over
// the route's limit with 413, a body that is not JSON with 415. The callback (Meituan's, no browser) and
// next-auth's own routes (its CSRF token) are the two exceptions, each with its own body limit.
import { beforeAll, describe, expect, it } from "vitest";
import { count, rowOrThrow, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { ROUTE_PARAMS, stateChangingRoutes, type StateChangingRoute } from "../helpers/routes";

useTestDatabase();

type Handler = Parameters<typeof call>[0];
type Route = StateChangingRoute;

let routes: Route[] = [];
let admin: Actor;

beforeAll(async () => {
  routes = await stateChangingRoutes();
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("routes-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("routes-boss@example.com"), role: "ADMIN" };
});

const send = (r: Route, init: Parameters<typeof call>[2]) => call(r.handler as Handler, r.url, { method: r.method, params: ROUTE_PARAMS, ...init });

describe("every state-changing route goes through an actor wrapper", () => {
  it("finds the routes (so that the checks below cannot pass on an empty list)", () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(["POST /api/register", "POST /api/me/withdrawals", "POST /api/admin/members/1/role", "PUT /api/admin/settings/commission"]));
  });

  it("a cross-site Origin, a foreign Origin, Origin: null or Sec-Fetch-Site: cross-site → 403, signed in or not", async () => {
    const hostile: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://localhost.evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://localhost" },
    ];
    for (const r of routes) {
      for (const headers of hostile) {
        for (const as of [undefined, admin]) {
          const res = await send(r, { as, body: "{}", headers: { "content-type": "application/json", ...headers } });
          expect(res.status, `${r.method} ${r.url} ${JSON.stringify(headers)}${as ? " as admin" : ""}`).toBe(403);
          expect(res.data.error.code).toBe("cross_site");
        }
      }
      // A form a cross-site page can send without a preflight.
      const form = await send(r, { as: admin, body: '{"amount":"10.00"}', headers: { "content-type": "text/plain", origin: "https://evil.example" } });
      expect(form.status, `${r.method} ${r.url} text/plain cross-site`).toBe(403);
    }
  });

  it("a body that is not JSON → 415, before anything else happens", async () => {
    for (const r of routes) {
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"]) {
        const res = await send(r, { as: admin, body: '{"reason":"x"}', headers: { "content-type": contentType } });
        expect(res.status, `${r.method} ${r.url} ${contentType}`).toBe(415);
      }
    }
  });

  it("a body over the route's limit → 413 (4 KiB for registration, 64 KiB for the rest)", async () => {
    for (const r of routes) {
      const over = await send(r, { as: admin, json: { pad: "x".repeat(r.bodyLimit) } });
      expect(over.status, `${r.method} ${r.url}`).toBe(413);
      expect(over.data.error.code).toBe("body_too_large");
    }
  });

  it("the same request from this site is not refused by the transport checks", async () => {
    for (const r of routes) {
      const res = await send(r, { as: admin, json: {}, headers: { origin: "http://localhost", "sec-fetch-site": "same-origin" } });
      expect([403, 413, 415].includes(res.status) && ["cross_site", "body_too_large", "unsupported_media_type"].includes(res.data?.error?.code), `${r.method} ${r.url}: ${res.status} ${res.text.slice(0, 120)}`).toBe(false);
    }
  });
});

describe("refused before any work", () => {
  it("a cross-site role change, withdrawal or registration changes nothing", async () => {
    const { registerMember } = await import("@/lib/accounts/register");
    const m = await registerMember({ username: "routes-m@example.com", agreed: true, password: "Password-123" });
    const role = (await import("@/app/api/admin/members/[id]/role/route")).POST as Handler;
    const evil = { origin: "https://evil.example" };
    const r1 = await call(role, `/api/admin/members/${m.id}/role`, { as: admin, params: { id: m.id }, json: { role: "ADMIN", reason: "csrf" }, headers: evil });
    expect(r1.status).toBe(403);
    expect((await rowOrThrow(q.selectFrom("users").select("role").where("id", "=", m.id))).role).toBe("MEMBER");
    const withdraw = (await import("@/app/api/me/withdrawals/route")).POST as Handler;
    const r2 = await call(withdraw, "/api/me/withdrawals", { as: { id: m.id, role: "MEMBER" }, body: JSON.stringify({ amount: "10.00", method: "alipay", account: "a@b.cn" }), headers: { "content-type": "text/plain", ...evil } });
    expect(r2.status).toBe(403);
    const register = (await import("@/app/api/register/route")).POST as Handler;
    const r3 = await call(register, "/api/register", { json: { username: "csrf@example.com", agreed: true, password: "Password-123" }, headers: { "sec-fetch-site": "cross-site" } });
    expect(r3.status).toBe(403);
    expect(await count(q.selectFrom("withdrawals").where("memberId", "=", m.id))).toBe(0);
    expect(await count(q.selectFrom("users").where("username", "=", "csrf@example.com"))).toBe(0);
    expect(await count(q.selectFrom("audit_logs").where("targetId", "=", m.id))).toBe(0);
  });

  it("registration reads no more than 4 KiB: a 5 MB body is refused unread", async () => {
    const register = (await import("@/app/api/register/route")).POST as Handler;
    const t = Date.now();
    const res = await call(register, "/api/register", { json: { username: "big@example.com", agreed: true, password: "Password-123", name: "x".repeat(5 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.data.error.message).toBe("请求体超过 4 KiB，已拒收");
    expect(Date.now() - t).toBeLessThan(2000);
    expect(await count(q.selectFrom("users").where("username", "=", "big@example.com"))).toBe(0);
  });

  it("next-auth's own routes take a body only within the login limit", async () => {
    const { POST } = await import("@/app/api/auth/[...nextauth]/route");
    const res = await call(POST as never, "/api/auth/callback/credentials", {
      body: new URLSearchParams({ username: "x@example.com", password: "p".repeat(5000) }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      params: { nextauth: ["callback", "credentials"] } as never,
    });
    expect(res.status).toBe(413);
  });
});
