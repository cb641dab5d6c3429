// A stand-in for the WeChat 服务号 API (api.weixin.qq.com) and its web OAuth (open.weixin.qq.com), checking
// what WeChat checks: the appid and secret on /cgi-bin/token, tokens that expire (42001) or were never issued
// (40001), the template message's template_id, touser (a follower, else 43004) and data (exactly the template's
// fields, each `{value}` within its type's rule), and the single-use OAuth code exchanged for an openid.
import { randomBytes } from "node:crypto";
import { json, listen, type Listening } from "./listen";

export interface FakeTemplateMessage {
  touser: string;
  template_id: string;
  url: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechat extends Listening {
  /** /cgi-bin/token calls that issued a token. */
  tokenCalls: number;
  /** Tokens issued from now on say and last this long. */
  tokenLifetimeSeconds: number;
  /** Every issued token expires now (the next use answers 42001). */
  expireTokens(): void;
  /** A template the 服务号 has, with its data fields. */
  addTemplate(id: string, fields: string[]): void;
  /** A follower's openid. */
  follow(openId: string): void;
  unfollow(openId: string): void;
  /** A code WeChat would hand the OAuth redirect for this openid. */
  issueCode(openId: string): string;
  /** The openid the authorize page signs in as (simulating the member inside WeChat). */
  authorizeAs: string;
  messages: FakeTemplateMessage[];
  /** Template sends WeChat accepted, repeats of a client_msg_id included (those are not in `messages`). */
  accepted: number;
  /** Each template send is answered this much later (a slow WeChat, so that a sender can be killed mid-run). */
  sendDelayMs: number;
  refused: { reason: string; errcode: number }[];
}

const RULES: [RegExp, (v: string) => boolean][] = [
  [/^thing\d+$/, (v) => [...v].length >= 1 && [...v].length <= 20],
  [/^character_string\d+$/, (v) => /^[\w-]{1,32}$/.test(v)],
  [/^amount\d+$/, (v) => /^[¥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v)],
  [/^time\d+$/, (v) => /^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}$/.test(v)],
  [/^phrase\d+$/, (v) => [...v].length <= 5],
];

export async function startFakeWechat(opts: { appId: string; appSecret: string }): Promise<FakeWechat> {
  const tokens = new Map<string, number>(); // token → expires at (ms)
  const templates = new Map<string, string[]>();
  const followers = new Set<string>();
  const codes = new Map<string, string>();
  const used = new Set<string>();
  const state = { tokenCalls: 0, tokenLifetimeSeconds: 7200, authorizeAs: "", accepted: 0, sendDelayMs: 0 };
  const messages: FakeTemplateMessage[] = [];
  const refused: { reason: string; errcode: number }[] = [];
  const issueCode = (openId: string) => {
    const code = `code${randomBytes(8).toString("hex")}`;
    codes.set(code, openId);
    return code;
  };

  const server = await listen(async (req, raw, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.searchParams;
    const refuse = (errcode: number, errmsg: string) => {
      refused.push({ reason: errmsg, errcode });
      json(res, 200, { errcode, errmsg });
    };
    if (url.pathname === "/cgi-bin/token") {
      if (p.get("grant_type") !== "client_credential") return refuse(40002, "invalid grant_type");
      if (p.get("appid") !== opts.appId) return refuse(40013, "invalid appid");
      if (p.get("secret") !== opts.appSecret) return refuse(40125, "invalid appsecret");
      state.tokenCalls++;
      const token = `tok${state.tokenCalls}_${randomBytes(6).toString("hex")}`;
      tokens.set(token, Date.now() + state.tokenLifetimeSeconds * 1000);
      return json(res, 200, { access_token: token, expires_in: state.tokenLifetimeSeconds });
    }
    if (url.pathname === "/cgi-bin/message/template/send" && req.method === "POST") {
      const token = p.get("access_token") ?? "";
      const expires = tokens.get(token);
      if (expires === undefined) return refuse(40001, "invalid credential, access_token is invalid or not latest");
      if (expires < Date.now()) return refuse(42001, "access_token expired");
      let body: FakeTemplateMessage;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return refuse(47001, "data format error");
      }
      const fields = templates.get(body.template_id);
      if (!fields) return refuse(40037, "invalid template_id");
      if (typeof body.touser !== "string" || !followers.has(body.touser)) return refuse(43004, "require subscribe");
      if (typeof body.url !== "string" || !/^https?:\/\//.test(body.url)) return refuse(40066, "invalid url");
      const keys = Object.keys(body.data ?? {}).sort();
      if (JSON.stringify(keys) !== JSON.stringify([...fields].sort())) return refuse(47003, `argument invalid! data fields ${keys.join(",")} are not ${fields.join(",")}`);
      for (const k of keys) {
        const v = body.data[k]?.value;
        const rule = RULES.find(([re]) => re.test(k));
        if (typeof v !== "string" || (rule && !rule[1](v))) return refuse(47003, `argument invalid! data.${k}.value invalid`);
      }
      state.accepted++;
      if (state.sendDelayMs) await new Promise((r) => setTimeout(r, state.sendDelayMs));
      // As WeChat does: one message per (openid, client_msg_id) within 10 minutes; a repeat is answered ok, not sent.
      const dedupe = (body as { client_msg_id?: string }).client_msg_id;
      if (dedupe && messages.some((m) => m.touser === body.touser && (m as { client_msg_id?: string }).client_msg_id === dedupe)) {
        return json(res, 200, { errcode: 0, errmsg: "ok", msgid: messages.length });
      }
      messages.push(body);
      return json(res, 200, { errcode: 0, errmsg: "ok", msgid: messages.length });
    }
    if (url.pathname === "/sns/oauth2/access_token") {
      if (p.get("appid") !== opts.appId || p.get("secret") !== opts.appSecret) return refuse(40125, "invalid appsecret");
      if (p.get("grant_type") !== "authorization_code") return refuse(40002, "invalid grant_type");
      const code = p.get("code") ?? "";
      if (used.has(code)) return refuse(40163, "code been used");
      const openid = codes.get(code);
      if (!openid) return refuse(40029, "invalid code");
      used.add(code);
      return json(res, 200, { access_token: `web${randomBytes(6).toString("hex")}`, expires_in: 7200, refresh_token: "r", openid, scope: "snsapi_base" });
    }
    if (url.pathname === "/connect/oauth2/authorize") {
      if (p.get("appid") !== opts.appId || p.get("scope") !== "snsapi_base" || p.get("response_type") !== "code") return json(res, 400, { errmsg: "参数错误" });
      const back = new URL(p.get("redirect_uri") ?? "");
      back.searchParams.set("code", issueCode(state.authorizeAs));
      back.searchParams.set("state", p.get("state") ?? "");
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    json(res, 404, { errcode: 404, errmsg: "not found" });
  });

  return {
    ...server,
    get tokenCalls() {
      return state.tokenCalls;
    },
    get tokenLifetimeSeconds() {
      return state.tokenLifetimeSeconds;
    },
    set tokenLifetimeSeconds(s: number) {
      state.tokenLifetimeSeconds = s;
    },
    get authorizeAs() {
      return state.authorizeAs;
    },
    get accepted() {
      return state.accepted;
    },
    get sendDelayMs() {
      return state.sendDelayMs;
    },
    set sendDelayMs(ms: number) {
      state.sendDelayMs = ms;
    },
    set authorizeAs(o: string) {
      state.authorizeAs = o;
    },
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    addTemplate: (id, fields) => void templates.set(id, fields),
    follow: (o) => void followers.add(o),
    unfollow: (o) => void followers.delete(o),
    issueCode,
    messages,
    refused,
  };
}
