// Who clicked: the kind of client a short-link visit came from, and whether it was a person at all. Crawlers,
// link-preview fetchers (WeChat fetches a link's page to draw its card the moment it is pasted into a chat),
// prefetches and HEAD requests are recorded but counted apart, so a link shared in a big group is not credited
// with a "click" per member who merely saw its card.
import type { UaClass } from "../contracts/enums";

/** Crawlers and fetchers that say who they are. */
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|embedly|curl\/|wget\/|python-|go-http-client|okhttp|java\/|node-fetch|undici|axios|headless|lighthouse|monitor|pingdom|scrapy|httpclient|libwww|whatsapp|telegram|mpcrawler|yisou|sogou|baiduspider|bytespider|petalbot|360spider|wechat-?link/i;

/** WeChat's own clients: phones, and the desktop apps (WindowsWechat / MacWechat). */
const WECHAT_CLIENT = /iphone|ipad|android|windowswechat|macwechat/i;

export interface Visit {
  method: string;
  userAgent: string;
  /** `Purpose` / `Sec-Purpose`, as sent. */
  purpose: string | null;
}

export function isBotVisit(v: Visit): boolean {
  if (v.method === "HEAD") return true;
  if (v.purpose && /prefetch|prerender|preview/i.test(v.purpose)) return true;
  const ua = v.userAgent.trim();
  if (!ua) return true;
  if (BOT_UA.test(ua)) return true;
  // WeChat's link-preview fetcher runs on a server: a MicroMessenger agent with no phone or desktop client in it.
  return /micromessenger/i.test(ua) && !WECHAT_CLIENT.test(ua);
}

export function uaClassOf(v: Visit): UaClass {
  if (isBotVisit(v)) return "bot";
  const ua = v.userAgent;
  if (/micromessenger/i.test(ua)) return "wechat";
  if (/alipayclient|alipay/i.test(ua)) return "alipay";
  if (/iphone|ipad|ipod/i.test(ua)) return "ios";
  if (/android/i.test(ua)) return "android";
  if (/windows nt|macintosh|x11|linux x86_64|cros/i.test(ua)) return "desktop";
  return "other";
}

/** The referrer's host name only (the path may carry someone else's identifiers), or null. */
export function referrerHost(referer: string | null): string | null {
  if (!referer) return null;
  try {
    const host = new URL(referer).hostname.toLowerCase();
    return host ? host.slice(0, 253) : null;
  } catch {
    return null;
  }
}
