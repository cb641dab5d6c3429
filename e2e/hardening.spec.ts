// What a hostile or careless client can do against the production server (next start), over real kept-alive
// connections: an oversized body never costs the next request on the connection; limits count the connection's
// address whatever X-Forwarded-For says; other sites' requests are refused; the login page never follows a
// callbackUrl off the site.
import { expect, test } from "@playwright/test";
import { BASE_URL } from "./env";
import { loginAsAdmin, MEMBER_PASSWORD, uniqueEmail } from "./helpers";
import { RawClient, type RawResult } from "./http";
import { newOrderId, paidPush, signed } from "./meituan";

const OK = JSON.stringify({ errcode: "0", errmsg: "ok" });
const ERR = JSON.stringify({ errcode: "1", errmsg: "err" });

const reply = (r: RawResult) => {
  if ("error" in r) throw new Error(`network error ${r.error} (reused socket: ${r.reused})`);
  return r;
};

test.describe("an oversized body on a kept-alive connection", () => {
  for (const { size, chunked } of [
    { size: 70_000, chunked: false },
    { size: 300_000, chunked: true },
    { size: 1_000_000, chunked: false },
  ]) {
    test(`a ${size / 1000} KB push (${chunked ? "chunked" : "content-length"}) is refused with 413 and the connection serves the next push`, async () => {
      const client = new RawClient();
      try {
        for (let i = 0; i < 5; i++) {
          const big = reply(await client.request("POST", "/api/meituan/callback", { body: JSON.stringify({ pad: "x".repeat(size) }), chunked, headers: { "content-type": "application/json" } }));
          expect(big.status).toBe(413);
          expect(big.body).toBe(ERR);
          expect(big.headers.connection).toBe("keep-alive");
          const next = reply(await client.request("POST", "/api/meituan/callback", { body: JSON.stringify(signed(paidPush(newOrderId(), "nosuchsid0000000"))), headers: { "content-type": "application/json" } }));
          expect(next.reused, "the next push went out on the same connection").toBe(true);
          expect(next.status).toBe(200);
          expect(next.body).toBe(OK);
        }
      } finally {
        client.close();
      }
    });
  }

  test("a body far beyond the limit is answered with Connection: close, and the next push goes out on a new connection", async () => {
    const client = new RawClient();
    try {
      for (let i = 0; i < 3; i++) {
        const big = reply(await client.request("POST", "/api/meituan/callback", { body: "x".repeat(4_000_000), headers: { "content-type": "application/json" } }));
        expect(big.status).toBe(413);
        expect(big.headers.connection).toBe("close");
        const next = reply(await client.request("POST", "/api/meituan/callback", { body: JSON.stringify(signed(paidPush(newOrderId(), "nosuchsid0000000"))), headers: { "content-type": "application/json" } }));
        expect(next.reused).toBe(false);
        expect(next.body).toBe(OK);
      }
    } finally {
      client.close();
    }
  });

  test("the JSON API too: 413 for a registration over 4 KiB, 403 for another site, 415 for text/plain — then the connection works", async () => {
    const client = new RawClient();
    try {
      const refused = [
        { body: JSON.stringify({ username: uniqueEmail("big"), password: MEMBER_PASSWORD, name: "名".repeat(100_000) }), headers: { "content-type": "application/json" }, status: 413 },
        { body: JSON.stringify({ username: uniqueEmail("csrf"), password: MEMBER_PASSWORD }), headers: { "content-type": "application/json", origin: "https://evil.example" }, status: 403 },
        { body: JSON.stringify({ username: uniqueEmail("plain"), password: MEMBER_PASSWORD }), headers: { "content-type": "text/plain" }, status: 415 },
      ];
      for (const r of refused) {
        const res = reply(await client.request("POST", "/api/register", r));
        expect(res.status).toBe(r.status);
        const next = reply(await client.request("GET", "/api/ping"));
        expect(next.status).toBe(200);
      }
      const ok = reply(await client.request("POST", "/api/register", { body: JSON.stringify({ username: uniqueEmail("fine"), agreed: true, password: MEMBER_PASSWORD }), headers: { "content-type": "application/json", origin: BASE_URL } }));
      expect(ok.status).toBe(201);
    } finally {
      client.close();
    }
  });
});

test.describe("client addresses", () => {
  test("35 failed logins from one connection, each claiming another X-Forwarded-For, lock that address at 30", async () => {
    const attacker = new RawClient("127.0.0.2");
    try {
      const errors: (string | null)[] = [];
      for (let i = 0; i < 35; i++) {
        const r = await attacker.login(`nobody-${i}@example.com`, "wrong-password", { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` });
        expect(r.ok).toBe(false);
        errors.push(r.error);
      }
      expect(errors.slice(0, 30).every((e) => e === "CredentialsSignin")).toBe(true);
      for (const e of errors.slice(30)) expect(e).toMatch(/尝试次数过多，请 \d+ 分钟后再试/);
    } finally {
      attacker.close();
    }
  });

  test("a header naming another address cannot lock that address out, and the inbox records the connection's address", async ({ page }) => {
    const prober = new RawClient("127.0.0.3");
    try {
      for (let i = 0; i < 30; i++) await prober.login(`probe-${i}@example.com`, "wrong-password", { "x-forwarded-for": "127.0.0.4" });
      const victim = new RawClient("127.0.0.4");
      const { ADMIN_USERNAME, ADMIN_PASSWORD } = await import("./env");
      expect(await victim.login(ADMIN_USERNAME, ADMIN_PASSWORD)).toEqual({ ok: true, error: null });
      victim.close();

      const orderId = newOrderId();
      const pushed = reply(await prober.request("POST", "/api/meituan/callback", { body: JSON.stringify(signed(paidPush(orderId, "nosuchsid0000000"))), headers: { "content-type": "application/json", "x-forwarded-for": "8.8.8.8" } }));
      expect(pushed.body).toBe(OK);
      await loginAsAdmin(page);
      const pushes = await (await page.request.get(`/api/admin/orders/${orderId}/pushes`)).json();
      expect(pushes.items.map((p: { remoteAddr: string }) => p.remoteAddr)).toEqual(["127.0.0.3"]);
    } finally {
      prober.close();
    }
  });
});

test("after a real login, /login?callbackUrl=/\\evil.example stays on the site", async ({ page, request }) => {
  const username = uniqueEmail("redirect");
  expect((await request.post("/api/register", { data: { username, agreed: true, password: MEMBER_PASSWORD } })).status()).toBe(201);
  const offSite: string[] = [];
  await page.route(/^https?:\/\/evil\.example\//, async (route) => {
    offSite.push(route.request().url());
    await route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
  });
  for (const target of ["/\\evil.example", "//evil.example", "/\\/evil.example/me", "https://evil.example/me"]) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByLabel("手机号或邮箱").fill(username);
    await page.getByLabel("密码", { exact: true }).fill(MEMBER_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page, target).toHaveURL(/\/me$/);
    expect(new URL(page.url()).origin).toBe(new URL(BASE_URL).origin);
  }
  expect(offSite).toEqual([]);
  // A path on the site is still followed.
  await page.context().clearCookies();
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/me/orders")}`);
  await page.getByLabel("手机号或邮箱").fill(username);
  await page.getByLabel("密码", { exact: true }).fill(MEMBER_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/me\/orders$/);
});
