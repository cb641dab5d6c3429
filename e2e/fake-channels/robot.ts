// A stand-in for the three group-robot platforms. Each robot is a URL of its own platform's shape; the stand-in
// checks the body format each platform requires and, when the robot has a secret, the signature exactly as that
// platform computes it, and answers in that platform's words. A robot can be told to time out or to answer an error.
import { createHmac } from "node:crypto";
import type { RobotPlatform } from "@/lib/contracts/enums";
import { json, listen, type Listening } from "./listen";

export type RobotBehaviour = "ok" | "timeout" | "500" | { errcode: number; errmsg: string };

export interface FakeRobotMessage {
  platform: RobotPlatform;
  token: string;
  body: Record<string, unknown>;
  /** What the platform would show: the message's text. */
  text: string;
}

export interface FakeRobots extends Listening {
  /** Registers a robot; answers its webhook URL. */
  add(platform: RobotPlatform, token: string, secret?: string): string;
  behave(token: string, b: RobotBehaviour): void;
  messages: FakeRobotMessage[];
  /** Requests refused (bad format or signature), with the reason. */
  refused: { token: string; reason: string }[];
}

const PATHS: Record<RobotPlatform, RegExp> = {
  wecom: /^\/cgi-bin\/webhook\/send$/,
  dingtalk: /^\/robot\/send$/,
  feishu: /^\/open-apis\/bot\/v2\/hook\/([\w-]+)$/,
};

export async function startFakeRobots(): Promise<FakeRobots> {
  const robots = new Map<string, { platform: RobotPlatform; secret?: string; behaviour: RobotBehaviour }>();
  const messages: FakeRobotMessage[] = [];
  const refused: { token: string; reason: string }[] = [];

  const server = await listen(async (req, raw, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const platform = (Object.keys(PATHS) as RobotPlatform[]).find((p) => PATHS[p].test(url.pathname));
    const token = platform === "wecom" ? url.searchParams.get("key") : platform === "dingtalk" ? url.searchParams.get("access_token") : url.pathname.match(PATHS.feishu)?.[1];
    const robot = token ? robots.get(token) : undefined;
    if (!platform || !token || !robot || robot.platform !== platform) {
      if (platform === "feishu") return json(res, 200, { code: 19001, msg: "param invalid: incoming webhook access token invalid" });
      if (platform === "dingtalk") return json(res, 200, { errcode: 300001, errmsg: "token is not exist" });
      return json(res, 200, { errcode: 93000, errmsg: "invalid webhook url" });
    }
    if (robot.behaviour === "timeout") return; // never answers
    if (robot.behaviour === "500") return json(res, 502, { message: "bad gateway" });
    if (typeof robot.behaviour === "object") {
      const e = robot.behaviour;
      return json(res, 200, platform === "feishu" ? { code: e.errcode, msg: e.errmsg } : e);
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return json(res, 200, platform === "feishu" ? { code: 9499, msg: "Bad Request" } : { errcode: 40008, errmsg: "invalid message type" });
    }
    const refuse = (reason: string, answer: Record<string, unknown>) => {
      refused.push({ token, reason });
      json(res, 200, answer);
    };
    if (platform === "wecom") {
      const content = (body.markdown as { content?: unknown } | undefined)?.content;
      if (body.msgtype !== "markdown" || typeof content !== "string" || !content) return refuse("format", { errcode: 44004, errmsg: "empty content" });
      if (Buffer.byteLength(content) > 4096) return refuse("too long", { errcode: 40058, errmsg: "markdown.content exceed max length 4096" });
      messages.push({ platform, token, body, text: content });
      return json(res, 200, { errcode: 0, errmsg: "ok" });
    }
    if (platform === "dingtalk") {
      if (robot.secret) {
        const ts = Number(url.searchParams.get("timestamp"));
        const sign = url.searchParams.get("sign");
        const expected = createHmac("sha256", robot.secret).update(`${ts}\n${robot.secret}`).digest("base64");
        if (!Number.isFinite(ts) || Math.abs(Date.now() - ts) > 3600_000 || sign !== expected) return refuse("sign", { errcode: 310000, errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]" });
      }
      const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (body.msgtype !== "markdown" || typeof md?.title !== "string" || typeof md.text !== "string") return refuse("format", { errcode: 40035, errmsg: "缺少参数 markdown" });
      messages.push({ platform, token, body, text: md.text });
      return json(res, 200, { errcode: 0, errmsg: "ok" });
    }
    if (robot.secret) {
      const ts = Number(body.timestamp);
      const expected = createHmac("sha256", `${body.timestamp}\n${robot.secret}`).update("").digest("base64");
      if (typeof body.timestamp !== "string" || Math.abs(Date.now() / 1000 - ts) > 3600 || body.sign !== expected) return refuse("sign", { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" });
    }
    const post = (body.content as { post?: { zh_cn?: { title?: unknown; content?: unknown } } } | undefined)?.post?.zh_cn;
    if (body.msg_type !== "post" || typeof post?.title !== "string" || !Array.isArray(post.content)) return refuse("format", { code: 9499, msg: "Bad Request" });
    const text = [post.title, ...(post.content as { tag: string; text?: string; href?: string }[][]).map((line) => line.map((t) => (t.tag === "a" ? `${t.text}(${t.href})` : t.text)).join(""))].join("\n");
    messages.push({ platform, token, body, text });
    return json(res, 200, { code: 0, msg: "success", data: {} });
  });

  return {
    ...server,
    messages,
    refused,
    add(platform, token, secret) {
      robots.set(token, { platform, secret, behaviour: "ok" });
      if (platform === "wecom") return `${server.base}/cgi-bin/webhook/send?key=${token}`;
      if (platform === "dingtalk") return `${server.base}/robot/send?access_token=${token}`;
      return `${server.base}/open-apis/bot/v2/hook/${token}`;
    },
    behave(token, b) {
      const r = robots.get(token);
      if (r) r.behaviour = b;
    },
  };
}
