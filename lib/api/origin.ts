// Cross-site request refusal for state-changing routes. SameSite cookies alone would leave a logged-in
// member's or admin's browser one form post away from a withdrawal or a role change: a request that a browser
// marks as coming from another site, or whose Origin is not this app, is refused before any work. Requests
// without either header (curl, server-to-server clients) are not browsers acting for a victim and pass.
import type { NextRequest } from "next/server";
import { ApiError } from "./errors";

const CROSS_SITE = new Set(["cross-site", "same-site"]);

/** The hosts this app answers as: the request's own Host, and NEXTAUTH_URL's (the public URL behind a proxy). */
function ownHosts(req: NextRequest): Set<string> {
  const hosts = new Set<string>();
  const host = req.headers.get("host");
  if (host) hosts.add(host.toLowerCase());
  hosts.add(req.nextUrl.host.toLowerCase());
  const publicUrl = process.env.NEXTAUTH_URL;
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host.toLowerCase());
    } catch {
      // lib/env.ts refuses a bad NEXTAUTH_URL at start-up
    }
  }
  return hosts;
}

function isForeignOrigin(origin: string, req: NextRequest): boolean {
  if (origin === "null") return true; // sandboxed frames, data: URLs, some cross-origin redirects
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  return !ownHosts(req).has(host);
}

/** The 403 for a request from another site, or null. */
export function crossSiteRefusal(req: NextRequest): ApiError | null {
  const site = req.headers.get("sec-fetch-site")?.trim().toLowerCase();
  const origin = req.headers.get("origin")?.trim();
  if ((site && CROSS_SITE.has(site)) || (origin !== undefined && origin !== "" && isForeignOrigin(origin, req))) {
    return new ApiError(403, "cross_site", "拒绝来自其他网站的请求");
  }
  return null;
}

/** application/json, with or without parameters (charset=utf-8). */
export const isJsonContentType = (value: string | null) => !!value && /^application\/json\s*(;|$)/i.test(value.trim());
