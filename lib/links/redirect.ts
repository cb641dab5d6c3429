// GET/HEAD /s/{code}: resolve the code, hand the click to the writer and redirect (302) to Meituan's link with
// the member's sid. The database is read only on a cache miss and never written on the request's path.
import type { NextRequest } from "next/server";
import { rawDb } from "../db";
import { shortLinkDisabledUrl } from "../env";
import { log } from "../log";
import { clientAddress } from "../net/client-address";
import { CODE_PATTERN } from "./codes";
import { isBotVisit, referrerHost, uaClassOf, type Visit } from "./classify";
import { resolveCode } from "./resolve";
import { ClickWriter } from "./writer";

const state = globalThis as unknown as { __cpsClickWriter?: ClickWriter };

/** The process's click writer (one per process: instrumentation and route bundles share it through globalThis). */
export const clickWriter = (): ClickWriter => (state.__cpsClickWriter ??= new ClickWriter(rawDb));

const NO_STORE = { "cache-control": "no-store, private", "referrer-policy": "no-referrer" };

function page(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f8fafc;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center}main{max-width:22rem;margin:1.5rem;padding:2rem 1.5rem;background:#fff;border-radius:1rem;box-shadow:0 1px 3px #0002;text-align:center}h1{font-size:1.15rem;margin:0 0 .75rem}p{color:#475569;line-height:1.6;margin:0 0 1.25rem}a{display:inline-block;padding:.6rem 1.4rem;border-radius:.5rem;background:#f59e0b;color:#fff;text-decoration:none}</style></head>
<body><main><h1>${title}</h1><p>${message}</p><a href="/">返回首页</a></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE } });
}

export const unknownCodePage = () => page(404, "链接不存在", "这个推广链接不存在或已失效，请向分享给你的朋友要一个新的链接。");

const redirect = (location: string) => new Response(null, { status: 302, headers: { location, ...NO_STORE } });

export async function shortLinkResponse(req: NextRequest, code: string): Promise<Response> {
  if (!CODE_PATTERN.test(code)) return unknownCodePage();
  let target;
  try {
    target = await resolveCode(code);
  } catch (e) {
    log.error("short link: lookup failed", { error: e instanceof Error ? e.message : String(e) });
    return page(503, "请稍后再试", "服务暂时繁忙，请稍后重新打开这个链接。");
  }
  if (!target) return unknownCodePage();
  // A disabled member's links lead somewhere neutral, never to their sid, and are not counted.
  if (target.disabled) return redirect(shortLinkDisabledUrl());
  const userAgent = (req.headers.get("user-agent") ?? "").slice(0, 512);
  const visit: Visit = { method: req.method, userAgent, purpose: req.headers.get("sec-purpose") ?? req.headers.get("purpose") };
  clickWriter().record({
    at: new Date(),
    code,
    memberId: target.memberId,
    activityId: target.activityId,
    linkType: target.linkType,
    uaClass: uaClassOf(visit),
    bot: isBotVisit(visit),
    referrerHost: referrerHost(req.headers.get("referer")),
    ip: clientAddress(req.headers),
    userAgent,
  });
  return redirect(target.url);
}
