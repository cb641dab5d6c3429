// Share posters through their routes: a 750×1334 PNG per template with real Chinese glyphs, the cache and its
// ETags, a new version when what the poster draws changes, only the caller's own poster of an enabled activity,
// the render queue's bound, and a broken image that still gives a poster.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { q } from "@/lib/db/query";
import { raw, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";

// One render at a time and one waiting, so the queue's bound can be reached with a handful of requests.
process.env.POSTER_RENDER_CONCURRENCY = "1";
process.env.POSTER_QUEUE_LIMIT = "1";
const db = useTestDatabase();

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const route = async (p: string) => (await import(/* @vite-ignore */ `@/app/api/${p}/route`)) as Record<string, Handler>;

let admin: Actor;
let A: Actor;
let B: Actor;
let activityId: number;

/** GET a poster URL as a member, with the bytes as they came. */
async function poster(url: string, as: Actor, headers: Record<string, string> = {}) {
  const token = await encode({ token: { uid: as.id, role: as.role }, secret: process.env.NEXTAUTH_SECRET! });
  const req = new NextRequest(new URL(url, "http://localhost"), { headers: { ...headers, cookie: `next-auth.session-token=${token}` } });
  const handler = (await route(url.startsWith("/api/me/posters/invite") ? "me/posters/invite" : "me/posters")).GET;
  const res = await handler(req, { params: Promise.resolve({}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString("utf8")) };
}

/** The width and height a PNG's IHDR chunk declares. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

async function register(username: string, name?: string): Promise<Actor> {
  const r = await call((await route("register")).POST, "/api/register", { json: { username, agreed: true, password: "Password-123", name } });
  expect(r.status).toBe(201);
  return { id: r.data.id, role: "MEMBER" };
}

/** The member's cached tracking link, as the links page would have generated it. */
async function giveLink(member: Actor, activity: number) {
  await (await raw()).rows(
    q.insertInto("promotion_links").values({ memberId: member.id, activityId: activity, linkType: "h5_short", url: `https://dpurl.cn/p/${member.id.slice(0, 8)}`, createdAt: new Date() }),
  );
}

async function saveActivity(id: number, patch: Record<string, unknown>) {
  const r = await call((await route("admin/activities/[id]")).PUT, `/api/admin/activities/${id}`, {
    as: admin,
    params: { id: String(id) },
    json: { actId: "33", name: "外卖红包天天领", description: "每天可领 3 次，下单立减", ...patch },
  });
  expect(r.status, r.text).toBe(200);
  return r.data;
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("poster-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("poster-boss@example.com"), role: "ADMIN" };
  A = await register("poster-a@example.com", "李娜");
  B = await register("poster-b@example.com", "王强");
  const created = await call((await route("admin/activities")).POST, "/api/admin/activities", {
    as: admin,
    json: { actId: "33", name: "外卖红包天天领", description: "每天可领 3 次，下单立减", posterTemplate: "photo" },
  });
  expect(created.status, created.text).toBe(201);
  expect(created.data).toMatchObject({ posterTemplate: "photo", imageUrl: null });
  activityId = created.data.id;
  await giveLink(A, activityId);
  await giveLink(B, activityId);
});

describe("the poster route", () => {
  it.each(["simple", "photo", "invite"])("renders the %s template as a 750×1334 PNG with a private ETag", async (template) => {
    const res = await poster(`/api/me/posters?activityId=${activityId}&template=${template}`, A);
    expect(res.status, res.bytes.toString("utf8").slice(0, 200)).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(pngSize(res.bytes)).toEqual([750, 1334]);
  });

  it("the invite poster is a 750×1334 PNG too, and its QR code is the member's own invite link", async () => {
    const res = await poster("/api/me/posters/invite", A);
    expect(res.status).toBe(200);
    expect(pngSize(res.bytes)).toEqual([750, 1334]);
    const { inviteLink } = await import("@/lib/posters");
    const code = (await (await raw()).row(q.selectFrom("users").select("inviteCode").where("id", "=", A.id)))!.inviteCode;
    expect(inviteLink("http://localhost", code)).toBe(`http://localhost/register?invite=${code}`);
  });

  it("a cache hit answers the same bytes and ETag, and 304 with no body on If-None-Match", async () => {
    const url = `/api/me/posters?activityId=${activityId}`;
    const first = await poster(url, A);
    const files = readdirSync(path.join(db.dataDir, "posters", A.id));
    const again = await poster(url, A);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(again.bytes.equals(first.bytes)).toBe(true);
    // The default is the activity's template: the same version as asking for it by name.
    expect((await poster(`${url}&template=photo`, A)).headers.get("etag")).toBe(first.headers.get("etag"));
    expect(readdirSync(path.join(db.dataDir, "posters", A.id))).toEqual(files);
    const revalidated = await poster(url, A, { "if-none-match": first.headers.get("etag")! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
    expect(revalidated.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  it("a changed title, template or name is a new version: a new ETag, the old one no longer revalidates, the old file is gone", async () => {
    const url = `/api/me/posters?activityId=${activityId}`;
    const before = await poster(url, A);
    const oldTag = before.headers.get("etag")!;
    await saveActivity(activityId, { name: "外卖红包天天领 最高立减20元", posterTemplate: "photo" });
    const renamed = await poster(url, A, { "if-none-match": oldTag });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("etag")).not.toBe(oldTag);
    expect(readdirSync(path.join(db.dataDir, "posters", A.id)).some((f) => f.includes(oldTag.slice(1, -1)))).toBe(false);

    await saveActivity(activityId, { name: "外卖红包天天领 最高立减20元", posterTemplate: "simple" });
    const retemplated = await poster(url, A);
    expect(retemplated.headers.get("etag")).not.toBe(renamed.headers.get("etag"));

    await (await raw()).rows(q.updateTable("users").set({ name: "李娜娜" }).where("id", "=", A.id));
    const renamedMember = await poster(url, A);
    expect(renamedMember.headers.get("etag")).not.toBe(retemplated.headers.get("etag"));
  });

  it("the same new version asked for at once is rendered once (single flight), both get it", async () => {
    const E = await register("poster-e@example.com", "孙悦");
    await giveLink(E, activityId);
    const { posterQueue } = await import("@/lib/posters");
    const run = vi.spyOn(posterQueue(), "run");
    const url = `/api/me/posters?activityId=${activityId}&template=invite`;
    const [one, two, three] = await Promise.all([poster(url, E), poster(url, E), poster(url, E)]);
    expect([one.status, two.status, three.status]).toEqual([200, 200, 200]);
    expect(new Set([one, two, three].map((r) => r.headers.get("etag"))).size).toBe(1);
    expect(one.bytes.equals(two.bytes) && one.bytes.equals(three.bytes)).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    run.mockRestore();
  });

  it("a member gets only their own poster: another member's differs, naming a member is refused", async () => {
    const url = `/api/me/posters?activityId=${activityId}`;
    const mine = await poster(url, A);
    const theirs = await poster(url, B);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get("etag")).not.toBe(mine.headers.get("etag"));
    expect(existsSync(path.join(db.dataDir, "posters", B.id))).toBe(true);
    const sneaky = await poster(`${url}&memberId=${encodeURIComponent(B.id)}`, A);
    expect(sneaky.status).toBe(422);
    expect(sneaky.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("a disabled or unknown activity is 404, no link to draw 409, a bad template 422, a disabled member 401, no session 401", async () => {
    const other = await call((await route("admin/activities")).POST, "/api/admin/activities", { as: admin, json: { actId: "34", name: "电影票", enabled: false } });
    await giveLink(A, other.data.id);
    const disabled = await poster(`/api/me/posters?activityId=${other.data.id}`, A);
    expect(disabled.status).toBe(404);
    expect(disabled.json().error.message).toBe("活动不存在");
    expect((await poster("/api/me/posters?activityId=999999", A)).status).toBe(404);
    expect((await poster(`/api/me/posters?activityId=${activityId}&template=fancy`, A)).status).toBe(422);

    // No link yet and no Meituan credentials to make one: said in Chinese, nothing rendered.
    const linkless = await register("poster-nolink@example.com");
    const noLink = await poster(`/api/me/posters?activityId=${activityId}`, linkless);
    expect(noLink.status).toBe(409);
    expect(noLink.json().error.message).toMatch(/美团 API 凭证/);
    expect(existsSync(path.join(db.dataDir, "posters", linkless.id))).toBe(false);

    const C = await register("poster-c@example.com");
    await giveLink(C, activityId);
    await (await raw()).rows(q.updateTable("users").set({ disabled: true }).where("id", "=", C.id));
    expect((await poster(`/api/me/posters?activityId=${activityId}`, C)).status).toBe(401);
    const anonymous = await (await route("me/posters")).GET(new NextRequest(new URL(`http://localhost/api/me/posters?activityId=${activityId}`)), { params: Promise.resolve({}) });
    expect(anonymous.status).toBe(401);
  });

  it("beyond the queue's bound a render is refused with 503 and a Chinese message; the others render", async () => {
    // Five posters never rendered before, asked at once: one renders, one waits, the rest are refused.
    const D = await register("poster-d@example.com", "赵敏");
    await giveLink(D, activityId);
    const urls = [
      `/api/me/posters?activityId=${activityId}&template=simple`,
      `/api/me/posters?activityId=${activityId}&template=photo`,
      `/api/me/posters?activityId=${activityId}&template=invite`,
      "/api/me/posters/invite?template=simple",
      "/api/me/posters/invite?template=photo",
    ];
    const results = await Promise.all(urls.map((u) => poster(u, D)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(2);
    expect(statuses.filter((s) => s === 503).length).toBe(3);
    const refused = results.find((r) => r.status === 503)!;
    expect(refused.json().error.message).toBe("生成海报的人太多了，请稍等几秒再试");
    // Once the queue drains the same posters render.
    for (const u of urls) expect((await poster(u, D)).status).toBe(200);
  });

  it("an image URL that is refused or broken still gives a poster (the placeholder), and admins must give https", async () => {
    const url = `/api/me/posters?activityId=${activityId}`;
    for (const imageUrl of ["https://127.0.0.1/banner.png", "https://10.0.0.8/banner.png", "https://poster-image.invalid/banner.png"]) {
      await saveActivity(activityId, { imageUrl });
      const res = await poster(url, A);
      expect(res.status, imageUrl).toBe(200);
      expect(pngSize(res.bytes)).toEqual([750, 1334]);
    }
    const refused = await call((await route("admin/activities/[id]")).PUT, `/api/admin/activities/${activityId}`, {
      as: admin,
      params: { id: String(activityId) },
      json: { actId: "33", name: "外卖红包天天领", imageUrl: "http://example.com/banner.png" },
    });
    expect(refused.status).toBe(422);
    expect(refused.data.error.fields.imageUrl[0]).toMatch(/https/);
  });

  it("the console previews a draft's poster for admins only", async () => {
    const url = "/api/admin/posters/preview?template=invite&name=%E5%A4%96%E5%8D%96%E7%BA%A2%E5%8C%85&imageUrl=https%3A%2F%2F127.0.0.1%2Fa.png";
    const handler = (await route("admin/posters/preview")).GET;
    const asAdmin = await call(handler, url, { as: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("content-type")).toBe("image/png");
    expect((await call(handler, url, { as: A })).status).toBe(403);
    expect((await call(handler, "/api/admin/posters/preview?template=simple", { as: admin })).status).toBe(422);
  });
});
