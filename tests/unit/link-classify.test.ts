// Who clicked a short link: client classes, and bots (crawlers, WeChat's link-preview fetcher, prefetches, HEAD).
import { describe, expect, it } from "vitest";
import { isBotVisit, referrerHost, uaClassOf } from "@/lib/links/classify";
import { CODE_PATTERN, isRedirectable, newCode } from "@/lib/links/codes";

const visit = (userAgent: string, method = "GET", purpose: string | null = null) => ({ userAgent, method, purpose });

describe("client classes", () => {
  it.each([
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI", "wechat"],
    ["Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47", "wechat"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13)", "wechat"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.5.0.6000", "alipay"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "ios"],
    ["Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "android"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15", "desktop"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "desktop"],
    ["SomeTV/1.0", "other"],
  ])("%s → %s", (ua, kind) => {
    expect(uaClassOf(visit(ua))).toBe(kind);
    expect(isBotVisit(visit(ua))).toBe(false);
  });
});

describe("bots and prefetches", () => {
  it.each([
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "Sogou web spider/4.0",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider)",
    "facebookexternalhit/1.1",
    "WhatsApp/2.23.20",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) MicroMessenger/8.0",
    "curl/8.5.0",
    "python-requests/2.31",
    "Go-http-client/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
    "",
    "   ",
  ])("%j", (ua) => {
    expect(isBotVisit(visit(ua))).toBe(true);
    expect(uaClassOf(visit(ua))).toBe("bot");
  });

  it("HEAD requests and prefetch / prerender hints, whoever sends them", () => {
    const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148 Safari/604.1";
    expect(isBotVisit(visit(phone, "HEAD"))).toBe(true);
    expect(isBotVisit(visit(phone, "GET", "prefetch"))).toBe(true);
    expect(isBotVisit(visit(phone, "GET", "prefetch;prerender"))).toBe(true);
    expect(isBotVisit(visit(phone, "GET", "preview"))).toBe(true);
    expect(isBotVisit(visit(phone, "GET", null))).toBe(false);
  });
});

describe("referrer and codes", () => {
  it("keeps the referrer's host only", () => {
    expect(referrerHost("https://mp.weixin.qq.com/s/abc?uid=123")).toBe("mp.weixin.qq.com");
    expect(referrerHost("HTTP://Example.COM:8080/x")).toBe("example.com");
    expect(referrerHost("not a url")).toBeNull();
    expect(referrerHost(null)).toBeNull();
  });

  it("makes 8-character base62 codes, evenly spread", () => {
    const codes = Array.from({ length: 5000 }, newCode);
    expect(codes.every((c) => CODE_PATTERN.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const c of codes) for (const ch of c) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 40,000 characters over 62: about 645 each; a biased alphabet would stray far beyond ±25 %.
    for (const n of counts.values()) expect(Math.abs(n - 40_000 / 62)).toBeLessThan(40_000 / 62 / 4);
  });

  it("gives short codes only to links a browser can open", () => {
    expect(isRedirectable("https://click.meituan.com/t?x=1")).toBe(true);
    expect(isRedirectable("imeituan://www.meituan.com/web?url=x")).toBe(true);
    expect(isRedirectable("/index/pages/h5/h5?weburl=x")).toBe(false);
    expect(isRedirectable("￥AbC123￥")).toBe(false);
    expect(isRedirectable("javascript:alert(1)")).toBe(false);
  });
});
