// The 服务号's access token, shared by every instance through the wechat_tokens row: WeChat allows only a few
// thousand /cgi-bin/token calls a day and each new token invalidates the previous one after 5 minutes, so
// instances must not each fetch their own. A token within REFRESH_MARGIN_MS of its expiry is refreshed by the
// one instance holding the row's lease; the others keep using the still-valid token, or wait for the new one.
// A token WeChat says is invalid or expired (40001, 42001, 40014) is dropped, and the caller retries once.
import { randomUUID } from "node:crypto";
import { rawDb } from "../../db";
import { exec, first, q } from "../../db/query";
import { wechatApiBase } from "../../env";
import { field, isResult, request, type SendOptions } from "../http";
import type { DeliveryResult } from "../types";
import type { Wechat } from "./config";

export const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 15_000;
const WAIT_STEP_MS = 100;
/** This process, as a lease owner. */
const INSTANCE = randomUUID();

/** errcode of a token WeChat no longer accepts. */
export const STALE_TOKEN = new Set([40001, 42001, 40014]);
/** System busy and rate limits: worth another try later. */
export const WECHAT_RETRYABLE = new Set([-1, 45009, 45011]);

export interface TokenOptions extends SendOptions {
  /** The lease owner; default this process. Tests pass two to play two instances. */
  owner?: string;
}

type Decision = { use: string } | { wait: true } | { refresh: true; stale: string | null };

export async function accessToken(cfg: Wechat, o: TokenOptions = {}): Promise<string | DeliveryResult> {
  const owner = o.owner ?? INSTANCE;
  const deadline = Date.now() + LEASE_MS * 2;
  while (Date.now() < deadline) {
    const now = new Date();
    const decision: Decision = await rawDb().transaction(function* () {
      yield* exec(q.insertInto("wechat_tokens").values({ appId: cfg.appId, updatedAt: now }).onConflict((oc) => oc.column("appId").doNothing()));
      const row = (yield* first(q.selectFrom("wechat_tokens").selectAll().where("appId", "=", cfg.appId).forUpdate()))!;
      const valid = row.token && row.expiresAt && row.expiresAt.getTime() > now.getTime() ? row.token : null;
      if (valid && row.expiresAt!.getTime() - now.getTime() > REFRESH_MARGIN_MS) return { use: valid };
      if (row.leaseOwner && row.leaseOwner !== owner && row.leaseUntil && row.leaseUntil.getTime() > now.getTime()) return valid ? { use: valid } : { wait: true };
      yield* exec(q.updateTable("wechat_tokens").set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) }).where("appId", "=", cfg.appId));
      return { refresh: true, stale: valid };
    });
    if ("use" in decision) return decision.use;
    if ("wait" in decision) {
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      continue;
    }
    const fetched = await fetchToken(cfg, o);
    const at = new Date();
    await rawDb().transaction(() =>
      exec(
        q
          .updateTable("wechat_tokens")
          .set("token" in fetched ? { token: fetched.token, expiresAt: new Date(at.getTime() + fetched.lifetimeMs), leaseOwner: null, leaseUntil: null, updatedAt: at } : { leaseOwner: null, leaseUntil: null })
          .where("appId", "=", cfg.appId)
          .where("leaseOwner", "=", owner),
      ),
    );
    if ("token" in fetched) return fetched.token;
    return decision.stale ?? fetched;
  }
  return { ok: false, retry: true, error: "等待其他实例刷新 access_token 超时" };
}

type Fetched = { token: string; lifetimeMs: number };

async function fetchToken(cfg: Wechat, o: SendOptions): Promise<Fetched | DeliveryResult> {
  const url = `${wechatApiBase()}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(cfg.appId)}&secret=${encodeURIComponent(cfg.appSecret)}`;
  const answer = await request(url, { method: "GET" }, o);
  if (isResult(answer)) return answer;
  const token = field(answer.json, "access_token");
  const expiresIn = Number(field(answer.json, "expires_in"));
  if (typeof token === "string" && token && expiresIn > 0) return { token, lifetimeMs: expiresIn * 1000 };
  const code = Number(field(answer.json, "errcode"));
  // 40013 invalid appid, 40125 invalid appsecret, 40164 caller IP not whitelisted: the operator must fix it.
  return { ok: false, retry: WECHAT_RETRYABLE.has(code), error: `获取微信 access_token 失败：${code || `HTTP ${answer.status}`} ${String(field(answer.json, "errmsg") ?? "")}`.trim() };
}

/** Drops a token WeChat refused — only if it is still the stored one, so a fresh token is not thrown away. */
export async function invalidateToken(appId: string, token: string): Promise<void> {
  await rawDb().transaction(() => exec(q.updateTable("wechat_tokens").set({ token: null, expiresAt: null, updatedAt: new Date() }).where("appId", "=", appId).where("token", "=", token)));
}
